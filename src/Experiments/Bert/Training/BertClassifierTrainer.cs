using MarketLab.Experiments.Bert.Runtime;
using System.Diagnostics;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Training;

/// <summary>
/// Fine-tunes a <see cref="BertForSequenceClassification"/>: AdamW without decay on biases and LayerNorm weights,
/// linear warm-up and decay, gradient clipping and accumulation, class weights, early stopping on validation accuracy,
/// a checkpoint per epoch with resume, and seeded determinism on the CPU.
/// </summary>
public sealed class BertClassifierTrainer(BertTrainingOptions options)
{
    public BertTrainingOptions Options { get; } = options.Validate();

    /// <summary>Splits off <see cref="BertTrainingOptions.ValidationFraction"/> of <paramref name="data"/> (seeded).</summary>
    public static (IReadOnlyList<LabeledText> Train, IReadOnlyList<LabeledText> Validation) Split(IReadOnlyList<LabeledText> data, double fraction, int seed)
    {
        int[] order = Enumerable.Range(0, data.Count).ToArray();
        new Random(seed).Shuffle(order);
        int held = (int)Math.Round(fraction * data.Count);
        return (order.Skip(held).Order().Select(i => data[i]).ToArray(), order.Take(held).Order().Select(i => data[i]).ToArray());
    }

    /// <summary>
    /// Trains <paramref name="model"/> in place on <paramref name="train"/>. Validation uses <paramref name="validation"/>,
    /// or a seeded split of <paramref name="train"/> when it is null. Long-running: runs on the thread pool.
    /// </summary>
    public Task<BertTrainingResult> TrainAsync(
        BertForSequenceClassification model,
        BertTextTokenizer tokenizer,
        LabelSet labels,
        IReadOnlyList<LabeledText> train,
        IReadOnlyList<LabeledText>? validation = null,
        IProgress<BertTrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        if (model.Config.NumLabels != labels.Count)
        {
            throw new ArgumentException($"The model has {model.Config.NumLabels} outputs but there are {labels.Count} labels ({string.Join(", ", labels.Labels)}).", nameof(model));
        }

        if (validation is null && Options.ValidationFraction > 0) (train, validation) = Split(train, Options.ValidationFraction, Options.Seed);
        if (train.Count == 0) throw new ArgumentException("No training rows.", nameof(train));
        if (Options.EarlyStoppingPatience is not null && (validation is null || validation.Count == 0))
        {
            throw new ArgumentException("EarlyStoppingPatience needs validation rows (pass a validation set or a ValidationFraction > 0).", nameof(validation));
        }

        // Encode up front (on the caller's thread) so bad rows fail fast, naming the row.
        (IReadOnlyList<TokenizedText> inputs, int[] targets) = BertClassifierEvaluator.Encode(tokenizer, labels, train);
        (IReadOnlyList<TokenizedText> Inputs, int[] Targets)? held = validation is { Count: > 0 } ? BertClassifierEvaluator.Encode(tokenizer, labels, validation) : null;
        float[]? weights = ClassWeights(labels, targets);
        return Task.Run(() => Train(model, tokenizer, labels, inputs, targets, held, weights, progress, cancellationToken), cancellationToken);
    }

    private float[]? ClassWeights(LabelSet labels, int[] targets)
    {
        if (Options.BalancedClassWeights)
        {
            int[] counts = new int[labels.Count];
            foreach (int t in targets) counts[t]++;
            return counts.Select(c => c == 0 ? 1f : (float)((double)targets.Length / (labels.Count * c))).ToArray();
        }

        if (Options.ClassWeights is null) return null;
        foreach (string label in Options.ClassWeights.Keys) labels.IdOf(label);
        return labels.Labels.Select(l => (float)Options.ClassWeights.GetValueOrDefault(l, 1.0)).ToArray();
    }

    /// <summary>The parameter <see cref="BertTrainingOptions.FreezeWordEmbeddings"/> keeps fixed.</summary>
    public const string WordEmbeddingsKey = "bert.embeddings.word_embeddings.weight";

    private BertTrainingResult Train(
        BertForSequenceClassification model, BertTextTokenizer tokenizer, LabelSet labels, IReadOnlyList<TokenizedText> inputs, int[] targets,
        (IReadOnlyList<TokenizedText> Inputs, int[] Targets)? held, float[]? classWeights, IProgress<BertTrainingProgress>? progress, CancellationToken ct)
    {
        // Frozen parameters are left out of the optimizer (ParameterGroups skips requires_grad = false) and get no gradient.
        TorchSharp.Modules.Parameter? frozen = Options.FreezeWordEmbeddings
            ? model.named_parameters().Single(p => p.name == WordEmbeddingsKey).parameter
            : null;
        if (frozen is not null) frozen.requires_grad = false;
        try
        {
            return TrainUnfrozen(model, tokenizer, labels, inputs, targets, held, classWeights, progress, ct);
        }
        finally
        {
            if (frozen is not null) frozen.requires_grad = true;
        }
    }

