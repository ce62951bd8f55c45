using Microsoft.ML;
using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Uplift;

/// <summary>
/// T-learner ("two models"): μ₁ fitted on treated rows, μ₀ on control rows; τ(x) = μ₁(x) − μ₀(x)
/// (Künzel et al., PNAS 2019, §2).
/// </summary>
public sealed class TLearner(UpliftLearnerOptions? options = null) : IUpliftLearner
{
    private readonly UpliftLearnerOptions _options = Validated(options ?? new UpliftLearnerOptions());

    public string Name => $"T-learner[{_options.Outcome.Name}]";

    public UpliftModel Fit(UpliftData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _options.CheckOutcome(data, Name);
        var (treated, control) = FitArms(data, _options);
        return new Model(Name, treated, control);
    }

    /// <summary>Outcome models of both arms (shared with the X-learner's first stage).</summary>
    internal static (FittedModel Treated, FittedModel Control) FitArms(UpliftData data, UpliftLearnerOptions options)
    {
        var ml = new MLContext(options.Seed);
        var (xt, yt) = data.Arm(true);
        var (xc, yc) = data.Arm(false);
        return (FittedModel.Train(ml, options.Outcome, xt, yt), FittedModel.Train(ml, options.Outcome, xc, yc));
    }

    private static UpliftLearnerOptions Validated(UpliftLearnerOptions o) { o.Validate(); return o; }

    private sealed class Model(string name, FittedModel treated, FittedModel control) : UpliftModel
    {
        public override string Name => name;

        public override float[] PredictUplift(float[][] features) =>
            treated.Predict(features).Zip(control.Predict(features), (a, b) => a - b).ToArray();
    }
}
