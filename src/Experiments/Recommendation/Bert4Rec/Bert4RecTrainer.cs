using System.Diagnostics;
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
/// layers with GELU, the MLM head, <see cref="BertInitializer"/>. Not done: the paper's extra training sequences that
/// mask only the last item, and checkpoints. Seeds as SASRec: torch seeded before initialisation and per epoch.
/// </remarks>
public static class Bert4RecTrainer
{
    public static Bert4RecRecommender Train(LeaveOneOutSplit split, Bert4RecOptions options, Action<SasRecProgress>? progress = null,
        Action<string>? log = null, CancellationToken cancellation = default)
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
        var users = split.Users.Where(u => u.Train.Length >= 1).Select(u => u.Train).ToArray();
        int L = options.MaxLength, B = options.BatchSize;
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            long epochSeed = options.Seed + 7919L * (epoch + 1);
            torch.manual_seed(epochSeed);
            var random = new Random(unchecked((int)epochSeed));
            int[] order = Enumerable.Range(0, users.Length).ToArray();
            random.Shuffle(order);
            model.train();
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < order.Length; start += B)
            {
                int count = Math.Min(B, order.Length - start);
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
                using var scope = NewDisposeScope();
                Tensor ids = tensor(input, [count, L]).to(device);
                Tensor loss = model.forward(ids, zeros_like(ids), ids.ne(0).to_type(ScalarType.Int64), tensor(labels, [count, L]).to(device));
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step(options.LearningRate);
                double value = loss.item<float>();
                if (!double.IsFinite(value)) throw new InvalidOperationException($"BERT4Rec loss became {value} at epoch {epoch + 1}; lower the learning rate.");
                lossSum += value;
                batches++;
            }
            progress?.Invoke(new SasRecProgress(epoch + 1, options.Epochs, lossSum / batches, users.Length / clock.Elapsed.TotalSeconds, clock.Elapsed.TotalSeconds));
        }
        model.eval();
        return new Bert4RecRecommender(model, options.MaxLength, maskId, device);
    }
}
