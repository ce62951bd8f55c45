using System.CommandLine;
using MarketLab.Evaluation.Data;
using MarketLab.Experiments.Reports;
using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Store;
using Spectre.Console;

namespace MarketLab.Cli.Runs;

/// <summary>
/// <c>marketlab run SPEC</c>: runs every candidate of a spec (resuming an unfinished run of the same spec), stores
/// each in the SQLite run store as it finishes, and writes metrics.json and report.html. Exit codes: 0 all
/// candidates completed, 1 some failed, 2 invalid input (spec, dataset, paths).
/// </summary>
internal static class RunCommand
{
    public const int InputError = 2;

    internal static readonly Option<string> StorePath = new("--store") { Description = "SQLite run store.", DefaultValueFactory = _ => Path.Combine("artifacts", "runs.db") };
    private static readonly Argument<string> Spec = new("spec") { Description = "Experiment spec (YAML), e.g. experiments/ci/campaign-ab.yaml." };
    private static readonly Option<string> Artifacts = new("--artifacts") { Description = "Artifacts root (default: the spec's output.dir)." };
    private static readonly Option<bool> Fresh = new("--new") { Description = "Start a new run even if an unfinished run of this spec exists." };

    public static Command Create()
    {
        var command = new Command("run", "Run an experiment spec: every candidate, a run store entry, metrics.json and an HTML report.");
        command.Arguments.Add(Spec);
        foreach (Option option in new Option[] { StorePath, Artifacts, Fresh }) command.Options.Add(option);
        command.SetAction((parseResult, cancellationToken) => Guarded("run", parseResult, () =>
        {
            var spec = SpecLoader.Load(parseResult.GetValue(Spec)!);
            return Execute(spec, parseResult.GetValue(StorePath)!, parseResult.GetValue(Artifacts), !parseResult.GetValue(Fresh),
                parseResult.InvocationConfiguration.Output, cancellationToken);
        }));
        return command;
    }

    /// <summary>Runs a loaded spec and prints where the report is (shared with <c>quickstart</c>).</summary>
    public static async Task<int> Execute(ExperimentSpec spec, string storePath, string? artifacts, bool resume, TextWriter output, CancellationToken cancellationToken)
    {
        var console = CliConsole.For(output);
        using var store = RunStore.Open(storePath);
        var runner = new ExperimentRunner(store);
        var options = new RunOptions { ArtifactsRoot = artifacts, Resume = resume };
        RunResult result;
        if (console.Profile.Capabilities.Interactive)
            result = await console.Progress().AutoClear(false).StartAsync(ctx => runner.RunWithReportAsync(spec, options, new ConsoleRunObserver(console, ctx), cancellationToken));
        else
            result = await runner.RunWithReportAsync(spec, options, new ConsoleRunObserver(console, null), cancellationToken);

        console.MarkupLine($"Run {Markup.Escape(result.Run.Id)}: {result.Run.Status.ToString().ToLowerInvariant()}.");
        console.WriteLine($"Metrics: {result.MetricsPath}");
        if (result.ReportPath is not null) console.WriteLine($"Report:  {result.ReportPath}");
        return result.Run.Status == RunStatus.Completed ? 0 : 1;
    }

    /// <summary>Runs an action; input errors become one line on stderr and exit code 2.</summary>
    internal static async Task<int> Guarded(string verb, ParseResult parseResult, Func<Task<int>> action)
    {
        TextWriter error = parseResult.InvocationConfiguration.Error;
        try
        {
            return await action();
        }
        catch (Exception e) when (e is SpecException or FileNotFoundException or DirectoryNotFoundException or CsvFormatException
            or ArgumentException or FormatException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            error.WriteLine($"marketlab {verb}: {e.Message}");
            return InputError;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine($"marketlab {verb}: cancelled; run the same command again to resume.");
            return 130;
        }
        catch (Exception e)
        {
            error.WriteLine($"marketlab {verb}: unexpected {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
