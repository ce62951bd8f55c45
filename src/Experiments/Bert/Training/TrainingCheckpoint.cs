using System.Text.Json;
using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Training;

/// <summary>
/// Our fine-tuning checkpoint: a Hugging Face style folder (config.json with id2label, vocab.txt, model.safetensors;
/// <see cref="BertCheckpoint.Open"/> reads it) plus optimizer.safetensors (AdamW moments) and trainer-state.json
/// (epoch, step, seed, histories, early-stopping state). The RNG needs no saving: every epoch reseeds torch with
/// <see cref="EpochSeed"/> and shuffles with its own seeded Random, so resuming at an epoch boundary replays exactly.
/// </summary>
public static class TrainingCheckpoint
{
    public const string OptimizerFile = "optimizer.safetensors";
    public const string StateFile = "trainer-state.json";
    public const string BestWeightsFile = "best.safetensors";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The torch seed used for dropout in <paramref name="epoch"/> (0-based).</summary>
    public static long EpochSeed(int seed, int epoch) => seed + 7919L * (epoch + 1);

    /// <summary>Writes the classifier as a loadable folder: config.json (+ id2label), vocab.txt, tokenizer_config.json, model.safetensors.</summary>
    public static void SaveModel(BertForSequenceClassification model, BertTextTokenizer tokenizer, LabelSet labels, string directory)
    {
        Directory.CreateDirectory(directory);
        BertConfigJson.Write(model.Config with { NumLabels = labels.Count }, Path.Combine(directory, BertCheckpoint.ConfigFile), labels.Labels);
        tokenizer.SaveTo(directory);
        SafetensorsTorch.Save(model, Path.Combine(directory, BertCheckpoint.WeightsFile));
    }

    internal static void Save(string directory, BertForSequenceClassification model, BertTextTokenizer tokenizer, LabelSet labels, BertAdamW optimizer, TrainerState state, Tensor? rngState = null)
    {
        SaveModel(model, tokenizer, labels, directory);
        Dictionary<string, Tensor> tensors = optimizer.StateDict();
        if (rngState is not null) tensors[RngKey] = rngState;
        SafetensorsTorch.Save(tensors, Path.Combine(directory, OptimizerFile));
        // Written last: a folder with a state file is complete.
        string temp = Path.Combine(directory, StateFile + ".tmp");
        File.WriteAllText(temp, JsonSerializer.Serialize(state, Json));
        File.Move(temp, Path.Combine(directory, StateFile), overwrite: true);
    }

    /// <summary>torch's CPU generator state, stored beside the moments when a run stops mid-epoch.</summary>
    internal const string RngKey = "rng.torch";

    /// <summary>The generator state saved by a mid-epoch checkpoint, or null.</summary>
    internal static Tensor? LoadRngState(string directory)
    {
        Dictionary<string, Tensor> tensors = SafetensorsTorch.LoadStateDict(Path.Combine(directory, OptimizerFile));
        foreach ((string key, Tensor t) in tensors.Where(kv => kv.Key != RngKey)) t.Dispose();
        return tensors.GetValueOrDefault(RngKey);
    }

    /// <summary>True when <paramref name="directory"/> holds a trainer state (a finished epoch or a run stopped mid-epoch).</summary>
    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, StateFile));

    internal static TrainerState Load(string directory, BertForSequenceClassification model, BertAdamW optimizer, LabelSet labels)
    {
        string statePath = Path.Combine(directory, StateFile);
        TrainerState state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(statePath))
            ?? throw new InvalidDataException($"{statePath} is empty.");
        if (!state.Labels.SequenceEqual(labels.Labels, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"{statePath}: the checkpoint's labels ({string.Join(", ", state.Labels)}) differ from this data's ({string.Join(", ", labels.Labels)}).");
        }

        StateDictLoader.LoadSafetensors(model, Path.Combine(directory, BertCheckpoint.WeightsFile));
        Dictionary<string, Tensor> moments = SafetensorsTorch.LoadStateDict(Path.Combine(directory, OptimizerFile));
        try
        {
            optimizer.LoadState(moments, state.OptimizerSteps);
        }
        finally
        {
            foreach (Tensor t in moments.Values) t.Dispose();
        }

        return state;
    }
}

/// <summary>trainer-state.json: everything but tensors needed to continue a run.</summary>
internal sealed record TrainerState(
    int EpochsCompleted,
    int OptimizerSteps,
    int Seed,
    string[] Labels,
    double[] EpochLosses,
    double[] ValidationAccuracies,
    double BestAccuracy,
    int BestEpoch,
    int EpochsWithoutImprovement,
    string Rng = "torch.manual_seed(seed + 7919 * (epoch + 1)) at each epoch start; batch order from LengthBucketing seed + epoch",
    int BatchesInEpoch = 0,
    double PartialLossSum = 0,
    int PartialLossCount = 0);
