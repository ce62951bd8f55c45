using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;
namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>Builds the tuner an experiment asks for over its trainers (plus the text featurizer space when the data has free text).</summary>
internal static class TunerFactory
{
    /// <summary>Text-only data from this many rows on is searched with the linear learners only, unless the trainers are listed.</summary>
    public const int TextOnlyLinearRows = 5000;

    /// <summary>
    /// The learners searched: <see cref="AutoMLExperimentOptions.Trainers"/> when given; otherwise every learner of the
    /// task, except that on data whose only features are free text with at least <see cref="TextOnlyLinearRows"/> rows
    /// the tree learners are left out. On sparse TF-IDF n-grams linear models are the strong learners (Joachims, ECML
    /// 1998; Wang and Manning, ACL 2012), and tree learners cost tens of seconds a trial there: on SST-2 (67k phrases,
    /// 300 s, 2 workers) they took about a third of the worker time, most of it in trials that timed out and kept a
    /// core busy after, and scored AUC 0.59-0.80 against the linear learners' 0.978. List the trainers to search them anyway.
    /// </summary>
    public static IEnumerable<LearnerSpace> Learners(AutoMLExperimentOptions options, FeaturizationPlan plan, int rows) =>
        TrainerSearchSpaces.For(options.Task).Where(l => options.Trainers is { } listed
            ? listed.Any(t => t.ToString() == l.Name)
            : !(IsLargeTextOnly(plan, rows) && FeaturizerSearchSpace.IsTreeLearner(l.Name)));

    /// <summary>Whether the data's features are all free text (TF-IDF) and it has at least <see cref="TextOnlyLinearRows"/> rows.</summary>
    public static bool IsLargeTextOnly(FeaturizationPlan plan, int rows) =>
        plan.HasText && plan.Features.All(f => f.Kind == Data.Tabular.ColumnKind.Text) && rows >= TextOnlyLinearRows;

    // The zero-shot start of each searched learner that has one (ZeroShotDefaults.Nearest in options.ZeroShotTable or the
    // embedded table), as a point of the learner's space as CFO searches it.
    private static IReadOnlyList<ZeroShotStart> ZeroShotStarts(AutoMLExperimentOptions options, FeaturizationPlan plan, int rows, IEnumerable<LearnerSpace> learners)
    {
        var traits = DatasetTraits.Of(plan, rows);
        var starts = new List<ZeroShotStart>();
        foreach (var learner in learners)
        {
            if (ZeroShotDefaults.Nearest(learner.Name, traits, options.ZeroShotTable) is { } entry)
                starts.Add(new ZeroShotStart(learner.Name, entry.Dataset, entry.Traits.DistanceTo(traits), ZeroShotDefaults.Apply(entry, learner.Space)));
        }

        return starts;
    }

    private static LearnerSpace[] Bounded(AutoMLExperimentOptions options, FeaturizationPlan plan, int rows) =>
        Learners(options, plan, rows)
            .Select(l => TrainerSearchSpaces.BoundByRows(l, rows))
            .Select(l => plan.HasText ? TrainerSearchSpaces.WithTextDefaults(l) : l)
            .ToArray();

    /// <summary>The tuner; <paramref name="zeroShot"/> receives the zero-shot starts it was given (empty unless
    /// <see cref="AutoMLExperimentOptions.ZeroShot"/> is on with CFO).</summary>
    public static ITuner Create(AutoMLExperimentOptions options, FeaturizationPlan plan, int rows, out IReadOnlyList<ZeroShotStart> zeroShot)
    {
        var bounded = Bounded(options, plan, rows);
        var goal = AutoMLMetrics.Goal(options.EffectiveMetric);
        zeroShot = [];
        if (options.Tuner == TunerKind.Cfo)
        {
            // Each learner carries the text dimensions (CFO searches them per learner; tree learners get a capped vocabulary).
            var learners = bounded.Select(l => plan.HasText ? l with { Space = FeaturizerSearchSpace.MergeInto(l.Space, l.Name) } : l).ToArray();
            if (options.ZeroShot)
            {
                zeroShot = ZeroShotStarts(options, plan, rows, learners);
                var starts = zeroShot.ToDictionary(s => s.Learner);
                learners = [.. learners.Select(l => starts.TryGetValue(l.Name, out var s) ? l with { Starts = [s.Parameters] } : l)];
            }

            return new EciTuner(learners, new CfoOptions { Seed = options.Seed, Goal = goal });
        }

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
