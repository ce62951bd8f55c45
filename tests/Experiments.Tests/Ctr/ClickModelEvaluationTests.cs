using System.Diagnostics;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.Ctr;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Tests.Ctr;

public class ClickModelEvaluationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [SharedDataFact("ctr/open-bandit")]
    public void Random_log_loads_in_time_order_with_item_features_joined()
    {
        var data = OpenBanditClickData.Load("men");
        Assert.Equal(10000, data.Count);
        Assert.True(data.Timestamps.Zip(data.Timestamps.Skip(1)).All(p => string.CompareOrdinal(p.First, p.Second) <= 0));
        Assert.Equal(ColumnKind.Categorical, data.Kinds["item_id"]);
        Assert.Equal(ColumnKind.Categorical, data.Kinds["position"]);
        Assert.Equal(ColumnKind.Categorical, data.Kinds["user_feature_0"]);
        Assert.Equal(ColumnKind.Numeric, data.Kinds["user-item_affinity_0"]);
        Assert.Equal(ColumnKind.Numeric, data.Kinds["item_feature_0"]);
        Assert.Equal(ColumnKind.Categorical, data.Kinds["item_feature_1"]);
        Assert.DoesNotContain("propensity_score", data.Columns);
        Assert.InRange(data.Clicks.Average(), 0.001, 0.02);
    }

    [SharedDataFact("ctr/open-bandit")]
    public async Task AutoML_click_model_on_the_later_30_percent_gives_sane_metrics()
    {
        var watch = Stopwatch.StartNew();
        var report = await ClickModelEvaluation.RunAsync(new ClickModelOptions
        {
            Campaign = "men", MaxTrials = 3, TimeBudget = TimeSpan.FromSeconds(30), Seed = 0, TotalThreads = 2,
            Trainers = [TrainerName.LightGbm, TrainerName.LbfgsLogisticRegression],
        });
        output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s; train {report.TrainRows} rows / {report.TrainClicks} clicks, test {report.TestRows} / {report.TestClicks}; split at {report.SplitTimestamp}");
        output.WriteLine($"best {report.BestLearner} cv {report.SearchMetric} {report.BestValidationMetric:F5} of {report.Trials}: {report.BestParameters}");
        output.WriteLine($"model    {report.Model}");
        output.WriteLine($"baseline {report.Baseline}");
        output.WriteLine($"delong   {report.VersusBaseline.Difference:F4} {report.VersusBaseline.ConfidenceInterval} p={report.VersusBaseline.PValue:F3}");
        output.WriteLine($"ECE {report.Calibration.ExpectedCalibrationError:F5} MCE {report.Calibration.MaximumCalibrationError:F5}");
        foreach (var b in report.Calibration.Bins) output.WriteLine($"  bin {b.Index} n={b.Count} pred={b.MeanPredicted:F5} obs={b.ObservedRate:F5} {b.ObservedInterval}");
        foreach (var b in report.QuantileBins) output.WriteLine($"  q{b.Index} n={b.Count} pred={b.MeanPredicted:F5} obs={b.ObservedRate:F5} {b.ObservedInterval}");

        Assert.Equal(7000, report.TrainRows);
        Assert.Equal(3000, report.TestRows);
        Assert.Equal(3, report.Trials);
        Assert.True(double.IsFinite(report.Model.LogLoss));
        Assert.Equal(report.TestRows, report.Calibration.Bins.Sum(b => b.Count));
        Assert.Equal(report.TestRows, report.QuantileBins.Sum(b => b.Count));
        // Honest bounds (docs/ctr.md): with 28 training and 18 test clicks the small public log carries almost no
        // click signal, so AUC sits near 0.5 with a ±0.14 interval (0.508 here) and NE just above 1 (1.011), and
        // AUC > 0.5 is not something this data can promise.
        Assert.InRange(report.Model.Auc, 0.3, 0.8);
        Assert.InRange(report.Model.Auc, report.Model.AucInterval.Lower, report.Model.AucInterval.Upper);
        Assert.InRange(report.Model.NormalizedEntropy, 0.8, 1.05);
        Assert.InRange(report.Model.CalibrationRatio, 0.3, 3);
        Assert.True(report.Model.LogLoss < report.Baseline.LogLoss, $"log loss {report.Model.LogLoss} vs item x position {report.Baseline.LogLoss}");
    }
}
