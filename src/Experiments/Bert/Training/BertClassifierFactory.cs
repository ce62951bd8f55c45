using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Training;

/// <summary>New classifiers: randomly initialised (seeded), or with a pre-trained encoder and a new head.</summary>
public static class BertClassifierFactory
{
    /// <summary>A classifier for <paramref name="labels"/> classes with BERT's initialisation under <c>torch.manual_seed(seed)</c>.</summary>
    public static BertForSequenceClassification Create(BertConfig config, int labels, int seed, Device? device = null)
    {
        manual_seed(seed);
        var model = new BertForSequenceClassification(config with { NumLabels = labels });
        BertInitializer.Apply(model);
        return device is null ? model : model.to(device);
    }

    /// <summary>
    /// A classifier whose encoder comes from <paramref name="checkpointFolder"/> (our model.safetensors, e.g. written by
    /// masked-LM pre-training, or a Hugging Face folder's safetensors, shards or pytorch_model.bin) and whose classifier
    /// head is new. Every encoder tensor (<c>bert.embeddings.*</c>, <c>bert.encoder.*</c>) must be in the checkpoint with
    /// the shape config.json implies; a checkpoint without a pooler keeps the fresh pooler (one with half a pooler is an
    /// error); heads (<c>cls.*</c>, <c>classifier.*</c>, ELECTRA's) and the <c>position_ids</c> buffer are ignored; any
    /// other tensor is an error naming it. The new head reads <paramref name="pooling"/>.
    /// </summary>
    public static BertForSequenceClassification FromPretrained(string checkpointFolder, int labels, int seed, Device? device = null,
        ClassifierPooling pooling = ClassifierPooling.Cls)
    {
        BertCheckpoint checkpoint = BertCheckpoint.Open(checkpointFolder);
        BertForSequenceClassification model = Create(checkpoint.Config with { Pooling = pooling }, labels, seed);
        static bool Encoder(string name) => name.StartsWith("bert.", StringComparison.Ordinal);
        string[] heads = ["classifier.", "cls.", "generator.", "discriminator_predictions."];
        try
        {
            StateDictLoader.LoadPartial(model, checkpoint.WeightsPath, take: Encoder,
                required: name => name.StartsWith("bert.embeddings.", StringComparison.Ordinal) || name.StartsWith("bert.encoder.", StringComparison.Ordinal),
                ignorable: name => name == "bert.embeddings.position_ids" || heads.Any(h => name.StartsWith(h, StringComparison.Ordinal)));
        }
        catch
        {
            model.Dispose();
            throw;
        }

        return device is null ? model : model.to(device);
    }
}
