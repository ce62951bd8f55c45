using System.Diagnostics;
using System.Text.Json;
using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Recommendation.SasRec;
using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Recommendation;

/// <summary>What one sequence model's training run is: its name in messages, length, seed, step size and checkpoint files.</summary>
/// <param name="Name">"SASRec", "BERT4Rec": the prefix of log lines and errors.</param>
/// <param name="Epochs">Epochs to reach (a resumed run trains the ones left).</param>
/// <param name="Seed">Base seed; epoch e reseeds torch and the shuffle with Seed + 7919 (e + 1).</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="BatchSize">Sequences per batch.</param>
/// <param name="CheckpointDirectory">Folder for a checkpoint after every epoch (and to resume from); null for none.</param>
/// <param name="Files">The checkpoint's file names, distinct per model so that two models can share one folder.</param>
internal sealed record SequenceTraining(string Name, int Epochs, long Seed, double LearningRate, int BatchSize, string? CheckpointDirectory, CheckpointFiles Files)
{
    /// <summary>
    /// The epoch loop both sequence models share: resume from the checkpoint folder when it holds a finished epoch;
    /// then per epoch reseed torch, shuffle the <paramref name="sequences"/> with a <see cref="Random"/> of the same
    /// seed, ask <paramref name="beginEpoch"/> for the epoch's batch-loss function, step Adam on each batch's loss
    /// (inside a dispose scope), log every 50 batches, validate every <paramref name="validateEvery"/> epochs and at
    /// the last, write the checkpoint and report progress. A resumed run replays the straight one exactly.
    /// </summary>
    /// <param name="model">The model (set to training mode at each epoch, evaluation mode at the end).</param>
    /// <param name="optimizer">Adam; its moments and step count are checkpointed.</param>
    /// <param name="sequences">How many training sequences are shuffled and batched.</param>
    /// <param name="beginEpoch">Given the epoch (0-based), its seed, its random stream (already used for the shuffle) and the
    /// order, returns the loss of the batch of sequences order[start..start + count).</param>
    /// <param name="validate">Sampled (or full) validation Hit@10 and NDCG@10 of the current model; null for none.</param>
    /// <param name="validateEvery">Epochs between validations (the last epoch is always validated).</param>
    /// <param name="progress">Called after every epoch.</param>
    /// <param name="log">Resume and batch messages.</param>
    /// <param name="cancellation">Checked before every epoch.</param>
    public void Run(nn.Module model, BertAdamW optimizer, int sequences, Func<int, long, Random, int[], Func<int, int, Tensor>> beginEpoch,
        Func<(double Hit, double Ndcg)>? validate, int validateEvery, Action<SasRecProgress>? progress, Action<string>? log, CancellationToken cancellation)
    {
        if (sequences == 0) throw new InvalidOperationException($"{Name} has no training sequence to learn from.");
        int startEpoch = Resume(model, optimizer, log);
        int batchCount = (sequences + BatchSize - 1) / BatchSize;
        for (int epoch = startEpoch; epoch < Epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            long epochSeed = Seed + 7919L * (epoch + 1);
            torch.manual_seed(epochSeed);
            var random = new Random(unchecked((int)epochSeed));
            int[] order = Enumerable.Range(0, sequences).ToArray();
            random.Shuffle(order);
            var batchLoss = beginEpoch(epoch, epochSeed, random, order);
            model.train();
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < order.Length; start += BatchSize)
            {
                int count = Math.Min(BatchSize, order.Length - start);
                using var scope = NewDisposeScope();
                Tensor loss = batchLoss(start, count);
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step(LearningRate);
                double value = loss.item<float>();
                if (!double.IsFinite(value)) throw new InvalidOperationException($"{Name} loss became {value} at epoch {epoch + 1}, batch {batches + 1}; lower the learning rate.");
                lossSum += value;
                batches++;
                if (batches % 50 == 0)
                    log?.Invoke(FormattableString.Invariant($"{Name} epoch {epoch + 1}, batch {batches}/{batchCount}: loss {lossSum / batches:F4}, {clock.Elapsed.TotalMilliseconds / batches:F0} ms per batch"));
            }
            double seconds = clock.Elapsed.TotalSeconds;
            double? hit = null, ndcg = null;
            if (validate is not null && ((epoch + 1) % validateEvery == 0 || epoch + 1 == Epochs)) (hit, ndcg) = validate();
            if (CheckpointDirectory is string folder) Save(folder, model, optimizer, epoch + 1);
            progress?.Invoke(new SasRecProgress(epoch + 1, Epochs, lossSum / batches, sequences / seconds, seconds, hit, ndcg));
        }
        model.eval();
    }

    /// <summary>Validation Hit@10 / NDCG@10 of <paramref name="recommender"/>: sampled when the protocol samples negatives, else full ranking.</summary>
    public static (double Hit, double Ndcg) Validate(ISequenceRecommender recommender, RankingProtocol validation)
    {
        var evaluated = RecommenderEvaluator.Evaluate(recommender, validation);
        var outcomes = validation.HasSampled ? evaluated.Sampled : evaluated.Full;
        return (RankMetrics.Mean(RankMetric.HitAt(10), outcomes), RankMetrics.Mean(RankMetric.NdcgAt(10), outcomes));
    }

    // Loads weights, Adam moments and step count when the folder holds a finished epoch; returns the epochs done.
    private int Resume(nn.Module model, BertAdamW optimizer, Action<string>? log)
    {
        if (CheckpointDirectory is not string dir || !File.Exists(Path.Combine(dir, Files.State))) return 0;
        var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(dir, Files.State)))
            ?? throw new InvalidDataException($"{Path.Combine(dir, Files.State)} is empty.");
        StateDictLoader.LoadSafetensors(model, Path.Combine(dir, Files.Weights));
        var moments = SafetensorsTorch.LoadStateDict(Path.Combine(dir, Files.Optimizer));
        try { optimizer.LoadState(moments, state.Steps); }
        finally { foreach (var t in moments.Values) t.Dispose(); }
        log?.Invoke($"Resumed {Name} from {dir} after epoch {state.Epochs}.");
        return state.Epochs;
    }

    private void Save(string folder, nn.Module model, BertAdamW optimizer, int epochsDone)
    {
        Directory.CreateDirectory(folder);
        SafetensorsTorch.Save(model, Path.Combine(folder, Files.Weights));
        SafetensorsTorch.Save(optimizer.StateDict(), Path.Combine(folder, Files.Optimizer));
        // Written last: a folder with a state file holds a complete epoch.
        string temp = Path.Combine(folder, Files.State + ".tmp");
        File.WriteAllText(temp, JsonSerializer.Serialize(new CheckpointState(epochsDone, optimizer.StepCount)));
        File.Move(temp, Path.Combine(folder, Files.State), overwrite: true);
    }

    /// <summary>What a checkpoint's state file holds: epochs done and optimizer steps taken.</summary>
    private sealed record CheckpointState(int Epochs, int Steps);
}

/// <summary>The three files of a sequence model's checkpoint: weights, Adam state, and the state file written last.</summary>
internal sealed record CheckpointFiles(string Weights, string Optimizer, string State)
{
    /// <summary>PREFIX.safetensors, PREFIX-optimizer.safetensors, PREFIX-state.json.</summary>
    public static CheckpointFiles Prefixed(string prefix) => new(prefix + ".safetensors", prefix + "-optimizer.safetensors", prefix + "-state.json");
}
