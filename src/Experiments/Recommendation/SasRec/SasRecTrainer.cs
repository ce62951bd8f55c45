using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Data.Sequences;
using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Recommendation.SasRec;

/// <summary>
/// Trains SASRec on the training sequences of a leave-one-out split: binary cross-entropy on the next item against
/// one sampled negative at every non-padding position (Kang &amp; McAuley 2018, eq. 6), or with
/// <see cref="SasRecLoss.Ce"/> softmax cross-entropy over all items (Klenitskiy &amp; Vasilev 2023); Adam (β = 0.9, 0.98).
/// </summary>
/// <remarks>
/// Seeds: torch is seeded with <see cref="SasRecOptions.Seed"/> before initialisation and with seed + 7919 (epoch + 1)
/// at each epoch (dropout); users are shuffled and negatives drawn by a <see cref="Random"/> seeded the same way, so a
/// run resumed at an epoch boundary replays exactly. On CPU the result is the same for the same seed and thread count.
/// A checkpoint (weights, Adam state, epoch) is written after every epoch when a folder is given (<see cref="SequenceTraining"/>, the loop BERT4Rec shares). The CE loss draws the
/// same negatives (unused) so that the random stream, and thus the shuffling, is the same under both losses.
/// </remarks>
public static class SasRecTrainer
{
    // The names SASRec's checkpoints had before BERT4Rec shared the loop, so existing folders still resume.
    private static readonly CheckpointFiles Checkpoint = new("sasrec.safetensors", "optimizer.safetensors", "trainer-state.json");

    /// <summary>Trains and returns the recommender.</summary>
    /// <param name="split">Training sequences (users with at least two training items are used).</param>
    /// <param name="options">Model and training settings.</param>
    /// <param name="progress">Called after every epoch.</param>
    /// <param name="validation">When given, sampled validation Hit@10 / NDCG@10 are computed every <paramref name="validateEvery"/> epochs.</param>
    /// <param name="validateEvery">Epochs between validations.</param>
    /// <param name="log">Device line and checkpoint messages.</param>
    /// <param name="cancellation">Checked between epochs.</param>
    public static SasRecRecommender Train(LeaveOneOutSplit split, SasRecOptions options, Action<SasRecProgress>? progress = null,
        RankingProtocol? validation = null, int validateEvery = 5, Action<string>? log = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        var device = TorchRuntime.Initialize(options.Runtime, log);
        torch.manual_seed(options.Seed);
        var side = options.Side == SasRecSide.None ? null : SasRecSideFeatures.Build(split, options.Side);
        var model = new SasRecModel(split.Vocabulary.Size, options, side);
        Initialize(model);
        model.to(device);
        // Adam (weight decay 0 unless asked) from BertAdamW: it keeps the Scalars it hands libtorch alive through each call, where
        // TorchSharp's optimizer converts doubles implicitly (a GC-finalization race that crashed a long CE run).
        using var optimizer = new BertAdamW(model, weightDecay: options.WeightDecay, beta1: 0.9, beta2: 0.98);
        var recommender = new SasRecRecommender(model, options, device, side);

        var users = split.Users.Where(u => u.Train.Length >= 2).ToArray();
        var seen = users.Select(u => new HashSet<int>(u.Train) { u.Validation ?? 0, u.Test ?? 0 }).ToArray();
        // Side ids of each user's training events, aligned with Train (null arrays when the side is off).
        var categories = users.Select(u => side?.CategoryIds(u.Events, u.Train.Length)).ToArray();
        var behaviours = users.Select(u => side?.BehaviourIds(u.Events, u.Train.Length)).ToArray();
        int L = options.MaxLength, B = options.BatchSize, items = split.Vocabulary.Count;
        var input = new long[B * L];
        var positive = new long[B * L];
        var negative = new long[B * L];
        var shared = new long[options.TrainingNegatives];
        var categoryInput = new long[B * L];
        var behaviourInput = new long[B * L];
        var training = new SequenceTraining("SASRec", options.Epochs, options.Seed, options.LearningRate, B, options.CheckpointDirectory, Checkpoint);
        training.Run(model, optimizer, users.Length, (epoch, epochSeed, random, order) =>
        {
            // The shared negatives of SampledCe come from their own stream, so the shuffling and the per-position
            // negatives stay those of the other losses.
            var sharedRandom = new Random(unchecked((int)(epochSeed * 31 + 17)));
            return (start, count) =>
            {
                var batchUsers = new int[count][];
                var batchSeen = new HashSet<int>[count];
                for (int i = 0; i < count; i++) { batchUsers[i] = users[order[start + i]].Train; batchSeen[i] = seen[order[start + i]]; }
                SasRecBatches.Fill(batchUsers, batchSeen, items, L, random, input, positive, negative);
                Tensor x = tensor(input.AsSpan(0, count * L).ToArray(), [count, L]).to(device);
                Tensor pos = tensor(positive.AsSpan(0, count * L).ToArray(), [count, L]).to(device);
                Tensor neg = tensor(negative.AsSpan(0, count * L).ToArray(), [count, L]).to(device);
                Tensor? sharedNegatives = null;
                if (options.Loss == SasRecLoss.SampledCe)
                {
                    for (int k = 0; k < shared.Length; k++) shared[k] = sharedRandom.Next(1, items + 1);
                    sharedNegatives = tensor(shared, [shared.Length]).to(device);
                }
                Tensor h = side is null ? model.forward(x)
                    : model.forward(x, SideTensor(categories, categoryInput, batchUsers, order, start, L, device), SideTensor(behaviours, behaviourInput, batchUsers, order, start, L, device));
                return Loss(options.Loss, model, h, pos, neg, sharedNegatives);
            };
        }, validation is null ? null : () => SequenceTraining.Validate(recommender, validation), validateEvery, progress, log, cancellation);
        return recommender;
    }