    private BertTrainingResult TrainUnfrozen(
        BertForSequenceClassification model, BertTextTokenizer tokenizer, LabelSet labels, IReadOnlyList<TokenizedText> inputs, int[] targets,
        (IReadOnlyList<TokenizedText> Inputs, int[] Targets)? held, float[]? classWeights, IProgress<BertTrainingProgress>? progress, CancellationToken ct)
    {
        BertTrainingOptions o = Options;
        Device device = model.parameters().First().device;
        int[] lengths = inputs.Select(i => i.Length).ToArray();
        int batchesPerEpoch = (inputs.Count + o.BatchSize - 1) / o.BatchSize;
        int stepsPerEpoch = (batchesPerEpoch + o.GradientAccumulationSteps - 1) / o.GradientAccumulationSteps;
        var schedule = LinearWarmupSchedule.FromFraction(o.WarmupFraction, stepsPerEpoch * o.Epochs);
        using var optimizer = new BertAdamW(model, o.WeightDecay);
        using Tensor? weight = classWeights is null ? null : tensor(classWeights, device: device);

        var state = new TrainerState(0, 0, o.Seed, labels.Labels.ToArray(), [], [], -1.0, -1, 0);
        if (o.Resume && o.CheckpointDirectory is { } resumeFrom && TrainingCheckpoint.Exists(resumeFrom))
        {
            state = TrainingCheckpoint.Load(resumeFrom, model, optimizer, labels);
            if (state.Seed != o.Seed) throw new InvalidOperationException($"The checkpoint in {resumeFrom} was trained with seed {state.Seed}, not {o.Seed}; resume with the same seed.");
        }

        // A checkpoint written on cancellation (mid-epoch) continues at its batch with the RNG stream it had.
        int resumeBatch = state.BatchesInEpoch;
        using Tensor? resumeRng = resumeBatch > 0 && o.CheckpointDirectory is { } rngFrom ? TrainingCheckpoint.LoadRngState(rngFrom) : null;
        var losses = state.EpochLosses.ToList();
        var accuracies = state.ValidationAccuracies.ToList();
        int step = state.OptimizerSteps;
        bool stoppedEarly = false;
        long samples = 0;
        var clock = Stopwatch.StartNew();
        int lastEpoch = o.StopAfterEpochs is int stop ? Math.Min(o.Epochs, state.EpochsCompleted + stop) : o.Epochs;
        for (int epoch = state.EpochsCompleted; epoch < lastEpoch; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            manual_seed(TrainingCheckpoint.EpochSeed(o.Seed, epoch));
            model.train();
            IReadOnlyList<int[]> batches = LengthBucketing.Batches(lengths, o.BatchSize, seed: o.Seed + epoch);
            double lossSum = 0;
            int lossCount = 0;
            int firstBatch = 0;
            if (resumeBatch > 0)
            {
                (firstBatch, lossSum, lossCount, resumeBatch) = (resumeBatch, state.PartialLossSum, state.PartialLossCount, 0);
                if (resumeRng is not null) set_rng_state(resumeRng);
            }

            optimizer.ZeroGrad();
            for (int b = firstBatch; b < batches.Count; b++)
            {
                // Cancellation is honoured between optimizer steps; mid-epoch, the checkpoint folder gets a resumable state.
                if (ct.IsCancellationRequested && b % o.GradientAccumulationSteps == 0)
                {
                    if (o.CheckpointDirectory is { } partial && b > 0)
                    {
                        using Tensor rng = get_rng_state();
                        TrainingCheckpoint.Save(partial, model, tokenizer, labels, optimizer, state with
                        {
                            OptimizerSteps = step, BatchesInEpoch = b, PartialLossSum = lossSum, PartialLossCount = lossCount,
                        }, rng);
                    }

                    ct.ThrowIfCancellationRequested();
                }

                int[] rows = batches[b];
                double lr = o.LearningRate * schedule.Multiplier(step);
                using (var scope = NewDisposeScope())
                using (Runtime.Autocast.ForDevice(device))
                {
                    BertBatch batch = tokenizer.Pad(rows.Select(r => inputs[r]).ToArray());
                    using var tensors = new BertBatchTensors(batch, device);
                    Tensor target = tensor(rows.Select(r => (long)targets[r]).ToArray(), device: device);
                    Tensor logits = model.forward(tensors.InputIds, tensors.TokenTypeIds, tensors.AttentionMask);
                    Tensor loss = nn.functional.cross_entropy(logits, target, weight);
                    double value = loss.item<float>();
                    if (!double.IsFinite(value)) throw new NonFiniteLossException(epoch + 1, step + 1, value, lr);
                    using Scalar accumulation = o.GradientAccumulationSteps.ToScalar();   // held through the call (see HeldScalars)
                    loss.div(accumulation).backward();
                    lossSum += value * rows.Length;
                    lossCount += rows.Length;
                    samples += rows.Length;
                }

                bool boundary = (b + 1) % o.GradientAccumulationSteps == 0 || b == batches.Count - 1;
                if (!boundary) continue;
                if (o.MaxGradNorm is double maxNorm) nn.utils.clip_grad_norm_(optimizer.Parameters, maxNorm);
                optimizer.Step(lr);
                optimizer.ZeroGrad();
                step++;
                progress?.Report(new BertTrainingProgress(epoch + 1, o.Epochs, step, schedule.TotalSteps, lossSum / lossCount, lr, samples / clock.Elapsed.TotalSeconds));
            }

            losses.Add(lossSum / lossCount);
            ClassificationCounts? counts = null;
            int bestEpoch = state.BestEpoch, bad = state.EpochsWithoutImprovement;
            double best = state.BestAccuracy;
            if (held is { } h)
            {
                counts = BertClassifierEvaluator.Evaluate(model, tokenizer, labels.Count, h.Inputs, h.Targets, Math.Max(o.BatchSize, 64));
                accuracies.Add(counts.Accuracy);
                if (counts.Accuracy > best)
                {
                    (best, bestEpoch, bad) = (counts.Accuracy, epoch + 1, 0);
                    if (o.EarlyStoppingPatience is not null) SaveBest(model, o.CheckpointDirectory);
                }
                else
                {
                    bad++;
                }

                progress?.Report(new BertTrainingProgress(epoch + 1, o.Epochs, step, schedule.TotalSteps, losses[^1], 0, samples / clock.Elapsed.TotalSeconds, counts));
            }

            state = state with
            {
                EpochsCompleted = epoch + 1, OptimizerSteps = step, EpochLosses = losses.ToArray(), ValidationAccuracies = accuracies.ToArray(),
                BestAccuracy = best, BestEpoch = bestEpoch, EpochsWithoutImprovement = bad, BatchesInEpoch = 0, PartialLossSum = 0, PartialLossCount = 0,
            };
            if (o.CheckpointDirectory is { } folder) TrainingCheckpoint.Save(folder, model, tokenizer, labels, optimizer, state);
            if (o.EarlyStoppingPatience is int patience && bad >= patience)
            {
                stoppedEarly = true;
                break;
            }
        }

        if (o.EarlyStoppingPatience is not null && state.BestEpoch > 0 && state.BestEpoch != state.EpochsCompleted) RestoreBest(model, o.CheckpointDirectory);
        model.eval();
        return new BertTrainingResult(state.EpochsCompleted, step, losses, accuracies, state.BestEpoch, stoppedEarly, samples / Math.Max(1e-9, clock.Elapsed.TotalSeconds));
    }

    // Best weights live in the checkpoint folder when there is one, else in memory (this run only).
    private Dictionary<string, Tensor>? bestInMemory;

    private void SaveBest(BertForSequenceClassification model, string? folder)
    {
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
            Checkpoints.SafetensorsTorch.Save(model, Path.Combine(folder, TrainingCheckpoint.BestWeightsFile));
            return;
        }

        if (bestInMemory is not null) foreach (Tensor t in bestInMemory.Values) t.Dispose();
        bestInMemory = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone(), StringComparer.Ordinal);
    }

    private void RestoreBest(BertForSequenceClassification model, string? folder)
    {
        if (folder is not null && File.Exists(Path.Combine(folder, TrainingCheckpoint.BestWeightsFile)))
        {
            Checkpoints.StateDictLoader.LoadSafetensors(model, Path.Combine(folder, TrainingCheckpoint.BestWeightsFile));
        }
        else if (bestInMemory is not null)
        {
            Checkpoints.StateDictLoader.LoadStrict(model, bestInMemory, "best weights (memory)");
        }
    }
}
