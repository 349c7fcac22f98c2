using System.CommandLine;

namespace Mpath.Cli.Tests.Commands;

/// <summary>Runs one command (built with fakes) under a root, the way MpathCommandLine.Run does.</summary>
internal static class CommandRunner
{
    public static (int Code, string Out, string Err) Run(Command command, params string[] args)
    {
        var root = new RootCommand("test") { command };
        var output = new StringWriter();
        var error = new StringWriter();
        var parse = root.Parse(args, new ParserConfiguration());
        if (parse.Errors.Count > 0)
        {
            return (ExitCodes.Usage, "", string.Join("\n", parse.Errors.Select(e => e.Message)));
        }
        var code = parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }
}
