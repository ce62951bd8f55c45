namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>One simulated customer in a campaign, with what an analyst sees and what only the simulator knows.</summary>
/// <param name="Customer">The features.</param>
/// <param name="Treated">Whether the customer received the campaign.</param>
/// <param name="Propensity">P(treated | features) used for the draw.</param>
/// <param name="Converted">The observed outcome.</param>
/// <param name="Baseline">True p₀(x) = P(convert | not treated, x).</param>
/// <param name="TrueEffect">True τ(x) = P(convert | treated, x) − p₀(x); negative for some customers.</param>
public sealed record CampaignRow(Customer Customer, bool Treated, double Propensity, bool Converted, double Baseline, double TrueEffect);
