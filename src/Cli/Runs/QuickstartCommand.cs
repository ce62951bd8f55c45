using System.CommandLine;
using MarketLab.Experiments.Runs;

namespace MarketLab.Cli.Runs;

/// <summary>
/// <c>marketlab quickstart</c>: runs three small built-in specs on generated data — an A/B test on a seeded unit log,
/// uplift targeting (T-learner, X-learner and random) on the campaign simulator and an AutoML text classifier on
/// generated review sentences — and prints the report paths. Well under a minute on 2 cores.
/// </summary>
internal static class QuickstartCommand
{
    internal const string AbSpec = """
        name: quickstart-ab
        description: A/B test on a generated log of 20,000 users; arm b converts better, arm c is an A/A copy of control.
        task: ab_test
        seed: 42
        dataset:
          name: synthetic:ab_units?units=20000&seed=42
        candidates:
          - name: frequentist_cuped
            kind: ab
            parameters: {method: frequentist, cuped: true}
          - name: bayesian
            kind: ab
            parameters: {method: bayesian, cuped: false}
        evaluation:
          metrics: [conversion:proportion:converted, revenue:mean, ctr:ratio:clicks/impressions]
          covariates: [conversion=converted_pre, revenue=revenue_pre, ctr=clicks_pre/impressions_pre]
          guardrails: [ctr]
          arm_column: arm
          control: control
          alpha: 0.05
          correction: holm
        """;

    internal const string UpliftSpec = """
        name: quickstart-uplift
        description: Whom to send a coupon? Uplift models on a simulated campaign with known individual effects.
        task: uplift
        seed: 7
        dataset:
          name: synthetic:campaign?customers=12000&seed=7
          split: 0.4
        candidates:
          - {kind: t_learner, parameters: {trees: 40, leaves: 8}}
          - {kind: x_learner, parameters: {trees: 40, leaves: 8}}
          - {kind: random}
        evaluation:
          margin: 30
          contact_cost: 0.5
        """;

    internal const string TextSpec = """
        name: quickstart-reviews
        description: Review sentiment with an AutoML text classifier on 600 generated review sentences (10% of labels flipped).
        task: text_classification
        seed: 5
        dataset:
          name: synthetic:reviews?rows=600&seed=5
          split: 0.3
        candidates:
          - name: automl
            kind: automl
            parameters: {trials: 4, tuner: smac, trainers: "LightGbm, LbfgsLogisticRegression", folds: 0, primary: accuracy}
        """;

    private static readonly Option<string> Artifacts = new("--artifacts") { Description = "Artifacts root.", DefaultValueFactory = _ => "artifacts" };

    public static Command Create()
    {
        var command = new Command("quickstart", "Run a small built-in A/B test, uplift experiment and AutoML text classifier on generated data and print the reports' paths.");
        command.Options.Add(RunCommand.StorePath);
        command.Options.Add(Artifacts);
        command.SetAction((parseResult, cancellationToken) => RunCommand.Guarded("quickstart", parseResult, async () =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            int exit = 0;
            foreach (var (name, text) in new[] { ("quickstart-ab.yaml", AbSpec), ("quickstart-uplift.yaml", UpliftSpec), ("quickstart-reviews.yaml", TextSpec) })
            {
                var spec = SpecLoader.Parse(text, name);
                exit = Math.Max(exit, await RunCommand.Execute(spec, parseResult.GetValue(RunCommand.StorePath)!, parseResult.GetValue(Artifacts), resume: false, output, cancellationToken));
            }
            output.WriteLine("Next: write your own spec (docs/runs.md), e.g. marketlab run experiments/ci/campaign-ab.yaml");
            return exit;
        }));
        return command;
    }
}
