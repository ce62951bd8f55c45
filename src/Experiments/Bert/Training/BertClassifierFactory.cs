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
    /// A classifier whose encoder (every <c>bert.*</c> tensor of <paramref name="checkpointFolder"/>'s model.safetensors,
    /// e.g. one written by masked-LM pre-training) is loaded and whose classifier head is new. A checkpoint without a
    /// pooler keeps the fresh pooler; other heads (<c>cls.*</c>, <c>classifier.*</c>) are ignored.
    /// </summary>
    public static BertForSequenceClassification FromPretrained(string checkpointFolder, int labels, int seed, Device? device = null)
    {
        BertCheckpoint checkpoint = BertCheckpoint.Open(checkpointFolder);
        BertForSequenceClassification model = Create(checkpoint.Config, labels, seed);
        static bool Encoder(string name) => name.StartsWith("bert.", StringComparison.Ordinal);
        StateDictLoader.LoadPartial(model, checkpoint.WeightsPath, take: Encoder, required: _ => false,
            ignorable: name => !Encoder(name) || name == "bert.embeddings.position_ids");

        return device is null ? model : model.to(device);
    }
}
