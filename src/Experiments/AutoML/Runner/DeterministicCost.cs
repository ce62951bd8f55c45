using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// A cost estimate that depends only on a trial's configuration, for bit-reproducible CFO runs
/// (<see cref="AutoMLExperimentOptions.DeterministicCost"/>). CFO's learner selection (ECI, FLAML §3.2) and its
/// trial sequence follow the costs it is told; measured wall time differs from run to run, so the same seed could
/// pick different learners. This proxy is the learner's <see cref="LearnerSpace.RelativeCost"/> times, for every
/// integer parameter marked <see cref="CostDirection.LowIsCheap"/> (trees, leaves), its value over its default, and
/// for every <see cref="CostDirection.HighIsCheap"/> one the inverse: 4 trees × 4 leaves cost 1 unit, 400 × 40 cost
/// 1,000. It ignores the data size and real speed differences between learners, so it steers ECI less well
/// than measured time; it is meant for tests and for reproducing a published run.
/// </summary>
public static class DeterministicCost
{
    /// <summary>The proxy cost of <paramref name="learner"/>'s <paramref name="parameters"/> for <paramref name="task"/> (parameters not in its space are ignored).</summary>
    public static double Estimate(AutoMLTask task, string learner, ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var space = TrainerSearchSpaces.For(task).FirstOrDefault(l => l.Name == learner)
            ?? throw new ArgumentOutOfRangeException(nameof(learner), learner, $"Not a {task} learner.");
        var cost = space.RelativeCost;
        foreach (var p in space.Space.Parameters.OfType<IntParameter>())
        {
            if (!parameters.TryGetValue(p.Name, out var value) || p.Cheap == CostDirection.None) continue;
            var ratio = (double)value.AsInt() / p.Default.AsInt();
            cost *= p.Cheap == CostDirection.LowIsCheap ? ratio : 1 / ratio;
        }

        return cost;
    }
}
