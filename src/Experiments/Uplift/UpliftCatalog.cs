using Microsoft.ML;

namespace MarketLab.Experiments.Uplift;

/// <summary>
/// Uplift meta-learners reached from an <see cref="MLContext"/>, in ML.NET's catalog style:
/// <c>mlContext.Uplift().TLearner(BaseLearner.LightGbmClassifier())</c>, or with full options.
/// </summary>
public sealed class UpliftCatalog
{
    internal UpliftCatalog(MLContext context) => Context = context;

    /// <summary>The context the catalog was reached from.</summary>
    public MLContext Context { get; }

    public SLearner SLearner(BaseLearner? outcome = null, int seed = 0) => new(Options(outcome, null, seed));
    public SLearner SLearner(UpliftLearnerOptions options) => new(options);

    public TLearner TLearner(BaseLearner? outcome = null, int seed = 0) => new(Options(outcome, null, seed));
    public TLearner TLearner(UpliftLearnerOptions options) => new(options);

    public XLearner XLearner(BaseLearner? outcome = null, BaseLearner? effectRegressor = null, int seed = 0) => new(Options(outcome, effectRegressor, seed));
    public XLearner XLearner(UpliftLearnerOptions options) => new(options);

    public ClassTransformation ClassTransformation(BaseLearner? outcome = null, int seed = 0) => new(Options(outcome, null, seed));
    public ClassTransformation ClassTransformation(UpliftLearnerOptions options) => new(options);

    private static UpliftLearnerOptions Options(BaseLearner? outcome, BaseLearner? effectRegressor, int seed)
    {
        var defaults = new UpliftLearnerOptions();
        return defaults with { Outcome = outcome ?? defaults.Outcome, EffectRegressor = effectRegressor ?? defaults.EffectRegressor, Seed = seed };
    }
}
