using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Pretraining;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation.SasRec;
using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Recommendation.Bert4Rec;

/// <summary>
/// BERT4Rec (Sun et al., CIKM 2019): our masked-LM BERT (<see cref="BertForMaskedLM"/>, tied decoder, full softmax over
/// items) applied to item ids. Vocabulary: the item vocabulary's ids, then one [MASK] id. Training masks a share ρ of
/// each user's last L training items (always replaced by [MASK], as in the paper, not BERT's 80/10/10) and predicts
/// them bidirectionally; prediction appends [MASK] to the history and reads its logits (§3.6).
/// </summary>
/// <remarks>
/// Everything is reused from Bert/: embeddings (item + position + a constant token type, LayerNorm), post-LN encoder
/// layers with GELU, the MLM head, <see cref="BertInitializer"/>; the epoch loop, checkpoints (resume replays the straight
/// run) and validation are SASRec's (<see cref="SequenceTraining"/>). Not done: the paper's extra training sequences that
/// mask only the last item. Seeds as SASRec: torch seeded before initialisation and per epoch.
/// </remarks>
public static class Bert4RecTrainer
{
    /// <summary>Trains and returns the recommender.</summary>
    /// <param name="split">Training sequences (users with at least one training item are used).</param>
    /// <param name="options">Model and training settings; <see cref="Bert4RecOptions.CheckpointDirectory"/> resumes and checkpoints.</param>
    /// <param name="progress">Called after every epoch.</param>
    /// <param name="log">Device line, batch and checkpoint messages.</param>
    /// <param name="cancellation">Checked between epochs.</param>
    /// <param name="validation">When given, validation Hit@10 / NDCG@10 are computed every <paramref name="validateEvery"/> epochs.</param>
    /// <param name="validateEvery">Epochs between validations.</param>
    public static Bert4RecRecommender Train(LeaveOneOutSplit split, Bert4RecOptions options, Action<SasRecProgress>? progress = null,
        Action<string>? log = null, CancellationToken cancellation = default, RankingProtocol? validation = null, int validateEvery = 5)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        var device = TorchRuntime.Initialize(options.Runtime, log);
        torch.manual_seed(options.Seed);
        int maskId = split.Vocabulary.Size;
        var config = new BertConfig(VocabSize: maskId + 1, HiddenSize: options.Hidden, NumHiddenLayers: options.Layers,
            NumAttentionHeads: options.Heads, IntermediateSize: 4 * options.Hidden, MaxPositionEmbeddings: options.MaxLength,
            TypeVocabSize: 1, HiddenDropoutProb: options.Dropout, AttentionProbsDropoutProb: options.Dropout).Validate();
        var model = new BertForMaskedLM(config);
        BertInitializer.Apply(model);
        model.to(device);
        using var optimizer = new BertAdamW(model, weightDecay: 0); // Adam; see SasRecTrainer on why not TorchSharp's
        var recommender = new Bert4RecRecommender(model, options.MaxLength, maskId, device);
        var users = split.Users.Where(u => u.Train.Length >= 1).Select(u => u.Train).ToArray();
        int L = options.MaxLength;
        var training = new SequenceTraining("BERT4Rec", options.Epochs, options.Seed, options.LearningRate, options.BatchSize, options.CheckpointDirectory, CheckpointFiles.Prefixed("bert4rec"));
        training.Run(model, optimizer, users.Length, (_, _, random, order) => (start, count) =>
        {
            var input = new long[count * L];
            var labels = new long[count * L];
            Array.Fill(labels, MaskedBatch.Ignore);
            for (int b = 0; b < count; b++)
            {
                int[] s = users[order[start + b]];
                var row = input.AsSpan(b * L, L);
                SasRecBatches.FillInput(s, row);
                int first = L - Math.Min(s.Length, L);
                bool any = false;
                for (int p = first; p < L; p++)
                    if (random.NextDouble() < options.MaskProbability) { labels[b * L + p] = row[p]; row[p] = maskId; any = true; }
                if (!any)
                {
                    int p = random.Next(first, L);
                    labels[b * L + p] = row[p];
                    row[p] = maskId;
                }
            }
            Tensor ids = tensor(input, [count, L]).to(device);
            return model.forward(ids, zeros_like(ids), ids.ne(0).to_type(ScalarType.Int64), tensor(labels, [count, L]).to(device));
        }, validation is null ? null : () => SequenceTraining.Validate(recommender, validation), validateEvery, progress, log, cancellation);
        return recommender;
    }
}
