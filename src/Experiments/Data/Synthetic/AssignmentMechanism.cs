namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>How the simulator assigns treatment.</summary>
public enum AssignmentMechanism
{
    /// <summary>A randomised experiment: every customer is treated with the same probability.</summary>
    Randomized,

    /// <summary>Observational targeting: the propensity depends on the features (recent, high-spend and new
    /// customers are treated more often), so a naive treated-minus-control difference is confounded.</summary>
    FeatureDependent,
}
