namespace MarketLab.Experiments.Recommendation.SasRec;

/// <summary>Reported after each epoch: the mean training loss, speed and, when asked, validation Hit@10 / NDCG@10 (sampled, or full ranking when the protocol samples none).</summary>
public sealed record SasRecProgress(int Epoch, int Epochs, double Loss, double SamplesPerSecond, double Seconds,
    double? ValidationHit10 = null, double? ValidationNdcg10 = null);
