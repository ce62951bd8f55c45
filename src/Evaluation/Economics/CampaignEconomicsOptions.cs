namespace MarketLab.Evaluation.Economics;

/// <summary>The money and the grid of a campaign-targeting analysis; each value is checked when it is set.</summary>
public sealed record CampaignEconomicsOptions
{
    private static readonly double[] DefaultFractions = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

    /// <summary>Margin earned per incremental conversion (currency units), finite and ≥ 0.</summary>
    public double Margin
    {
        get;
        init => field = double.IsFinite(value) && value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(Margin), value, "Margin must be a finite number ≥ 0.");
    } = 1;

    /// <summary>Cost per targeted customer (a contact, a coupon's cost), finite and ≥ 0.</summary>
    public double ContactCost
    {
        get;
        init => field = double.IsFinite(value) && value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(ContactCost), value, "ContactCost must be a finite number ≥ 0.");
    }

    /// <summary>Shares k of the population, ranked by predicted uplift, at which the profit curve is read;
    /// each in (0, 1]; stored sorted and without repeats. Defaults to 10%, 20%, …, 100%.</summary>
    public IReadOnlyList<double> Fractions
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Fractions));
            if (value.Count == 0) throw new ArgumentException("Fractions is empty; give at least one share in (0, 1].", nameof(Fractions));
            for (int i = 0; i < value.Count; i++)
                if (!(value[i] > 0 && value[i] <= 1))
                    throw new ArgumentOutOfRangeException(nameof(Fractions), value[i], $"Fractions[{i}] is {value[i]}; a share must lie in (0, 1].");
            field = Array.AsReadOnly(value.Distinct().Order().ToArray());
        }
    } = Array.AsReadOnly(DefaultFractions);

    /// <summary>Coverage of the intervals, strictly between 0 and 1.</summary>
    public double ConfidenceLevel
    {
        get;
        init => field = value > 0 && value < 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), value, "ConfidenceLevel must lie strictly between 0 and 1.");
    } = 0.95;

    /// <summary>Customers the campaign would reach, to scale holdout counts up (segment size × N/n); null (the
    /// default) reports for the holdout itself.</summary>
    public long? PopulationSize
    {
        get;
        init => field = value is null or >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(PopulationSize), value, "PopulationSize must be at least 1 (or null).");
    }
}
