using System.Globalization;
using System.Text;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;
using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Tests.AutoML;

/// <summary>
/// Every binary trainer at its search-space default point learns a plainly separable problem. SDCA's default
/// L1 = 1 (ML.NET AutoML's) is a soft threshold larger than any weight and scored exactly 0.5 AUC here and on
/// the UCI sentiment data.
/// </summary>
public sealed class DefaultPointTests
{
    // label = Σ_{j<6} x_j − Σ_{j≥6} x_j + noise > 0 with 12 features uniform on [−1, 1]: a linear rule spread thinly
    // over many inputs (as words are in text), so every weight is small and an oversized L1 removes them all.
    private static readonly Lazy<(IDataView Data, IReadOnlyDictionary<string, ColumnKind> Kinds)> Separable = new(() =>
    {
        const int features = 12;
        var random = new Random(11);
        var sb = new StringBuilder(string.Join(",", Enumerable.Range(0, features).Select(j => $"x{j}")) + ",label\n");
        for (var i = 0; i < 500; i++)
        {
            var x = Enumerable.Range(0, features).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var label = x.Take(features / 2).Sum() - x.Skip(features / 2).Sum() + 0.5 * (random.NextDouble() - 0.5) > 0;
            sb.Append(string.Join(",", x.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append(CultureInfo.InvariantCulture, $",{label}\n");
        }

        return AutoMLTestData.Load(sb.ToString());
    });

    public static TheoryData<string> BinaryTrainers() => [.. TrainerSearchSpaces.For(AutoMLTask.BinaryClassification).Select(l => l.Name)];

    [Theory]
    [MemberData(nameof(BinaryTrainers))]
    public async Task Each_binary_trainer_at_its_default_point_beats_chance_clearly(string trainer)
    {
        // CFO's first trial is the learner's default point (one learner: no selection draw).
        var result = await new MLContext(0).Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Tuner = TunerKind.Cfo, MaxTrials = 1, Seed = 2,
            // The trial count ends the search; the budget is only a guard, generous so that a loaded machine (OpenMP learners
            // oversubscribed by parallel tests or another process) cannot cut it short.
            TimeBudget = TimeSpan.FromMinutes(10),
            Trainers = [Enum.Parse<TrainerName>(trainer)],
        }).RunAsync(Separable.Value.Data, null, default, Separable.Value.Kinds);

        var trial = Assert.Single(result.Trials);
        // The default point of the space bounded by the 500 rows (a fortieth of them per leaf at most: 12, not 20).
        var learner = TrainerSearchSpaces.For(AutoMLTask.BinaryClassification).Single(l => l.Name == trainer);
        Assert.Equal(TrainerSearchSpaces.BoundByRows(learner, 500).Space.Default, trial.Parameters);
        Assert.Equal(TrialStatus.Succeeded, trial.Status);
        Assert.True(trial.Metric > 0.6, $"{trainer} at its default point: validation AUC {trial.Metric}");
    }
}
