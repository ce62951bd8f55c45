using MarketLab.Evaluation.Classification;

namespace MarketLab.Experiments.Recommendation.Propensity;

/// <summary>One learner's test AUCs without (A) and with (B) the embedding, paired by DeLong's test on the same users.</summary>
public sealed record PropensityComparison(PropensityLearner Learner, DeLongResult DeLong);

/// <summary>The outcome of <see cref="SequencePropensity.Run"/>.</summary>
/// <param name="TrainUsers">Users that fit SASRec and the learners.</param>
/// <param name="TestUsers">Held-out users scored by both feature sets.</param>
/// <param name="TestBuyers">Held-out users who buy in the label days.</param>
/// <param name="AggregatedFeatures">Today's aggregated features.</param>
/// <param name="EmbeddingSize">Columns added (SASRec's hidden size).</param>
/// <param name="SasRecSequences">Training users' pre-cut category sequences SASRec trained on.</param>
/// <param name="Comparisons">One paired comparison per learner.</param>
/// <param name="Embeddings">Every user's SASRec embedding, in the rows' order of the feature table.</param>
public sealed record SequencePropensityResult(int TrainUsers, int TestUsers, int TestBuyers, int AggregatedFeatures, int EmbeddingSize,
    int SasRecSequences, IReadOnlyList<PropensityComparison> Comparisons, IReadOnlyList<float[]> Embeddings);
