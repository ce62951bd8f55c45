namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>A simulated campaign: its rows and the options that produced them.</summary>
/// <param name="Rows">One row per customer, in id order.</param>
/// <param name="Options">The simulation settings (seed included), enough to reproduce the rows.</param>
public sealed record CampaignDataset(IReadOnlyList<CampaignRow> Rows, CampaignSimulationOptions Options)
{
    /// <summary>The exact expected value of a policy on these customers, at the options' margin and cost.</summary>
    public PolicyValue PolicyValue(Func<Customer, bool> policy) =>
        CampaignSimulator.PolicyValue(Rows.Select(r => r.Customer), policy, Options);

    /// <summary>Mean true effect τ̄ over the customers (the average treatment effect of this sample).</summary>
    public double AverageTrueEffect => Rows.Average(r => r.TrueEffect);

    /// <summary>Observed outcomes as 1/0.</summary>
    public double[] Outcomes() => Rows.Select(r => r.Converted ? 1.0 : 0.0).ToArray();

    /// <summary>Treatment flags.</summary>
    public bool[] Treatment() => Rows.Select(r => r.Treated).ToArray();

    /// <summary>True individual effects τ(x).</summary>
    public double[] TrueEffects() => Rows.Select(r => r.TrueEffect).ToArray();
}
