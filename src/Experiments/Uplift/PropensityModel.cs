using Microsoft.ML;
using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Uplift;

/// <summary>
/// P(T = 1 | x): the treated share in a randomised experiment, or a classifier's estimate, clipped to
/// [0.01, 0.99] so inverse weights stay bounded (the usual overlap safeguard).
/// </summary>
public sealed class PropensityModel
{
    private const float Clip = 0.01f;
    private readonly FittedModel? _model;
    private readonly float _constant;

    private PropensityModel(FittedModel? model, float constant)
    {
        _model = model;
        _constant = constant;
    }

    /// <summary>Fits the propensity as <paramref name="options"/> say.</summary>
    public static PropensityModel Fit(UpliftData data, UpliftLearnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Propensity == PropensityMode.Randomized) return new PropensityModel(null, (float)data.TreatedShare);
        var targets = data.Treatment.Select(t => t ? 1f : 0f).ToArray();
        return new PropensityModel(FittedModel.Train(new MLContext(options.Seed), options.PropensityLearner, data.Features, targets), 0);
    }

    /// <summary>Propensity of each row.</summary>
    public float[] Predict(float[][] features)
    {
        if (_model is null) return Enumerable.Repeat(Math.Clamp(_constant, Clip, 1 - Clip), features.Length).ToArray();
        return _model.Predict(features).Select(p => Math.Clamp(p, Clip, 1 - Clip)).ToArray();
    }
}
