using Spectre.Console;

namespace MarketLab.Cli;

/// <summary>A Spectre console on the process console, or a plain, wide, non-interactive one over a writer (tests, pipes).</summary>
internal static class CliConsole
{
    public static IAnsiConsole For(TextWriter output)
    {
        if (ReferenceEquals(output, Console.Out))
        {
            if (Console.IsOutputRedirected) AnsiConsole.Console.Profile.Width = 160;
            return AnsiConsole.Console;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        return console;
    }
}
