using Microsoft.ML;
using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Uplift;

/// <summary>
/// X-learner (Künzel, Sekhon, Bickel &amp; Yu, "Metalearners for estimating heterogeneous treatment
/// effects using machine learning", PNAS 2019, §3): stage 1 fits μ₀, μ₁ as the T-learner; stage 2
/// imputes effects D¹ = Y¹ − μ₀(X¹) for treated and D⁰ = μ₁(X⁰) − Y⁰ for control rows and regresses
/// them on x giving τ₁, τ₀; the estimate is τ(x) = g(x) τ₀(x) + (1 − g(x)) τ₁(x) with g the propensity
/// (their eq. 9 with the recommended choice of g).
/// </summary>
public sealed class XLearner(UpliftLearnerOptions? options = null) : IUpliftLearner
{
    private readonly UpliftLearnerOptions _options = Validated(options ?? new UpliftLearnerOptions());

    public string Name => $"X-learner[{_options.Outcome.Name}; {_options.EffectRegressor.Name}]";

    public UpliftModel Fit(UpliftData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _options.CheckOutcome(data, Name);
        var (mu1, mu0) = TLearner.FitArms(data, _options);
        var (xt, yt) = data.Arm(true);
        var (xc, yc) = data.Arm(false);
        var imputedTreated = mu0.Predict(xt).Select((m, i) => yt[i] - m).ToArray();
        var imputedControl = mu1.Predict(xc).Select((m, i) => m - yc[i]).ToArray();
        var ml = new MLContext(_options.Seed);
        var tau1 = FittedModel.Train(ml, _options.EffectRegressor, xt, imputedTreated);
        var tau0 = FittedModel.Train(ml, _options.EffectRegressor, xc, imputedControl);
        return new Model(Name, tau0, tau1, PropensityModel.Fit(data, _options));
    }

    private static UpliftLearnerOptions Validated(UpliftLearnerOptions o) { o.Validate(); return o; }

    private sealed class Model(string name, FittedModel tau0, FittedModel tau1, PropensityModel propensity) : UpliftModel
    {
        public override string Name => name;

        public override float[] PredictUplift(float[][] features)
        {
            var g = propensity.Predict(features);
            var t0 = tau0.Predict(features);
            var t1 = tau1.Predict(features);
            var result = new float[features.Length];
            for (int i = 0; i < result.Length; i++) result[i] = g[i] * t0[i] + (1 - g[i]) * t1[i];
            return result;
        }
    }
}
