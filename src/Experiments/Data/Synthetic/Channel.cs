namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>Where a customer bought in the past year (as the Hillstrom MineThatData e-mail data set).</summary>
public enum Channel
{
    Web,
    Phone,
    Multichannel,
}
