using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Tests.AutoML;

/// <summary>
/// Same seed, one worker, same trial budget ⇒ the same leaderboard, even when trials take different times: CFO
/// with <see cref="AutoMLExperimentOptions.DeterministicCost"/>; random, grid and SMAC always (they ignore cost).
/// </summary>
public sealed class ReproducibilityTests
{
    private static readonly Lazy<(IDataView Data, IReadOnlyDictionary<string, ColumnKind> Kinds)> Binary =
        new(() => AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 300, seed: 4)));

    private static async Task<string[]> Board(TunerKind tuner, bool slowSomeTrials)
    {
        var result = await new MLContext(0).Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Tuner = tuner, MaxTrials = 8, Seed = 9,
            // The trial count ends the search; the budget is only a guard, generous so that a loaded machine (OpenMP learners
            // oversubscribed by parallel tests or another process) cannot cut it short.
            TimeBudget = TimeSpan.FromMinutes(10), Workers = 1,
            DeterministicCost = tuner == TunerKind.Cfo,
            Trainers = [TrainerName.LightGbm, TrainerName.FastTree, TrainerName.LbfgsLogisticRegression, TrainerName.SdcaLogisticRegression],
            // Measured durations differ between the two runs: every third trial is 0.3 s slower in one of them.
            BeforeTrial = (t, _) => { if (slowSomeTrials && t.Id % 3 == 1) Thread.Sleep(300); },
        }).RunAsync(Binary.Value.Data, null, default, Binary.Value.Kinds);
        Assert.Equal(8, result.Trials.Count);
        return result.Leaderboard.Select(t => $"{t.Id}:{t.Learner}:{t.Parameters}:{t.Metric:R}").ToArray();
    }

    [Theory]
    [InlineData(TunerKind.Cfo)]
    [InlineData(TunerKind.Random)]
    [InlineData(TunerKind.Grid)]
    [InlineData(TunerKind.Smac)]
    public async Task Same_seed_and_one_worker_give_the_same_leaderboard_whatever_the_trial_times(TunerKind tuner)
    {
        var fast = await Board(tuner, slowSomeTrials: false);
        var slow = await Board(tuner, slowSomeTrials: true);
        Assert.Equal(fast, slow);
    }

    [Fact]
    public void The_deterministic_cost_grows_with_trees_and_leaves_and_scales_with_the_learner_prior()
    {
        var space = TrainerSearchSpaces.For(AutoMLTask.BinaryClassification, TrainerName.FastTree);
        ParameterSet With(int trees, int leaves) => new(space.Default.Select(p => p.Key switch
        {
            "NumberOfTrees" => new KeyValuePair<string, ParameterValue>(p.Key, ParameterValue.Int(trees)),
            "NumberOfLeaves" => new KeyValuePair<string, ParameterValue>(p.Key, ParameterValue.Int(leaves)),
            _ => p,
        }));

        Assert.Equal(1.5, DeterministicCost.Estimate(AutoMLTask.BinaryClassification, "FastTree", space.Default), 12);
        Assert.Equal(1.5 * 100 * 10, DeterministicCost.Estimate(AutoMLTask.BinaryClassification, "FastTree", With(400, 40)), 9);
        var linear = TrainerSearchSpaces.For(AutoMLTask.BinaryClassification, TrainerName.SdcaLogisticRegression);
        Assert.Equal(1, DeterministicCost.Estimate(AutoMLTask.BinaryClassification, "SdcaLogisticRegression", linear.Default), 12);
    }
}
