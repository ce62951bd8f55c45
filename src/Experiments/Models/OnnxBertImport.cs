using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;

namespace MarketLab.Experiments.Models;

/// <summary>
/// The result of importing an ONNX BERT export: the architecture read from the graph and the weights under Hugging Face
/// BertModel names (<c>embeddings.*</c>, <c>encoder.layer.N.*</c>, <c>pooler.*</c> when present), Linear weights as
/// torch stores them ([out, in]).
/// </summary>
/// <param name="Config">Sizes read from the tensors; heads from the graph's Reshape constants (see <paramref name="HeadsSource"/>).</param>
/// <param name="Tensors">Float32 weights by state-dict name, in name order.</param>
/// <param name="Constants">Initializers recognised as graph constants rather than weights (Reshape sizes, Slice bounds, position ids).</param>
/// <param name="HeadsSource">Where the head count came from ("graph" or "hint").</param>
public sealed record OnnxBertImport(
    BertConfig Config,
    IReadOnlyDictionary<string, SafetensorsTensor> Tensors,
    IReadOnlyList<string> Constants,
    string HeadsSource)
{
    /// <summary>Whether the export carries the pooler (BertPooler dense layer); encoders exported without it do not.</summary>
    public bool HasPooler => Tensors.ContainsKey("pooler.dense.weight");

    /// <summary>Whether the export carries a classification head (<c>classifier.*</c>, BertForSequenceClassification); its rows are <see cref="BertConfig.NumLabels"/>.</summary>
    public bool HasClassifier => Tensors.ContainsKey("classifier.weight");

    /// <summary>Total number of imported parameters.</summary>
    public long ParameterCount => Tensors.Values.Sum(t => SafetensorsTensor.ElementCount(t.Shape));

    /// <summary>
    /// Writes config.json (architecture BertModel, or BertForSequenceClassification with a head) and model.safetensors into <paramref name="directory"/>; with a
    /// vocab.txt beside them the folder opens with <see cref="BertCheckpoint.Open"/> and <see cref="PretrainedEncoder.Load"/>.
    /// </summary>
    public void WriteCheckpoint(string directory, IReadOnlyDictionary<string, string>? metadata = null)
    {
        BertConfigJson.Write(Config, Path.Combine(directory, BertCheckpoint.ConfigFile), architecture: HasClassifier ? "BertForSequenceClassification" : "BertModel");
        var meta = new Dictionary<string, string> { ["format"] = "pt" };
        foreach ((string key, string value) in metadata ?? new Dictionary<string, string>()) meta[key] = value;
        // A classifier is written with BertForSequenceClassification's keys (bert.* and classifier.*), so it loads strictly.
        IReadOnlyDictionary<string, SafetensorsTensor> tensors = HasClassifier
            ? Tensors.ToDictionary(kv => kv.Key.StartsWith("classifier.", StringComparison.Ordinal) ? kv.Key : "bert." + kv.Key, kv => kv.Value, StringComparer.Ordinal)
            : Tensors;
        new SafetensorsFile(tensors, meta).Write(Path.Combine(directory, BertCheckpoint.WeightsFile));
    }
}
