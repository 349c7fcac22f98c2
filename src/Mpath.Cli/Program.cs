using Mpath.Cli;
using Mpath.Cli.DropIn;

// One binary, three names: installed as multipath and multipathd (symlinks) it behaves like those programs.
return InvocationName.Current() switch
{
    "multipathd" => MultipathdDropIn.Run("multipathd", args, Console.Out, Console.Error),
    "multipath" => MultipathDropIn.Run("multipath", args, Console.Out, Console.Error),
    // mpath -k'CMD' / mpath -k: multipathd's client shorthand, kept for fingers used to it.
    _ when args.Length > 0 && args[0].StartsWith("-k", StringComparison.Ordinal) => MultipathdDropIn.Run("mpath", args, Console.Out, Console.Error),
    _ => MpathCommandLine.Run(args, Console.Out, Console.Error),
};
