namespace MarketLab.Experiments.Recommendation.Segments;

/// <summary>The segments and how the embedding was made.</summary>
/// <param name="Result">Assignment and profiles.</param>
/// <param name="EmbeddingSize">Columns of learned embedding (0: behaviour features only).</param>
/// <param name="EmbeddingSeconds">Wall time of training SASRec and embedding the users.</param>
public sealed record SegmentationRun(SegmentationResult Result, int EmbeddingSize, double EmbeddingSeconds);
