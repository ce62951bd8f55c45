namespace MarketLab.Experiments.Uplift;

/// <summary>Where treatment propensities come from.</summary>
public enum PropensityMode
{
    /// <summary>A randomised experiment: the propensity is the treated share, the same for everyone.</summary>
    Randomized,

    /// <summary>Observational or biased assignment: a classifier estimates P(T = 1 | x).</summary>
    Model,
}
