using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Pretraining;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Data.Catalog;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>
/// The inline pre-training step of <c>kind: bert</c> with <c>init: pretrain</c>: reads the unlabeled corpus (catalog
/// text datasets or shared files), and pre-trains a masked-LM BERT unless a checkpoint made from the same content
/// already exists. The cache key is a SHA-256 of every sentence, the vocabulary and every pre-training setting, so
/// reruns, resumed runs and other specs with the same corpus and settings reuse one checkpoint
/// (<c>{artifacts}/pretrained/mlm-{hash}/</c>) and a changed corpus or setting never does.
/// </summary>
internal static class MlmPretrainingCache
{
    /// <summary>
    /// Bump when the pre-training algorithm changes in a way that changes its weights. 2: BERT's original tokenization
    /// rules (symbols kept, accents stripped, newlines as spaces) change the corpus's ids.
    /// </summary>
    private const string FormatVersion = "mlm-cache-2";

    /// <summary>
    /// The sentences of <paramref name="corpus"/>: a catalog name (a text dataset's sentence column) or a path under the
    /// shared datasets folder, optionally with <c>#COLUMN</c> (0-based index, or a header name for .tsv files with
    /// a header): .tsv is tab-separated, .csv comma-separated (no quoting), anything else one sentence per line.
    /// </summary>
    public static IReadOnlyList<string> ReadCorpus(IReadOnlyList<string> corpus, DatasetCatalog catalog, ResolvedDataset runDataset, string candidate)
    {
        var sentences = new List<string>();
        // The run's own file is refused unless its held-out rows come from another file (sst2 with test_file: dev.tsv);
        // that held-out file is always refused.
        string? heldOut = Runs.Data.RunData.HeldOutFile(runDataset);
        foreach (string item in corpus)
        {
            string? file = catalog.Find(item) is not null ? catalog.Resolve(item).FilePath
                : SharedDatasets.Exists(item.Split('#')[0]) ? SharedDatasets.Resolve(item.Split('#')[0]) : null;
            bool isOwn = item == runDataset.Name || (file is not null && runDataset.FilePath is { } own && SamePath(file, own));
            if ((isOwn && heldOut is null) || (file is not null && heldOut is not null && SamePath(file, heldOut)))
                throw new ArgumentException($"Candidate '{candidate}': parameter pretrain_corpus: '{item}' is the run's own dataset; pre-training on it would show the model the test rows. Use other text (e.g. sst2 for a UCI review set).");
            if (catalog.Find(item) is { } entry)
            {
                var resolved = catalog.Resolve(item);
                if (entry.Task != DatasetTask.TextClassification || resolved.FilePath is not { } path || !File.Exists(path))
                    throw new ArgumentException($"Candidate '{candidate}': parameter pretrain_corpus: catalog dataset '{item}' is not a sentence<TAB>label text file; use sst2, uci_sentiment_* or a shared file path with #COLUMN.");
                sentences.AddRange(SentimentText.Load(path, header: entry.Name.StartsWith("sst2", StringComparison.Ordinal)).Texts);
                continue;
            }

            string[] parts = item.Split('#', 2);
            if (!SharedDatasets.Exists(parts[0]))
                throw new ArgumentException($"Candidate '{candidate}': parameter pretrain_corpus: '{item}' is neither a catalog dataset ({string.Join(", ", catalog.Datasets.Where(d => d.Task == DatasetTask.TextClassification).Select(d => d.Name))}) nor a file under the shared datasets folder.");
            sentences.AddRange(ReadFile(SharedDatasets.Resolve(parts[0]), parts.Length > 1 ? parts[1] : null));
        }

        return sentences.Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
    }

    private static bool SamePath(string a, string b) => Path.GetFullPath(a) == Path.GetFullPath(b);

    private static IEnumerable<string> ReadFile(string path, string? column)
    {
        if (path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase))
            return int.TryParse(column, out _) ? MlmCorpus.ReadTsvColumn(path, column!, hasHeader: false) : MlmCorpus.ReadTsvColumn(path, column ?? "sentence", hasHeader: true);
        if (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return MlmCorpus.ReadLines(path);
        int index = int.TryParse(column ?? "0", NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) && i >= 0
            ? i : throw new ArgumentException($"{path}: give the CSV text column as a 0-based index after '#', not '{column}'.");
        return File.ReadLines(path).Select(l => l.Split(',')).Where(f => f.Length > index).Select(f => f[index]);
    }

    /// <summary>The cache folder's name for these sentences, vocabulary and options.</summary>
    public static string Key(IReadOnlyList<string> sentences, string vocabPath, BertPretrainingOptions options)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => sha.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        BertConfig c = options.Config;
        Add(FormatVersion);
        Add(string.Create(CultureInfo.InvariantCulture,
            $"{c.HiddenSize} {c.NumHiddenLayers} {c.NumAttentionHeads} {c.IntermediateSize} {options.Steps} {options.BatchSize} {options.LearningRate:R} {options.WeightDecay:R} {options.WarmupFraction:R} {options.MaxGradNorm:R} {options.MaskProbability:R} {options.WholeWordMasking} {options.MaxLength} {options.Seed}"));
        // Added only for ELECTRA so the keys of masked-LM checkpoints made before the objective existed stay valid.
        if (options.Objective == PretrainingObjective.Electra) Add(string.Create(CultureInfo.InvariantCulture, $"electra {options.DiscriminatorWeight:R}"));
        sha.AppendData(File.ReadAllBytes(vocabPath));
        Add(sentences.Count.ToString(CultureInfo.InvariantCulture));
        foreach (string s in sentences) Add(s);
        return "mlm-" + Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    /// <summary>
    /// The checkpoint folder for these sentences and options under <paramref name="cacheRoot"/>, pre-training it first
    /// when absent. The work goes to <c>{folder}.partial</c> and is renamed when done, so an interrupted run never leaves a
    /// half checkpoint; a run cancelled there (Ctrl+C) leaves its resume state, and the next run continues from it.
    /// </summary>
    public static async Task<(string Folder, bool Reused, double Seconds)> GetOrCreateAsync(
        IReadOnlyList<string> sentences, BertTextTokenizer tokenizer, BertPretrainingOptions options, string cacheRoot, Device device,
        CancellationToken ct, IProgress<BertPretrainingProgress>? progress = null)
    {
        string folder = Path.Combine(cacheRoot, Key(sentences, tokenizer.VocabPath, options));
        if (File.Exists(Path.Combine(folder, BertCheckpoint.WeightsFile))) return (folder, true, 0);
        string partial = folder + ".partial";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<BertPretrainingProgress> history = await new BertPretrainer(options with { Resume = true })
            .PretrainAsync(sentences, tokenizer, partial, device, progress, ct).ConfigureAwait(false);
        BertPretrainer.WriteHistory(history, Path.Combine(partial, BertPretrainer.HistoryFile));
        if (!Directory.Exists(folder)) Directory.Move(partial, folder);
        else Directory.Delete(partial, recursive: true);
        return (folder, false, clock.Elapsed.TotalSeconds);
    }
}