    // The batch's side ids as a [count, L] tensor, or null when this side feature is off.
    private static Tensor? SideTensor(int[]?[] perUser, long[] buffer, int[][] batchUsers, int[] order, int start, int length, Device device)
    {
        if (perUser[0] is null) return null;
        var rows = new int[batchUsers.Length][];
        for (int i = 0; i < rows.Length; i++) rows[i] = perUser[order[start + i]]!;
        SasRecBatches.FillSide(batchUsers, rows, length, buffer);
        return tensor(buffer.AsSpan(0, batchUsers.Length * length).ToArray(), [batchUsers.Length, length]).to(device);
    }

    /// <summary>
    /// Initialises the weights: Xavier-normal for every matrix of the paper's model, as pmixer's port (torch's N(0, 1)
    /// embeddings are far too large at ×√d); side embeddings start at zero, so an untrained model with side features
    /// computes exactly what the plain one does and learns only what the categories or behaviours add (a zero-initialised
    /// residual branch, as ReZero, Bachlechner et al. 2021). Xavier on a side table of a handful of rows would give each
    /// row a standard deviation several times the item embeddings' (√(2 / (6 + d)) against √(2 / (items + d))) and swamp
    /// the item identity at the start: measured on Taobao (docs/recommendation.md), that lost 0.06–0.10 Hit@10.
    /// </summary>
    internal static void Initialize(SasRecModel model)
    {
        using (no_grad())
            foreach (var (name, p) in model.named_parameters())
            {
                if (name.StartsWith("category_embeddings", StringComparison.Ordinal) || name.StartsWith("behaviour_embeddings", StringComparison.Ordinal)) p.zero_();
                else if (p.dim() >= 2) nn.init.xavier_normal_(p);
            }
    }

    /// <summary>The batch loss of <paramref name="kind"/> for hidden states h and next-item ids (0 = no target).</summary>
    /// <param name="kind">The objective.</param>
    /// <param name="model">The model whose item embeddings score the targets.</param>
    /// <param name="h">Hidden states [batch, length, hidden].</param>
    /// <param name="pos">Next-item ids [batch, length], 0 where there is no target.</param>
    /// <param name="neg">One negative per position (BCE).</param>
    /// <param name="shared">The negatives of <see cref="SasRecLoss.SampledCe"/> (item ids, one row for the batch).</param>
    internal static Tensor Loss(SasRecLoss kind, SasRecModel model, Tensor h, Tensor pos, Tensor neg, Tensor? shared = null) => kind switch
    {
        SasRecLoss.Ce => FullSoftmaxLoss(model, h, pos),
        SasRecLoss.SampledCe => SampledSoftmaxLoss(model, h, pos, shared ?? throw new ArgumentNullException(nameof(shared), "SampledCe needs the batch's negatives.")),
        _ => SampledBceLoss(model, h, pos, neg),
    };

    // Kang & McAuley 2018, eq. 6: −log σ(r_pos) − log(1 − σ(r_neg)) at every position with a target.
    private static Tensor SampledBceLoss(SasRecModel model, Tensor h, Tensor pos, Tensor neg)
    {
        Tensor mask = pos.ne(0);
        Tensor posLogits = model.Logits(h, pos).masked_select(mask);
        Tensor negLogits = model.Logits(h, neg).masked_select(mask);
        return nn.functional.binary_cross_entropy_with_logits(posLogits, ones_like(posLogits))
            .Plus(nn.functional.binary_cross_entropy_with_logits(negLogits, zeros_like(negLogits)));
    }

    // Klenitskiy & Vasilev 2023 (SASRec+): softmax cross-entropy over items 1..V−1 (padding excluded) at the positions
    // with a target; only those rows are multiplied with the item matrix, so padding costs nothing.
    internal static Tensor FullSoftmaxLoss(SasRecModel model, Tensor h, Tensor pos)
    {
        long d = h.shape[^1];
        Tensor at = pos.view(-1).ne(0).nonzero().squeeze(1);
        Tensor states = h.reshape(-1, d).index_select(0, at);
        Tensor targets = pos.view(-1).index_select(0, at).sub(HeldScalars.One);
        Tensor items = model.ItemEmbeddings.narrow(0, 1, model.ItemEmbeddings.shape[0] - 1);
        return nn.functional.cross_entropy(states.matmul(items.t()), targets);
    }

    // Klenitskiy & Vasilev 2023, §3.2: softmax over the target and negatives shared by the batch. Column 0 holds the
    // target's logit; a negative that equals the row's target is masked to −∞ so that it never counts against itself.
    internal static Tensor SampledSoftmaxLoss(SasRecModel model, Tensor h, Tensor pos, Tensor shared)
    {
        long d = h.shape[^1];
        Tensor at = pos.view(-1).ne(0).nonzero().squeeze(1);
        Tensor states = h.reshape(-1, d).index_select(0, at);
        Tensor targets = pos.view(-1).index_select(0, at);
        Tensor targetLogits = (states * model.ItemEmbeddings.index_select(0, targets)).sum(-1, keepdim: true);
        using Scalar minusInfinity = float.NegativeInfinity;   // held, not implicit: see BertAdamW on finalized Scalars
        Tensor negativeLogits = states.matmul(model.ItemEmbeddings.index_select(0, shared).t())
            .masked_fill(targets.unsqueeze(1).eq(shared.unsqueeze(0)), minusInfinity);
        Tensor logits = cat([targetLogits, negativeLogits], 1);
        return nn.functional.cross_entropy(logits, zeros(logits.shape[0], dtype: ScalarType.Int64, device: logits.device));
    }
}
