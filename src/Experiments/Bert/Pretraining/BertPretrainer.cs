using System.Diagnostics;
using System.Text.Json;
using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Bert.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Pretraining;

/// <summary>
/// Masked-LM pre-training from scratch on a list of sentences, writing a checkpoint folder (config.json, vocab.txt,
/// model.safetensors with bert.* and cls.predictions.*) that <see cref="BertClassifierFactory.FromPretrained"/> starts
/// fine-tuning from. Same optimizer and schedule as fine-tuning; batches cycle through seeded length-bucketed epochs.
/// Cancelled between steps, it writes the model so far plus <see cref="StateFile"/> and <see cref="OptimizerFile"/>
/// (moments and torch's generator state) to the output folder; with <see cref="BertPretrainingOptions.Resume"/> a later
/// run replays the batch order and masking up to that step and continues exactly where it stopped.
/// </summary>
public sealed class BertPretrainer(BertPretrainingOptions options)
{
    public const string StateFile = "pretrain-state.json";
    public const string OptimizerFile = "pretrain-optimizer.safetensors";

    /// <summary>The loss history written beside a finished checkpoint: step, loss, mean_loss, learning_rate, samples_per_second.</summary>
    public const string HistoryFile = "pretrain-history.csv";

    /// <summary>Writes <paramref name="history"/> as <see cref="HistoryFile"/>'s CSV (invariant culture, round-trip losses).</summary>
    public static void WriteHistory(IReadOnlyList<BertPretrainingProgress> history, string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("step,loss,mean_loss,learning_rate,samples_per_second");
        foreach (BertPretrainingProgress h in history)
            writer.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{h.Step},{h.Loss:R},{h.MeanLoss:R},{h.LearningRate:R},{h.SamplesPerSecond:F1}"));
    }

    public BertPretrainingOptions Options { get; } = options.Validate();

    /// <summary>True when <paramref name="outputDirectory"/> holds a pre-training run stopped before its last step.</summary>
    public static bool CanResume(string outputDirectory) => File.Exists(Path.Combine(outputDirectory, StateFile));

    public Task<IReadOnlyList<BertPretrainingProgress>> PretrainAsync(
        IReadOnlyList<string> sentences, BertTextTokenizer tokenizer, string outputDirectory, Device? device = null,
        IProgress<BertPretrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (sentences.Count == 0) throw new ArgumentException("The corpus has no sentences.", nameof(sentences));
        IReadOnlyList<TokenizedText> encoded = sentences.Select((s, row) => tokenizer.Encode(s, row)).ToArray();
        MlmMasker masker = MlmMasker.For(tokenizer, Options.MaskProbability, Options.WholeWordMasking);
        int vocabSize = tokenizer.Vocabulary.Count;
        BertConfig config;
        if (Options.InitialCheckpoint is string from)
        {
            config = BertCheckpoint.Open(from).Config;
            if (config.VocabSize != vocabSize)
                throw new ArgumentException($"The checkpoint {from} has a vocabulary of {config.VocabSize:N0} tokens, the tokenizer's {tokenizer.VocabPath} {vocabSize:N0}; continue pre-training with the checkpoint's own vocab.txt.");
            if (config.MaxPositionEmbeddings < tokenizer.MaxLength)
                throw new ArgumentException($"The checkpoint {from} has {config.MaxPositionEmbeddings} positions, fewer than the maximum length {tokenizer.MaxLength}.");
        }
        else
        {
            config = Options.Config with { VocabSize = vocabSize, MaxPositionEmbeddings = Math.Max(Options.Config.MaxPositionEmbeddings, tokenizer.MaxLength) };
        }

        return Task.Run(() => Run(encoded, tokenizer, masker, config, outputDirectory, device ?? CPU, progress, cancellationToken), cancellationToken);
    }

