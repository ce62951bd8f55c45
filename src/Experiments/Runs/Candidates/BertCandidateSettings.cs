using System.Globalization;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Pretraining;

namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>How a <c>kind: bert</c> candidate's encoder starts.</summary>
internal enum BertInit
{
    /// <summary>BERT's N(0, 0.02) random initialisation.</summary>
    Scratch,

    /// <summary>The encoder of an existing masked-LM (or classifier) checkpoint folder.</summary>
    Checkpoint,

    /// <summary>Masked-LM pre-training inside the run, cached under the artifacts folder by content hash.</summary>
    Pretrain,

    /// <summary>A catalogued pretrained encoder (<c>model: all-minilm-l6-v2</c>), installed into the model cache when missing.</summary>
    Model,
}

/// <summary>The parsed parameters of a <c>kind: bert</c> candidate; <see cref="Parse"/> names every bad one.</summary>
internal sealed record BertCandidateSettings(
    BertSize Size, int Epochs, int BatchSize, double LearningRate, int MaxLength, int Threads, double Validation, BertInit Init,
    string? Checkpoint, IReadOnlyList<string> Corpus, int PretrainSteps, int PretrainBatchSize, double PretrainLearningRate,
    bool WholeWordMasking, int PretrainSeed, bool FreezeEmbeddings = false, PretrainingObjective Objective = PretrainingObjective.MaskedLM,
    string? Model = null, ClassifierPooling Pooling = ClassifierPooling.Cls)
{
    public static readonly string[] Names =
    [
        "size", "epochs", "batch_size", "learning_rate", "max_length", "threads", "validation", "init", "checkpoint", "model", "freeze_embeddings", "pooling",
        "pretrain_corpus", "pretrain_steps", "pretrain_batch_size", "pretrain_learning_rate", "pretrain_whole_word", "pretrain_seed",
        "pretrain_objective",
    ];

    private static readonly BertSize[] Sizes = [BertSize.Tiny, BertSize.Mini, BertSize.Small];

    /// <summary>The settings, or each bad parameter with a message.</summary>
    public static (BertCandidateSettings? Settings, List<(string Parameter, string Message)> Errors) Parse(IReadOnlyDictionary<string, string> p)
    {
        var errors = new List<(string, string)>();
        int Int(string key, int fallback, int min, int max)
        {
            if (!p.TryGetValue(key, out var text)) return fallback;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max) return v;
            errors.Add((key, $"'{text}' is not an integer in [{min}, {max}]"));
            return fallback;
        }

        double Double(string key, double fallback, double min, double max)
        {
            if (!p.TryGetValue(key, out var text)) return fallback;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > min && v < max) return v;
            errors.Add((key, $"'{text}' is not a number in ({min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)})"));
            return fallback;
        }

        string sizeText = p.GetValueOrDefault("size") ?? "tiny";
        var size = BertSize.Tiny;
        if (!(Enum.TryParse(sizeText, ignoreCase: true, out size) && Sizes.Contains(size) && !int.TryParse(sizeText, out _)))
            errors.Add(("size", $"'{sizeText}' is not allowed; use one of tiny, mini, small (2x128, 4x256, 4x512; larger sizes do not train on 2 CPU cores in a run)"));
        int epochs = Int("epochs", 3, 1, 1000), batch = Int("batch_size", 32, 1, 4096), maxLength = Int("max_length", 128, 8, 512);
        int threads = Int("threads", 1, 1, 256);
        double rate = Double("learning_rate", 1e-4, 0, 1), validation = p.ContainsKey("validation") && p["validation"] == "0" ? 0 : Double("validation", 0.1, 0, 0.9);

        string initText = p.GetValueOrDefault("init") ?? (p.ContainsKey("checkpoint") ? "checkpoint" : "scratch");
        var init = initText switch
        {
            "scratch" => BertInit.Scratch,
            "checkpoint" => BertInit.Checkpoint,
            "pretrain" => BertInit.Pretrain,
            "model" => BertInit.Model,
            _ => (BertInit?)null,
        };
        if (init is null) errors.Add(("init", $"'{initText}' is not allowed; use scratch, checkpoint (with checkpoint: FOLDER), pretrain (masked-LM pre-training in the run, cached) or model (with model: NAME, a pretrained encoder)"));
        string? model = p.GetValueOrDefault("model");
        if (init == BertInit.Model && string.IsNullOrWhiteSpace(model))
            errors.Add(("model", $"is required with init: model (one of {string.Join(", ", MarketLab.Experiments.Models.PretrainedModels.All.Select(m => m.Name))})"));
        else if (init == BertInit.Model && !MarketLab.Experiments.Models.PretrainedModels.All.Any(m => m.Name == model))
            errors.Add(("model", $"'{model}' is not a catalogued model; use one of {string.Join(", ", MarketLab.Experiments.Models.PretrainedModels.All.Select(m => m.Name))} (for a model folder, e.g. one from the Hugging Face hub, use init: checkpoint with checkpoint: FOLDER)"));
        if (init != BertInit.Model && model is not null)
            errors.Add(("model", $"is only used with init: model (init is {initText})"));
        string? checkpoint = p.GetValueOrDefault("checkpoint");
        if (init == BertInit.Checkpoint && string.IsNullOrWhiteSpace(checkpoint))
            errors.Add(("checkpoint", "is required with init: checkpoint (a folder with config.json, vocab.txt or tokenizer.json, and model.safetensors, sharded safetensors or pytorch_model.bin, relative to the repository root or the artifacts folder)"));
        if (init != BertInit.Checkpoint && checkpoint is not null)
            errors.Add(("checkpoint", $"is only used with init: checkpoint (init is {initText})"));

        string[] corpus = (p.GetValueOrDefault("pretrain_corpus") ?? "sst2").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (corpus.Length == 0) errors.Add(("pretrain_corpus", "is empty; name catalog datasets (e.g. sst2) or shared files (e.g. text/pricerunner_product_category/pricerunner_aggregate.csv#1)"));
        int steps = Int("pretrain_steps", 1000, 1, 1_000_000), pretrainBatch = Int("pretrain_batch_size", 32, 1, 4096);
        int pretrainSeed = Int("pretrain_seed", 42, 0, int.MaxValue);
        double pretrainRate = Double("pretrain_learning_rate", 5e-4, 0, 1);
        bool wholeWord = false;
        if (p.TryGetValue("pretrain_whole_word", out var ww) && !bool.TryParse(ww, out wholeWord))
            errors.Add(("pretrain_whole_word", $"'{ww}' is not true or false"));
        PretrainingObjective? objective = PretrainingObjectives.Parse(p.GetValueOrDefault("pretrain_objective") ?? "mlm");
        if (objective is null) errors.Add(("pretrain_objective", $"'{p["pretrain_objective"]}' is not allowed; use {PretrainingObjectives.Names}"));
        bool freeze = false;
        if (p.TryGetValue("freeze_embeddings", out var fe) && !bool.TryParse(fe, out freeze))
            errors.Add(("freeze_embeddings", $"'{fe}' is not true or false"));
        if (freeze && init == BertInit.Scratch)
            errors.Add(("freeze_embeddings", "keeps the word embeddings fixed, which only makes sense for a pre-trained start (init: checkpoint, pretrain or model); from scratch they would stay random"));
        ClassifierPooling pooling = ClassifierPooling.Cls;
        if (p.TryGetValue("pooling", out var pl))
        {
            if (pl == "cls") pooling = ClassifierPooling.Cls;
            else if (pl == "mean") pooling = ClassifierPooling.Mean;
            else errors.Add(("pooling", $"'{pl}' is not allowed; use cls ([CLS] through the pooler, the default) or mean (attention-masked mean of the token vectors)"));
        }

        if (init != BertInit.Pretrain)
        {
            foreach (string key in p.Keys.Where(k => k.StartsWith("pretrain_", StringComparison.Ordinal)))
                errors.Add((key, $"is only used with init: pretrain (init is {initText})"));
        }

        return errors.Count > 0 || init is null
            ? (null, errors)
            : (new BertCandidateSettings(size, epochs, batch, rate, maxLength, threads, validation, init.Value, checkpoint, corpus, steps,
                pretrainBatch, pretrainRate, wholeWord, pretrainSeed, freeze, objective ?? PretrainingObjective.MaskedLM, model, pooling), errors);
    }
}
