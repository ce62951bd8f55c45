using MarketLab.Experiments.AutoML.Runner;
using Microsoft.ML;

namespace MarketLab.Experiments.Tests.AutoML;

/// <summary>
/// <see cref="AutoMLExperimentOptions.Folds"/> left unset: five folds for small data without free text, the holdout for
/// text or for 20,000 rows and more; an explicit value always wins. The measurement behind the rule (online shoppers:
/// holdout 0.9322-0.9324 test AUC, five folds 0.9334-0.9337) is in docs/benchmarks.md.
/// </summary>
public sealed class ValidationChoiceTests
{
    private static AutoMLExperimentOptions Options() => ValidationGroupsTests.Options();

    [Theory]
    [InlineData(null, false, 300, 5)]
    [InlineData(null, false, 19_999, 5)]
    [InlineData(null, false, 20_000, 0)] // large enough for a holdout of 4,000 rows
    [InlineData(null, true, 300, 0)]     // free text: featurized once per fold, so the holdout
    [InlineData(0, false, 300, 0)]       // explicit holdout
    [InlineData(3, true, 300_000, 3)]    // explicit folds
    public void Unset_folds_choose_cross_validation_only_for_small_data_without_free_text(int? folds, bool freeText, int rows, int expected) =>
        Assert.Equal(expected, AutoMLExperimentOptions.ChooseFolds(folds, freeText, rows));

    [Fact]
    public void Small_tabular_data_is_cross_validated_on_five_stratified_folds_and_says_why()
    {
        var (data, kinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 300, seed: 2));

        var workbench = TrialWorkbench.Prepare(Options(), data, kinds);

        Assert.Equal(5, workbench.Folds.Count);
        Assert.Equal(Enumerable.Range(0, 300), workbench.Folds.SelectMany(f => f.Validation).Order()); // each row validated once
        foreach (var (train, validation) in workbench.Folds)
        {
            Assert.Equal(60, validation.Length);
            Assert.Empty(train.Intersect(validation));
        }

        Assert.Equal("Validation: 5-fold cross-validation, chosen automatically (300 rows without free text, under 20,000); folds 0 validates on a holdout instead.",
            workbench.Validation);
    }

    [Fact]
    public void Free_text_keeps_the_holdout_and_an_explicit_setting_is_named_as_such()
    {
        var (text, textKinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 300, seed: 2, text: true));
        var (tabular, tabularKinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 300, seed: 2));

        var automatic = TrialWorkbench.Prepare(Options(), text, textKinds);
        var holdout = TrialWorkbench.Prepare(Options() with { Folds = 0 }, tabular, tabularKinds);
        var three = TrialWorkbench.Prepare(Options() with { Folds = 3 }, text, textKinds);

        var (_, validation) = Assert.Single(automatic.Folds);
        Assert.InRange(validation.Length, 58, 62); // 20% of each class
        Assert.Equal("Validation: a 20% holdout, chosen automatically (the data has a free-text column, featurized once per fold); folds 5 cross-validates instead.",
            automatic.Validation);
        Assert.Single(holdout.Folds);
        Assert.Equal("Validation: a 20% holdout (folds 0).", holdout.Validation);
        Assert.Equal(3, three.Folds.Count);
        Assert.Equal("Validation: 3-fold cross-validation (folds 3).", three.Validation);
    }

    [Fact]
    public async Task The_run_logs_the_choice_before_the_first_trial_and_reports_it()
    {
        var (data, kinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 300, seed: 3));
        var lines = new List<string>();
        var options = Options() with { Log = line => { lock (lines) lines.Add(line); } };

        var result = await new MLContext(0).Auto().CreateExperiment(options).RunAsync(data, null, default, kinds);

        Assert.StartsWith("Validation: 5-fold cross-validation", result.Validation);
        Assert.Equal(result.Validation, lines[0]);
        var best = result.Best!;
        Assert.Equal(5, best.FoldMetrics.Count); // every trial scored on the five folds
        Assert.Equal(best.FoldMetrics.Average(), best.Metric, 9);
    }
}
