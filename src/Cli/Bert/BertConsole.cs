using MarketLab.Experiments;
using MarketLab.Experiments.Runs;
using Spectre.Console;

namespace MarketLab.Cli.Bert;

/// <summary>
/// Progress of <c>bert train|pretrain</c>: a Spectre.Console bar (steps, loss, samples/s) when stdout is an interactive
/// terminal, else one plain line per report (logs, pipes, tests).
/// </summary>
internal static class BertConsole
{
    /// <param name="output">The command's output (the process console gets the bar).</param>
    /// <param name="line">The text of a report (plain-line mode, and the bar's description).</param>
    /// <param name="position">(steps done, total steps) of a report, or null for reports that do not move the bar.</param>
    /// <param name="run">Starts the work with the progress sink to report to.</param>
    public static async Task<TResult> RunWithProgress<TProgress, TResult>(
        TextWriter output, Func<TProgress, string> line, Func<TProgress, (double Done, double Total)?> position, Func<IProgress<TProgress>, Task<TResult>> run)
    {
        IAnsiConsole console = CliConsole.For(output);
        if (!console.Profile.Capabilities.Interactive || Console.IsOutputRedirected || !ReferenceEquals(output, Console.Out))
            return await run(new SynchronousProgress<TProgress>(p => output.WriteLine(line(p))));

        TResult result = default!;
        await console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask bar = context.AddTask("starting", maxValue: 1);
                result = await run(new SynchronousProgress<TProgress>(p =>
                {
                    if (position(p) is (double done, double total))
                    {
                        bar.MaxValue = Math.Max(1, total);
                        bar.Value = done;
                    }

                    bar.Description = Markup.Escape(line(p));
                }));
            });
        return result;
    }
}
