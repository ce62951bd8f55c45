using System.Diagnostics;
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
/// </summary>
public sealed class BertPretrainer(BertPretrainingOptions options)
{
    public BertPretrainingOptions Options { get; } = options.Validate();

    public Task<IReadOnlyList<BertPretrainingProgress>> PretrainAsync(
        IReadOnlyList<string> sentences, BertTextTokenizer tokenizer, string outputDirectory, Device? device = null,
        IProgress<BertPretrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (sentences.Count == 0) throw new ArgumentException("The corpus has no sentences.", nameof(sentences));
        IReadOnlyList<TokenizedText> encoded = sentences.Select((s, row) => tokenizer.Encode(s, row)).ToArray();
        MlmMasker masker = MlmMasker.For(tokenizer, Options.MaskProbability, Options.WholeWordMasking);
        int vocabSize = File.ReadLines(tokenizer.VocabPath).Count();
        BertConfig config = Options.Config with { VocabSize = vocabSize, MaxPositionEmbeddings = Math.Max(Options.Config.MaxPositionEmbeddings, tokenizer.MaxLength) };
        return Task.Run(() => Run(encoded, tokenizer, masker, config, outputDirectory, device ?? CPU, progress, cancellationToken), cancellationToken);
    }

    private IReadOnlyList<BertPretrainingProgress> Run(
        IReadOnlyList<TokenizedText> encoded, BertTextTokenizer tokenizer, MlmMasker masker, BertConfig config, string outputDirectory,
        Device device, IProgress<BertPretrainingProgress>? progress, CancellationToken ct)
    {
        BertPretrainingOptions o = Options;
        manual_seed(o.Seed);
        using var model = new BertForMaskedLM(config);
        BertInitializer.Apply(model);
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
        var clock = Stopwatch.StartNew();
        for (int step = 0; step < o.Steps; step++)
        {
            ct.ThrowIfCancellationRequested();
            if (cursor >= batches.Count)
            {
                batches = LengthBucketing.Batches(lengths, o.BatchSize, seed: o.Seed + epoch++);
                cursor = 0;
            }

            int[] rows = batches[cursor++];
            double lr = o.LearningRate * schedule.Multiplier(step);
            double value;
            using (var scope = NewDisposeScope())
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

        Directory.CreateDirectory(outputDirectory);
        BertConfigJson.Write(config, Path.Combine(outputDirectory, BertCheckpoint.ConfigFile), architecture: nameof(BertForMaskedLM));
        string vocab = Path.Combine(outputDirectory, BertCheckpoint.VocabFile);
        if (!string.Equals(Path.GetFullPath(vocab), tokenizer.VocabPath, StringComparison.Ordinal)) File.Copy(tokenizer.VocabPath, vocab, overwrite: true);
        SafetensorsTorch.Save(model, Path.Combine(outputDirectory, BertCheckpoint.WeightsFile));
        return history;
    }
}
