using System.CommandLine;
using System.Globalization;
using MarketLab.Experiments.Runs;
using Spectre.Console;

namespace MarketLab.Cli.Runs;

/// <summary>
/// <c>marketlab compare A B [--tolerance 0.01]</c>: A and B are run ids (or prefixes) in the store, or paths to
/// metrics.json files (a committed baseline). Exit 0 when no metric moved beyond the tolerance, 1 when one did
/// (or a metric exists on one side only), 2 on input errors.
/// </summary>
internal static class CompareCommand
{
    public const int Moved = 1;

    private static readonly Argument<string> Before = new("baseline") { Description = "Run id, or a metrics.json file." };
    private static readonly Argument<string> After = new("candidate") { Description = "Run id, or a metrics.json file." };
    private static readonly Option<double> Tolerance = new("--tolerance")
    {
        Description = "A metric moved when |B − A| > tolerance × max(1, |A|).", DefaultValueFactory = _ => 0.01,
    };

    public static Command Create()
    {
        var command = new Command("compare", "Compare two runs' metrics; exit 1 when a metric moved beyond the tolerance.");
        command.Arguments.Add(Before);
        command.Arguments.Add(After);
        command.Options.Add(Tolerance);
        command.Options.Add(RunCommand.StorePath);
        command.SetAction((parseResult, _) => RunCommand.Guarded("compare", parseResult, () =>
        {
            double tolerance = parseResult.GetValue(Tolerance);
            if (!(tolerance >= 0) || double.IsInfinity(tolerance))
                throw new ArgumentException($"--tolerance: {tolerance.ToString(CultureInfo.InvariantCulture)} must be a finite number >= 0, e.g. 0.01");
            string storePath = parseResult.GetValue(RunCommand.StorePath)!;
            var a = Load(parseResult.GetValue(Before)!, storePath);
            var b = Load(parseResult.GetValue(After)!, storePath);
            var changes = RunComparison.Compare(a, b, tolerance);
            var console = CliConsole.For(parseResult.InvocationConfiguration.Output);
            var moved = changes.Where(c => c.Moved).ToList();
            if (moved.Count == 0)
            {
                console.WriteLine($"No metric moved beyond tolerance {tolerance.ToString(CultureInfo.InvariantCulture)} ({changes.Count} compared).");
                return Task.FromResult(0);
            }
            var table = new Table().AddColumns("candidate", "metric", "baseline", "candidate run", "change");
            foreach (var c in moved)
                table.AddRow(Markup.Escape(c.Candidate), Markup.Escape(c.Metric), Format(c.Before), Format(c.After),
                    c.Before is { } x && c.After is { } y ? (y - x).ToString("+0.####;-0.####", CultureInfo.InvariantCulture) : "missing");
            console.Write(table);
            console.WriteLine($"{moved.Count} of {changes.Count} metrics moved beyond tolerance {tolerance.ToString(CultureInfo.InvariantCulture)}.");
            return Task.FromResult(Moved);
        }));
        return command;
    }

    private static SortedDictionary<string, SortedDictionary<string, double>> Load(string reference, string storePath)
    {
        if (File.Exists(reference)) return MetricsFile.Read(reference);
        if (reference.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) throw new FileNotFoundException($"{reference} does not exist", reference);
        using var store = RunsCommand.OpenExisting(storePath);
        var run = store.FindRun(reference) ?? throw new ArgumentException($"'{reference}' is neither a metrics.json file nor a run in {storePath}; see marketlab runs list");
        return MetricsFile.From(store.Candidates(run.Id));
    }

    private static string Format(double? v) => v?.ToString("G6", CultureInfo.InvariantCulture) ?? "missing";
}
