using System.CommandLine;
using Mpath.Cli;

return MpathCommandLine.Run(args, Console.Out, Console.Error);
