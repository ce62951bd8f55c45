using Microsoft.ML;
using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Uplift;

/// <summary>
/// S-learner ("single model"): one outcome model μ(x, t) with the treatment flag as an extra feature;
/// τ(x) = μ(x, 1) − μ(x, 0) (Künzel, Sekhon, Bickel &amp; Yu, PNAS 2019, §2).
/// </summary>
public sealed class SLearner(UpliftLearnerOptions? options = null) : IUpliftLearner
{
    private readonly UpliftLearnerOptions _options = Checked(options ?? new UpliftLearnerOptions());

    public string Name => $"S-learner[{_options.Outcome.Name}]";

    public UpliftModel Fit(UpliftData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _options.CheckOutcome(data, Name);
        var rows = new float[data.Count][];
        for (int i = 0; i < rows.Length; i++) rows[i] = WithFlag(data.Features[i], data.Treatment[i]);
        var model = FittedModel.Train(new MLContext(_options.Seed), _options.Outcome, rows, data.Outcome);
        return new Model(Name, model);
    }

    internal static float[] WithFlag(float[] features, bool treated)
    {
        var row = new float[features.Length + 1];
        features.CopyTo(row, 0);
        row[^1] = treated ? 1f : 0f;
        return row;
    }

    private static UpliftLearnerOptions Checked(UpliftLearnerOptions o) { o.Validate(); return o; }

    private sealed class Model(string name, FittedModel model) : UpliftModel
    {
        public override string Name => name;

        public override float[] PredictUplift(float[][] features)
        {
            var treated = model.Predict(features.Select(f => WithFlag(f, true)).ToArray());
            var control = model.Predict(features.Select(f => WithFlag(f, false)).ToArray());
            return treated.Zip(control, (a, b) => a - b).ToArray();
        }
    }
}
