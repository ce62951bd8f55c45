using MarketLab.Experiments;
using System.Globalization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Tuners;
using MarketLab.Experiments.Runs;
using Microsoft.ML;
using Spectre.Console;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Cli.AutoML;

/// <summary>Live progress (trials done, best so far, time left) and the final leaderboard, on Spectre.Console.</summary>
internal static class AutoMLConsole
{
    public static IAnsiConsole For(TextWriter output) => CliConsole.For(output);

    /// <summary>Where status lines from outside the trials go (<see cref="AutoMLExperimentOptions.Log"/>); redirectable while a run shows a bar.</summary>
    public sealed class StatusSink(Action<string> target)
    {
        private volatile Action<string> _target = target;

        public Action<string> Target { get => _target; set => _target = value; }

        public void Write(string line) => _target(line);
    }

    public static async Task<AutoMLResult> RunWithProgress(IAnsiConsole console, AutoMLExperiment experiment, IDataView data,
        IReadOnlyDictionary<string, ColumnKind> kinds, CancellationToken cancellationToken, StatusSink? status = null)
    {
        var budget = experiment.Options.TimeBudget.TotalSeconds;
        if (!console.Profile.Capabilities.Interactive)
        {
            // Logs and tests: one line per finished trial.
            var lines = new SynchronousProgress<AutoMLProgress>(p => console.WriteLine(Line(p)));
            return await experiment.RunAsync(data, lines, cancellationToken, kinds);
        }

        AutoMLResult? result = null;
        await console.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("starting", maxValue: budget);
                var plain = status?.Target;
                if (status is not null) status.Target = line => bar.Description = Markup.Escape(line);
                result = await experiment.RunAsync(data, new SynchronousProgress<AutoMLProgress>(p =>
                {
                    bar.Description = Markup.Escape(Line(p));
                    bar.Value = Math.Min(budget, p.Elapsed.TotalSeconds);
                }), cancellationToken, kinds);
                bar.Value = budget;
                if (status is not null && plain is not null) status.Target = plain;
            });
        return result!;
    }

    /// <summary>The kind decided for each feature column, one line each, before the search starts (terminal and logs alike).</summary>
    public static void RenderColumns(IAnsiConsole console, IReadOnlyList<InferredColumn> columns, string? groupColumn = null)
    {
        console.WriteLine($"Columns ({columns.Count}; set a kind with --column NAME:KIND):");
        foreach (var column in columns)
            console.WriteLine("  " + (column.Name == groupColumn ? $"{column.Name}: validation groups (--validation-groups), not a feature" : column.Describe()));
    }

    /// <summary>How free text is featurized, and, with embeddings, how many texts the encoder embeds before the first trial.</summary>
    public static void RenderTextFeatures(IAnsiConsole console, IReadOnlyList<InferredColumn> columns, AutoMLExperimentOptions options)
    {
        var text = columns.Where(c => c.Kind == Experiments.Data.Tabular.ColumnKind.Text).ToArray();
        if (text.Length == 0) return;
        var names = string.Join(", ", text.Select(c => c.Name));
        if (options.TextEmbeddings is not { } embeddings)
        {
            console.WriteLine($"Text ({names}): TF-IDF word and character n-grams, tuned (--text-features both adds a pretrained encoder's sentence embedding beside them; docs/automl.md).");
            return;
        }

        var how = options.TextEmbeddingsWithNgrams ? "beside the tuned TF-IDF n-grams" : "instead of n-grams";
        console.WriteLine($"Text ({names}): {embeddings.Model} sentence embeddings {how}; up to {text.Sum(c => c.Distinct):N0} distinct texts are embedded (ONNX Runtime) before the first trial, on the time budget.");
    }

    public static void RenderLeaderboard(IAnsiConsole console, AutoMLResult result)
    {
        var failed = result.Trials.Count(t => t.Status == TrialStatus.Failed);
        var table = new Table().Title($"Leaderboard ({result.Metric}, {result.Trials.Count} trials, {failed} failed{(result.Cancelled ? ", cancelled" : "")})");
        foreach (var column in new[] { "Rank", "Trial", "Learner", result.Metric.ToString(), "Seconds", "Parameters" }) table.AddColumn(column);
        var rank = 0;
        foreach (var t in result.Leaderboard.Take(10))
            table.AddRow((++rank).ToString(CultureInfo.InvariantCulture), t.Id.ToString(CultureInfo.InvariantCulture), t.Learner,
                F(t.Metric), t.DurationSeconds.ToString("0.00", CultureInfo.InvariantCulture), Markup.Escape(Shorten(t.Parameters.ToString())));
        console.Write(table);
    }

    private static string Line(AutoMLProgress p) =>
        $"trial {p.Trial.Id} {p.Trial.Learner} {(p.Trial.Status == TrialStatus.Succeeded ? F(p.Trial.Metric) : "failed: " + p.Trial.Error)}; " +
        $"{p.TrialsDone} done; best {(p.Best is null ? "-" : $"{F(p.Best.Metric)} ({p.Best.Learner})")}; {p.Remaining.TotalSeconds:0}s left";

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Shorten(string s) => s.Length <= 90 ? s : s[..87] + "...";
}
