using MarketLab.Experiments.Data;
namespace MarketLab.Experiments.Uplift;

/// <summary>Settings shared by the meta-learners; validated when a learner is created.</summary>
public sealed record UpliftLearnerOptions
{
    /// <summary>Model of the outcome: a classifier for 0/1 outcomes (visit, conversion), a regressor for amounts (spend).</summary>
    public BaseLearner Outcome { get; init; } = BaseLearner.LightGbmClassifier();

    /// <summary>X-learner's second stage, fitted to imputed individual effects (always a regressor).</summary>
    public BaseLearner EffectRegressor { get; init; } = BaseLearner.LightGbmRegressor();

    /// <summary>How P(T = 1 | x) is obtained where a learner needs it (X-learner weights, class-transformation re-weighting).</summary>
    public PropensityMode Propensity { get; init; } = PropensityMode.Randomized;

    /// <summary>Classifier of the treatment flag when <see cref="Propensity"/> is <see cref="PropensityMode.Model"/>.</summary>
    public BaseLearner PropensityLearner { get; init; } = BaseLearner.LogisticRegression();

    /// <summary>Seed of the ML.NET context: same data, options and seed give the same model.</summary>
    public int Seed { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Outcome, nameof(Outcome));
        if (EffectRegressor?.Kind != BaseLearnerKind.Regressor)
            throw new ArgumentException($"{nameof(EffectRegressor)} must be a regressor; got {EffectRegressor?.Name ?? "null"}.", nameof(EffectRegressor));
        if (PropensityLearner?.Kind != BaseLearnerKind.Classifier)
            throw new ArgumentException($"{nameof(PropensityLearner)} must be a classifier; got {PropensityLearner?.Name ?? "null"}.", nameof(PropensityLearner));
        if (!Enum.IsDefined(Propensity)) throw new ArgumentOutOfRangeException(nameof(Propensity), Propensity, "Unknown propensity mode.");
    }

    /// <summary>Checks that the outcome learner fits the data's outcomes (0/1 for a classifier).</summary>
    internal void CheckOutcome(UpliftData data, string learner)
    {
        if (Outcome.Kind != BaseLearnerKind.Classifier) return;
        for (int i = 0; i < data.Count; i++)
            if (data.Outcome[i] is not (0f or 1f))
                throw new ArgumentException($"{learner}: the outcome learner {Outcome.Name} is a classifier, but row {i} has outcome {data.Outcome[i]} (allowed: 0, 1). Use a regressor for amounts.");
    }
}