    private IReadOnlyList<BertPretrainingProgress> Run(
        IReadOnlyList<TokenizedText> encoded, BertTextTokenizer tokenizer, MlmMasker masker, BertConfig config, string outputDirectory,
        Device device, IProgress<BertPretrainingProgress>? progress, CancellationToken ct)
    {
        BertPretrainingOptions o = Options;
        manual_seed(o.Seed);
        using nn.Module<Tensor, Tensor, Tensor, Tensor, Tensor> model = o.Objective == PretrainingObjective.Electra
            ? new ElectraForPreTraining(config, o.DiscriminatorWeight)
            : new BertForMaskedLM(config);
        BertInitializer.Apply(model);
        bool resuming = o.Resume && CanResume(outputDirectory);
        if (o.InitialCheckpoint is string initial && !resuming) LoadInitialWeights(model, initial);
        model.to(device);
        model.train();
        using var optimizer = new BertAdamW(model, o.WeightDecay);
        var schedule = LinearWarmupSchedule.FromFraction(o.WarmupFraction, o.Steps);
        var random = new Random(o.Seed);
        int[] lengths = encoded.Select(e => e.Length).ToArray();
        var history = new List<BertPretrainingProgress>(o.Steps);
        IReadOnlyList<int[]> batches = [];
        int cursor = 0, epoch = 0;
        double lossSum = 0;
        long samples = 0;
        int startStep = 0;
        Tensor? rng = null;
        if (resuming)
        {
            PretrainState state = JsonSerializer.Deserialize<PretrainState>(File.ReadAllText(Path.Combine(outputDirectory, StateFile)))
                ?? throw new InvalidDataException($"{Path.Combine(outputDirectory, StateFile)} is empty.");
            if (state.Seed != o.Seed || state.Steps != o.Steps)
                throw new InvalidOperationException($"The stopped run in {outputDirectory} used seed {state.Seed} and {state.Steps} steps; resume with the same --seed and --steps (or delete the folder).");
            StateDictLoader.LoadSafetensors(model, Path.Combine(outputDirectory, BertCheckpoint.WeightsFile));
            Dictionary<string, Tensor> saved = SafetensorsTorch.LoadStateDict(Path.Combine(outputDirectory, OptimizerFile));
            optimizer.LoadState(saved, state.Step);
            rng = saved.GetValueOrDefault(RngKey);
            foreach ((string key, Tensor t) in saved.Where(kv => kv.Key != RngKey)) t.Dispose();
            (startStep, lossSum) = (state.Step, state.LossSum);
        }

        var clock = Stopwatch.StartNew();
        for (int step = 0; step < o.Steps; step++)
        {
            if (step < startStep)
            {
                // Replay batch order and masking (CPU only) so the masking Random is where the stopped run left it.
                if (cursor >= batches.Count) (batches, cursor) = (LengthBucketing.Batches(lengths, o.BatchSize, seed: o.Seed + epoch++), 0);
                masker.Mask(tokenizer.Pad(batches[cursor++].Select(r => encoded[r]).ToArray()), random);
                continue;
            }

            if (step == startStep && rng is not null)
            {
                set_rng_state(rng);
                rng.Dispose();
            }

            if (ct.IsCancellationRequested)
            {
                if (step > 0)
                {
                    WriteModel(model, config, tokenizer, outputDirectory);
                    using Tensor generator = get_rng_state();
                    Dictionary<string, Tensor> tensors = optimizer.StateDict();
                    tensors[RngKey] = generator;
                    SafetensorsTorch.Save(tensors, Path.Combine(outputDirectory, OptimizerFile));
                    File.WriteAllText(Path.Combine(outputDirectory, StateFile), JsonSerializer.Serialize(new PretrainState(step, o.Steps, o.Seed, lossSum)));
                }

                ct.ThrowIfCancellationRequested();
            }

            if (cursor >= batches.Count)
            {
                batches = LengthBucketing.Batches(lengths, o.BatchSize, seed: o.Seed + epoch++);
                cursor = 0;
            }

            int[] rows = batches[cursor++];
            double lr = o.LearningRate * schedule.Multiplier(step);
            double value;
            using (var scope = NewDisposeScope())
            using (Runtime.Autocast.ForDevice(device))
            {
                BertBatch batch = tokenizer.Pad(rows.Select(r => encoded[r]).ToArray());
                MaskedBatch masked = masker.Mask(batch, random);
                long[] shape = [batch.BatchSize, batch.SequenceLength];
                Tensor ids = tensor(masked.InputIds, shape, device: device);
                Tensor types = tensor(batch.TokenTypeIds, shape, device: device);
                Tensor mask = tensor(batch.AttentionMask, shape, device: device);
                Tensor labels = tensor(masked.Labels, shape, device: device);
                Tensor loss = model.forward(ids, types, mask, labels);
                value = loss.item<float>();
                if (!double.IsFinite(value)) throw new NonFiniteLossException(epoch, step + 1, value, lr);
                loss.backward();
            }

            if (o.MaxGradNorm is double maxNorm) nn.utils.clip_grad_norm_(optimizer.Parameters, maxNorm);
            optimizer.Step(lr);
            optimizer.ZeroGrad();
            lossSum += value;
            samples += rows.Length;
            var report = new BertPretrainingProgress(step + 1, o.Steps, value, lossSum / (step + 1), lr, samples / clock.Elapsed.TotalSeconds);
            history.Add(report);
            progress?.Report(report);
        }

        WriteModel(model, config, tokenizer, outputDirectory);
        File.Delete(Path.Combine(outputDirectory, StateFile));
        File.Delete(Path.Combine(outputDirectory, OptimizerFile));
        return history;
    }

    /// <summary>
    /// Copies a checkpoint's weights into a freshly initialised pre-training model. Every encoder tensor
    /// (<c>bert.embeddings.*</c>, <c>bert.encoder.*</c>) must be in the file with the model's shape; tensors the file
    /// lacks (a pooler, or heads it never had: a fine-tuned classifier has no MLM head, a masked-LM checkpoint no ELECTRA
    /// generator) keep their initialisation; file tensors the model has no place for are ignored only when they belong to
    /// a head (<c>classifier.*</c>, <c>cls.*</c>, <c>generator.*</c>, <c>discriminator_predictions.*</c>). Returns the
    /// names that kept their initialisation.
    /// </summary>
    public static IReadOnlyList<string> LoadInitialWeights(nn.Module model, string checkpointFolder)
    {
        string[] heads = ["classifier.", "cls.", "generator.", "discriminator_predictions."];
        return StateDictLoader.LoadPartial(model, BertCheckpoint.Open(checkpointFolder).WeightsPath, take: _ => true,
            required: name => (name.StartsWith("bert.embeddings.", StringComparison.Ordinal) || name.StartsWith("bert.encoder.", StringComparison.Ordinal))
                              && name != "bert.embeddings.position_ids",
            ignorable: name => name == "bert.embeddings.position_ids" || heads.Any(h => name.StartsWith(h, StringComparison.Ordinal))).Kept;
    }

    private const string RngKey = "rng.torch";

    private static void WriteModel(nn.Module model, BertConfig config, BertTextTokenizer tokenizer, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        BertConfigJson.Write(config, Path.Combine(outputDirectory, BertCheckpoint.ConfigFile), architecture: model.GetName());
        tokenizer.SaveTo(outputDirectory);
        SafetensorsTorch.Save(model, Path.Combine(outputDirectory, BertCheckpoint.WeightsFile));
    }

    private sealed record PretrainState(int Step, int Steps, int Seed, double LossSum);
}
