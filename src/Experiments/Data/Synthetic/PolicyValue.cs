namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>The exact expected value of a targeting policy on a set of simulated customers.</summary>
/// <param name="Customers">Customers evaluated.</param>
/// <param name="Targeted">Customers the policy treats.</param>
/// <param name="ExpectedConversions">Σ p₀(x) + τ(x)·[treated].</param>
/// <param name="IncrementalConversions">Σ τ(x)·[treated], against treating nobody.</param>
/// <param name="Profit">Margin × expected conversions − contact cost × targeted.</param>
/// <param name="IncrementalProfit">Margin × incremental conversions − contact cost × targeted (what
/// <c>MarketLab.Evaluation.Economics.CampaignEconomics</c> estimates).</param>
public sealed record PolicyValue(int Customers, int Targeted, double ExpectedConversions, double IncrementalConversions,
    double Profit, double IncrementalProfit)
{
    /// <summary>Expected conversions per customer.</summary>
    public double ConversionRate => ExpectedConversions / Customers;
}
