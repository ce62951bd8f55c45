using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;
namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>Builds the tuner an experiment asks for over its trainers (plus the text featurizer space when the data has free text).</summary>
internal static class TunerFactory
{
    public static ITuner Create(AutoMLExperimentOptions options, FeaturizationPlan plan, int rows)
    {
        var bounded = TrainerSearchSpaces.For(options.Task)
            .Where(l => options.Trainers is null || options.Trainers.Any(t => t.ToString() == l.Name))
            .Select(l => TrainerSearchSpaces.BoundByRows(l, rows))
            .Select(l => plan.HasText ? TrainerSearchSpaces.WithTextDefaults(l) : l)
            .ToArray();
        // Each learner carries the text dimensions (CFO searches them per learner; tree learners get a capped vocabulary).
        var learners = bounded.Select(l => plan.HasText ? l with { Space = FeaturizerSearchSpace.MergeInto(l.Space, l.Name) } : l).ToArray();
        var goal = AutoMLMetrics.Goal(options.EffectiveMetric);
        if (options.Tuner == TunerKind.Cfo) return new EciTuner(learners, new CfoOptions { Seed = options.Seed, Goal = goal });

        // Single-space tuners see one nested choice of learner; featurizer parameters sit beside it at the top level.
        var nested = TrainerSearchSpaces.Nested(bounded, TrialEvaluator.TrainerChoice);
        var space = plan.HasText ? FeaturizerSearchSpace.MergeInto(nested) : nested;
        return options.Tuner switch
        {
            TunerKind.Smac => new SmacTuner(space, new SmacOptions { Seed = options.Seed, Goal = goal }),
            TunerKind.Random => new RandomSearchTuner(space, new TunerOptions { Seed = options.Seed, Goal = goal }),
            _ => new GridSearchTuner(space, new GridSearchOptions { Seed = options.Seed, Goal = goal, StepsPerDimension = 3 }),
        };
    }
}
