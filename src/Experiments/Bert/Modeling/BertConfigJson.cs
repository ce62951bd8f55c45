using System.Text.Json;
using System.Text.Json.Nodes;

namespace MarketLab.Experiments.Bert.Modeling;

/// <summary>Writes a Hugging Face style config.json (and reads back its id2label), so our folders load in transformers too.</summary>
public static class BertConfigJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="config"/> with HF key names; <paramref name="labels"/> become id2label/label2id.</summary>
    public static void Write(BertConfig config, string path, IReadOnlyList<string>? labels = null, string architecture = "BertForSequenceClassification")
    {
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray(architecture),
            ["model_type"] = "bert",
            ["vocab_size"] = config.VocabSize,
            ["hidden_size"] = config.HiddenSize,
            ["num_hidden_layers"] = config.NumHiddenLayers,
            ["num_attention_heads"] = config.NumAttentionHeads,
            ["intermediate_size"] = config.IntermediateSize,
            ["hidden_act"] = "gelu",
            ["max_position_embeddings"] = config.MaxPositionEmbeddings,
            ["type_vocab_size"] = config.TypeVocabSize,
            ["layer_norm_eps"] = config.LayerNormEps,
            ["hidden_dropout_prob"] = config.HiddenDropoutProb,
            ["attention_probs_dropout_prob"] = config.AttentionProbsDropoutProb,
            ["position_embedding_type"] = "absolute",
            ["pad_token_id"] = 0,
            ["num_labels"] = config.NumLabels,
            ["classifier_pooling"] = config.Pooling == ClassifierPooling.Mean ? "mean" : "cls",
        };
        if (labels is not null)
        {
            var id2label = new JsonObject();
            var label2id = new JsonObject();
            for (int i = 0; i < labels.Count; i++)
            {
                id2label[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = labels[i];
                label2id[labels[i]] = i;
            }

            json["id2label"] = id2label;
            json["label2id"] = label2id;
        }

        File.WriteAllText(path, json.ToJsonString(Indented));
    }

    /// <summary>The labels in id order from config.json's id2label, or null when it has none.</summary>
    public static IReadOnlyList<string>? ReadLabels(string path)
    {
        if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject json || json["id2label"] is not JsonObject map) return null;
        var labels = new string[map.Count];
        foreach ((string key, JsonNode? value) in map)
        {
            int id = int.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
            if (id < 0 || id >= labels.Length) throw new InvalidDataException($"{path}: id2label key {key} is outside 0..{labels.Length - 1}.");
            labels[id] = value?.GetValue<string>() ?? throw new InvalidDataException($"{path}: id2label[{key}] is null.");
        }

        return labels;
    }
}
