using System.CommandLine;
using MarketLab.Experiments.Reports;
using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Store;
using Spectre.Console;

namespace MarketLab.Cli.Runs;

/// <summary><c>marketlab runs list</c>, <c>runs show RUN</c> and <c>runs report RUN</c>: what the run store holds, and its report rendered again.</summary>
internal static class RunsCommand
{
    private static readonly Option<string> ReportOut = new("--out") { Description = "Where to write the report (default artifacts/RUN/report.html)." };
    private static readonly Argument<string> RunId = new("run") { Description = "Run id (or a unique prefix of it)." };

    public static Command Create()
    {
        var runs = new Command("runs", "List and inspect runs in the run store.");
        var list = new Command("list", "List runs, newest first.");
        list.Options.Add(RunCommand.StorePath);
        list.SetAction((parseResult, _) => RunCommand.Guarded("runs list", parseResult, () =>
        {
            var console = CliConsole.For(parseResult.InvocationConfiguration.Output);
            using var store = OpenExisting(parseResult.GetValue(RunCommand.StorePath)!);
            var table = new Table().AddColumns("run", "spec", "status", "candidates", "started (UTC)", "commit");
            foreach (var run in store.ListRuns())
            {
                var candidates = store.Candidates(run.Id);
                table.AddRow(Markup.Escape(run.Id), Markup.Escape(run.Name), run.Status.ToString().ToLowerInvariant(),
                    $"{candidates.Count(c => c.Status == CandidateStatus.Completed)}/{SpecLoader.Parse(run.SpecText, run.SpecPath ?? run.Name).Candidates.Count}",
                    run.StartedAt.ToString("yyyy-MM-dd HH:mm:ss"), Markup.Escape(run.GitCommit is { Length: > 12 } g ? g[..12] : run.GitCommit ?? "–"));
            }
            console.Write(table);
            return Task.FromResult(0);
        }));

        var show = new Command("show", "Show one run: environment and every candidate's metrics.");
        show.Arguments.Add(RunId);
        show.Options.Add(RunCommand.StorePath);
        show.SetAction((parseResult, _) => RunCommand.Guarded("runs show", parseResult, () =>
        {
            var console = CliConsole.For(parseResult.InvocationConfiguration.Output);
            using var store = OpenExisting(parseResult.GetValue(RunCommand.StorePath)!);
            string id = parseResult.GetValue(RunId)!;
            var run = store.FindRun(id) ?? throw new ArgumentException($"no run '{id}' in {store.Path}; see marketlab runs list");
            console.WriteLine($"Run {run.Id} ({run.Name}): {run.Status.ToString().ToLowerInvariant()}");
            console.WriteLine($"  spec {run.SpecPath ?? "(inline)"}, SHA-256 {run.SpecSha256}, seed {run.Seed}");
            console.WriteLine($"  commit {run.GitCommit ?? "–"}, started {run.StartedAt:u}, ended {(run.EndedAt is { } e ? e.ToString("u") : "–")}");
            console.WriteLine($"  hardware: {string.Join(", ", run.Hardware.Select(h => $"{h.Key}={h.Value}"))}");
            var table = new Table().AddColumns("candidate", "kind", "status", "duration (s)", "metric", "value");
            foreach (var c in store.Candidates(run.Id))
            {
                var metrics = c.Outcome?.Metrics.ToList() ?? [];
                string error = c.Error is null ? "" : Markup.Escape(c.Error);
                if (metrics.Count == 0) table.AddRow(Markup.Escape(c.Name), Markup.Escape(c.Kind), c.Status.ToString().ToLowerInvariant(), $"{c.DurationSeconds:F2}", error, "");
                for (int i = 0; i < metrics.Count; i++)
                    table.AddRow(i == 0 ? Markup.Escape(c.Name) : "", i == 0 ? Markup.Escape(c.Kind) : "", i == 0 ? c.Status.ToString().ToLowerInvariant() : "",
                        i == 0 ? $"{c.DurationSeconds:F2}" : "", Markup.Escape(metrics[i].Key), metrics[i].Value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture));
            }
            console.Write(table);
            return Task.FromResult(0);
        }));
        var report = new Command("report", "Render a stored run's HTML report again from the run store alone.");
        report.Arguments.Add(RunId);
        report.Options.Add(RunCommand.StorePath);
        report.Options.Add(ReportOut);
        report.SetAction((parseResult, _) => RunCommand.Guarded("runs report", parseResult, () =>
        {
            using var store = OpenExisting(parseResult.GetValue(RunCommand.StorePath)!);
            string id = parseResult.GetValue(RunId)!;
            RunRecord run = store.FindRun(id) ?? throw new ArgumentException($"no run '{id}' in {store.Path}; see marketlab runs list");
            string output = parseResult.GetValue(ReportOut) ?? Path.Combine("artifacts", run.Id, RunReport.FileName);
            parseResult.InvocationConfiguration.Output.WriteLine($"Report:  {RunReport.Rerender(store, run.Id, output)}");
            return Task.FromResult(0);
        }));
        runs.Subcommands.Add(list);
        runs.Subcommands.Add(show);
        runs.Subcommands.Add(report);
        return runs;
    }

    internal static RunStore OpenExisting(string path) =>
        File.Exists(path) ? RunStore.Open(path) : throw new FileNotFoundException($"no run store at {path}; run a spec first (marketlab run SPEC) or pass --store", path);
}
