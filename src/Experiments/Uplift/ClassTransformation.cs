using Microsoft.ML;
using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Uplift;

/// <summary>
/// Class-variable transformation (Jaskowski &amp; Jaroszewicz, "Uplift modeling for clinical trial data",
/// ICML 2012 workshop): for a 0/1 outcome, Z = Y·T + (1 − Y)(1 − T); with P(T = 1) = ½,
/// τ(x) = 2 P(Z = 1 | x) − 1, so one classifier gives the uplift. When the treated share e(x) is not ½,
/// rows are weighted by ½/e(x) (treated) and ½/(1 − e(x)) (control), which restores the balanced design
/// the identity needs (the inverse-propensity form of Athey &amp; Imbens' transformed outcome, PNAS 2016).
/// </summary>
public sealed class ClassTransformation(UpliftLearnerOptions? options = null) : IUpliftLearner
{
    private readonly UpliftLearnerOptions _options = Validated(options ?? new UpliftLearnerOptions());

    public string Name => $"ClassTransformation[{_options.Outcome.Name}]";

    public UpliftModel Fit(UpliftData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _options.CheckOutcome(data, Name);
        var e = PropensityModel.Fit(data, _options).Predict(data.Features);
        var z = new float[data.Count];
        var w = new float[data.Count];
        for (int i = 0; i < z.Length; i++)
        {
            bool y = data.Outcome[i] == 1f, t = data.Treatment[i];
            z[i] = y == t ? 1f : 0f;
            w[i] = t ? 0.5f / e[i] : 0.5f / (1 - e[i]);
        }
        var model = FittedModel.Train(new MLContext(_options.Seed), _options.Outcome, data.Features, z, w);
        return new Model(Name, model);
    }

    private static UpliftLearnerOptions Validated(UpliftLearnerOptions o)
    {
        o.Validate();
        if (o.Outcome.Kind != BaseLearnerKind.Classifier)
            throw new ArgumentException($"Class transformation needs a classifier for the 0/1 outcome; got {o.Outcome.Name}.", nameof(o));
        return o;
    }

    private sealed class Model(string name, FittedModel model) : UpliftModel
    {
        public override string Name => name;

        public override float[] PredictUplift(float[][] features) => model.Predict(features).Select(p => 2 * p - 1).ToArray();
    }
}
