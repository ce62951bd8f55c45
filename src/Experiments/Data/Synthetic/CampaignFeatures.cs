using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>Feature vectors of simulated customers, for the uplift learners.</summary>
public static class CampaignFeatures
{
    /// <summary>Names of the vector's slots, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["recency", "log_history", "newbie", "channel=Web", "channel=Phone", "channel=Multichannel"];

    /// <summary>recency, ln(1 + history), newbie, and the channel one-hot.</summary>
    public static float[] Encode(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return
        [
            customer.Recency, (float)Math.Log(1 + customer.History), customer.IsNewbie ? 1f : 0f,
            customer.Channel == Channel.Web ? 1f : 0f, customer.Channel == Channel.Phone ? 1f : 0f, customer.Channel == Channel.Multichannel ? 1f : 0f,
        ];
    }

    /// <summary>The dataset as uplift training data (features, treatment, 0/1 conversion).</summary>
    public static UpliftData ToUpliftData(CampaignDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return UpliftData.FromArrays(
            dataset.Rows.Select(r => Encode(r.Customer)).ToArray(),
            dataset.Treatment(),
            dataset.Rows.Select(r => r.Converted ? 1f : 0f).ToArray());
    }
}
