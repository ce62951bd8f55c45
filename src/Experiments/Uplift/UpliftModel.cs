using MarketLab.Experiments.Data;
namespace MarketLab.Experiments.Uplift;

/// <summary>A fitted uplift model: predicts the individual treatment effect τ(x) = E[Y | x, T=1] − E[Y | x, T=0].</summary>
public abstract class UpliftModel
{
    /// <summary>Name of the meta-learner and its base learner.</summary>
    public abstract string Name { get; }

    /// <summary>Predicted uplift for each row, in order.</summary>
    public abstract float[] PredictUplift(float[][] features);

    /// <summary>Predicted uplift for the rows of <paramref name="data"/>.</summary>
    public float[] PredictUplift(UpliftData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return PredictUplift(data.Features);
    }
}
