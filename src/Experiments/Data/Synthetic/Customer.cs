namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>A synthetic customer, with features shaped after the Hillstrom MineThatData e-mail data set.</summary>
/// <param name="Id">Row index, 0-based.</param>
/// <param name="Recency">Months since the last purchase, 1–12.</param>
/// <param name="History">Spend in the past year (currency units), log-normal.</param>
/// <param name="Channel">Purchase channel.</param>
/// <param name="IsNewbie">Whether the customer joined in the past twelve months.</param>
public sealed record Customer(int Id, int Recency, double History, Channel Channel, bool IsNewbie);
