namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>Settings of the synthetic campaign; each value is checked when it is set.</summary>
public sealed record CampaignSimulationOptions
{
    /// <summary>Number of customers, at least 1.</summary>
    public int Customers
    {
        get;
        init => field = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(Customers), value, "Customers must be at least 1.");
    } = 10_000;

    /// <summary>Seed; the same seed and options give the same rows.</summary>
    public int Seed { get; init; }

    /// <summary>Randomised or feature-dependent assignment.</summary>
    public AssignmentMechanism Assignment
    {
        get;
        init => field = Enum.IsDefined(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(Assignment), value, $"Assignment must be one of {string.Join(", ", Enum.GetNames<AssignmentMechanism>())}.");
    } = AssignmentMechanism.Randomized;

    /// <summary>Treated share: the propensity under randomisation, the intercept's share under feature-dependent
    /// assignment; strictly between 0 and 1.</summary>
    public double TreatmentShare
    {
        get;
        init => field = value > 0 && value < 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(TreatmentShare), value, "TreatmentShare must lie strictly between 0 and 1.");
    } = 0.5;

    /// <summary>Margin per conversion, finite and ≥ 0.</summary>
    public double Margin
    {
        get;
        init => field = double.IsFinite(value) && value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(Margin), value, "Margin must be a finite number ≥ 0.");
    } = 30;

    /// <summary>Cost per treated customer (a coupon's cost), finite and ≥ 0.</summary>
    public double ContactCost
    {
        get;
        init => field = double.IsFinite(value) && value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(ContactCost), value, "ContactCost must be a finite number ≥ 0.");
    } = 0.5;
}
