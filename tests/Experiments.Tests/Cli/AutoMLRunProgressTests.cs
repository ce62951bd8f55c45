using System.Globalization;

namespace MarketLab.Experiments.Tests.Cli;

/// <summary>An automl candidate inside <c>marketlab run</c> with output to a log (not a terminal) prints its columns and its trials (issue 16).</summary>
public sealed class AutoMLRunProgressTests
{
    [Fact]
    public void An_automl_candidate_in_a_logged_run_prints_its_columns_and_a_line_per_trial()
    {
        using var cli = new CliRunner();
        var random = new Random(3);
        var rows = Enumerable.Range(0, 120).Select(i =>
        {
            double x = random.NextDouble();
            return string.Create(CultureInfo.InvariantCulture, $"{x:F3},{(i % 3 == 0 ? "north" : "south")},{(x + random.NextDouble() * 0.3 > 0.6 ? "yes" : "no")}");
        });
        var (exit, output, error) = RunSpec(cli, "automl-progress", "x,shop,bought", rows, "trials: 5, trainers: LbfgsLogisticRegression, folds: 0");
        Assert.True(exit == 0, output + error);
        var lines = output.Split('\n');
        Assert.Contains(lines, l => l.Contains("automl: columns: x: numeric", StringComparison.Ordinal) && l.Contains("shop: categorical, one-hot (2 values)", StringComparison.Ordinal));
        var trials = lines.Where(l => l.Contains("automl: trial ", StringComparison.Ordinal)).ToArray();
        // Five trials are five tenths apart or more: one line each, in order, with the learner and the best so far.
        Assert.Equal(5, trials.Length);
        for (int i = 0; i < 5; i++) Assert.Contains($"trial {i + 1}/5: LbfgsLogisticRegression", trials[i]);
        Assert.Matches(@"in \d+\.\d s; best [01]\.\d{4} \(LbfgsLogisticRegression\)$", trials[^1].TrimEnd());
    }

    [Fact]
    public void A_spec_candidate_with_validation_groups_keeps_a_customers_rows_together_and_says_so_in_the_log_and_the_report()
    {
        using var cli = new CliRunner();
        var random = new Random(4);
        var rows = Enumerable.Range(0, 160).Select(i =>
        {
            double x = random.NextDouble();
            return string.Create(CultureInfo.InvariantCulture, $"c{i % 20},{x:F3},{(x + random.NextDouble() * 0.3 > 0.6 ? "yes" : "no")}");
        });
        var (exit, output, error) = RunSpec(cli, "automl-groups", "customer,x,bought", rows, "trials: 2, trainers: LbfgsLogisticRegression, folds: 0, validation_groups: customer");
        Assert.True(exit == 0, output + error);
        Assert.Contains("automl: Validation splits by 'customer': each of its 20 values stays in one fold; the column is not a feature.", output);
        var reports = Directory.GetFiles(cli.PathOf("artifacts"), "*.html", SearchOption.AllDirectories);
        Assert.Contains(reports, r => File.ReadAllText(r).Contains("Validation splits by", StringComparison.Ordinal));
    }

    // A tabular spec over the CSV rows (label `bought`, a quarter held out) with one automl candidate of these parameters, run with output to a log.
    private static (int Exit, string Output, string Error) RunSpec(CliRunner cli, string name, string header, IEnumerable<string> rows, string parameters)
    {
        string csv = cli.WriteFile("rows.csv", header + "\n" + string.Join('\n', rows) + "\n");
        string spec = cli.WriteFile("spec.yaml", $$$"""
            name: {{{name}}}
            task: tabular_classification
            seed: 2
            dataset:
              path: {{{csv}}}
              split: 0.25
              parameters: {label: bought}
            candidates:
              - {name: automl, kind: automl, parameters: {{{{parameters}}}}}
            """);
        return cli.Run("run", spec, "--store", cli.PathOf("runs.db"), "--artifacts", cli.PathOf("artifacts"));
    }
}
