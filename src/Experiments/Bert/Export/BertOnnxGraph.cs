using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using Onnx;
using static TorchSharp.torch;
using DataType = Onnx.TensorProto.Types.DataType;

namespace MarketLab.Experiments.Bert.Export;

/// <summary>
/// The nodes of one BertForSequenceClassification in inference mode (dropout is the identity), mirroring
/// <c>Bert/Modeling</c> module by module: embeddings, encoder layers, pooling, classifier.
/// </summary>
internal sealed class BertOnnxGraph(OnnxGraphWriter writer, IReadOnlyDictionary<string, Tensor> state, BertConfig config)
{
    public OnnxGraphWriter Writer => writer;

    public void Write()
    {
        string labels = config.NumLabels.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string pooled = Pool(Encoder());
        writer.NamedNode("Gemm", "logits", [pooled, Named("classifier.weight"), Named("classifier.bias")], OnnxGraphWriter.Int("transB", 1));
        writer.NamedNode("Softmax", "probabilities", ["logits"], OnnxGraphWriter.Int("axis", -1));
        writer.Output("logits", DataType.Float, "batch", labels);
        writer.Output("probabilities", DataType.Float, "batch", labels);
    }

    /// <summary>
    /// The encoder alone, for sentence embeddings: the same inputs, then outputs <c>last_hidden_state</c> [batch, sequence,
    /// hidden], <c>mean_pooled</c> (the attention-mask-weighted mean, sentence-transformers' mean pooling) and <c>cls</c>
    /// (the [CLS] token's last hidden state) [batch, hidden]. The state dict's keys carry the <c>bert.</c> prefix.
    /// </summary>
    public void WriteEncoder()
    {
        string size = config.HiddenSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string hidden = Encoder();
        writer.NamedNode("Identity", "last_hidden_state", [hidden]);
        writer.NamedNode("Identity", "mean_pooled", [MeanPool(hidden)]);
        writer.NamedNode("Gather", "cls", [hidden, writer.Int64([], 0)], OnnxGraphWriter.Int("axis", 1));
        writer.Output("last_hidden_state", DataType.Float, "batch", "sequence", size);
        writer.Output("mean_pooled", DataType.Float, "batch", size);
        writer.Output("cls", DataType.Float, "batch", size);
    }

    // The three int64 [batch, sequence] inputs, the embeddings and every encoder layer; returns the last hidden states.
    private string Encoder()
    {
        writer.Input("input_ids", DataType.Int64, "batch", "sequence");
        writer.Input("attention_mask", DataType.Int64, "batch", "sequence");
        writer.Input("token_type_ids", DataType.Int64, "batch", "sequence");
        string hidden = Embeddings();
        string additiveMask = AdditiveMask();
        for (int layer = 0; layer < config.NumHiddenLayers; layer++) hidden = Layer(hidden, additiveMask, $"bert.encoder.layer.{layer}.");
        return hidden;
    }

    /// <summary>
    /// The sentence vector fed to the classifier, [batch, hidden], following <see cref="BertConfig.Pooling"/>:
    /// BERT's pooler, tanh(dense(h[:, 0])) on the hidden state of [CLS] (Devlin et al. 2019, section 3;
    /// <see cref="BertPooler"/>), or the attention-mask-weighted mean of the last hidden states, as sentence encoders
    /// were trained (Reimers and Gurevych 2019; <see cref="BertModel.MeanPooled"/>).
    /// </summary>
    private string Pool(string hidden) => config.Pooling == ClassifierPooling.Mean ? MeanPool(hidden) : ClsPool(hidden);

    private string ClsPool(string hidden)
    {
        string cls = writer.Node("Gather", [hidden, writer.Int64([], 0)], OnnxGraphWriter.Int("axis", 1));
        string dense = writer.Node("Gemm", [cls, Named("bert.pooler.dense.weight"), Named("bert.pooler.dense.bias")], OnnxGraphWriter.Int("transB", 1));
        return writer.Node("Tanh", [dense]);
    }

    // sum_t h[:, t] * mask[:, t] / max(sum_t mask[:, t], 1e-9), the same clamp as BertModel.MeanPooled.
    private string MeanPool(string hidden)
    {
        string mask = writer.Node("Cast", [writer.Node("Unsqueeze", ["attention_mask", writer.Int64([1], 2)])], OnnxGraphWriter.Int("to", (long)DataType.Float));
        string axis = writer.Int64([1], 1);
        string summed = writer.Node("ReduceSum", [writer.Node("Mul", [hidden, mask]), axis], OnnxGraphWriter.Int("keepdims", 0));
        string count = writer.Node("Max", [writer.Node("ReduceSum", [mask, axis], OnnxGraphWriter.Int("keepdims", 0)), writer.Scalar(1e-9f)]);
        return writer.Node("Div", [summed, count]);
    }

    // words + positions + token types, then LayerNorm (BertEmbeddings). Positions 0..seq-1 come from Range over the
    // input's second dimension, so the sequence axis stays dynamic.
    private string Embeddings()
    {
        string seq = writer.Node("Gather", [writer.Node("Shape", ["input_ids"]), writer.Int64([], 1)], OnnxGraphWriter.Int("axis", 0));
        string positions = writer.Node("Range", [writer.Int64([], 0), seq, writer.Int64([], 1)]);
        string words = writer.Node("Gather", [Named("bert.embeddings.word_embeddings.weight"), "input_ids"]);
        string position = writer.Node("Gather", [Named("bert.embeddings.position_embeddings.weight"), positions]);
        string types = writer.Node("Gather", [Named("bert.embeddings.token_type_embeddings.weight"), "token_type_ids"]);
        return LayerNorm(writer.Node("Add", [writer.Node("Add", [words, position]), types]), "bert.embeddings.LayerNorm");
    }

    // (1 - mask[:, None, None, :]) * -1e9: 0 where a key may be attended to, a large negative number at padding.
    private string AdditiveMask()
    {
        string mask = writer.Node("Cast", [writer.Node("Unsqueeze", ["attention_mask", writer.Int64([2], 1, 2)])], OnnxGraphWriter.Int("to", (long)DataType.Float));
        return writer.Node("Mul", [writer.Node("Sub", [writer.Scalar(1f), mask]), writer.Scalar(-1e9f)]);
    }

    // BertLayer: self-attention, projection + residual + LayerNorm, GELU feed-forward + residual + LayerNorm.
    private string Layer(string x, string additiveMask, string p)
    {
        long heads = config.NumAttentionHeads, size = config.HeadSize;
        string split = writer.Int64([4], 0, 0, heads, size);
        string Heads(string module, params long[] perm) =>
            writer.Node("Transpose", [writer.Node("Reshape", [Linear(x, p + module), split])], OnnxGraphWriter.Ints("perm", perm));

        string q = Heads("attention.self.query", 0, 2, 1, 3);
        string kT = Heads("attention.self.key", 0, 2, 3, 1);
        string v = Heads("attention.self.value", 0, 2, 1, 3);
        string scores = writer.Node("Add", [writer.Node("Mul", [writer.Node("MatMul", [q, kT]), writer.Scalar(1f / MathF.Sqrt(size))]), additiveMask]);
        string context = writer.Node("Transpose", [writer.Node("MatMul", [writer.Node("Softmax", [scores], OnnxGraphWriter.Int("axis", -1)), v])], OnnxGraphWriter.Ints("perm", 0, 2, 1, 3));
        string merged = writer.Node("Reshape", [context, writer.Int64([3], 0, 0, config.HiddenSize)]);
        string attention = LayerNorm(writer.Node("Add", [Linear(merged, p + "attention.output.dense"), x]), p + "attention.output.LayerNorm");

        // Exact GELU: 0.5 x (1 + erf(x / sqrt 2)) (Hendrycks and Gimpel 2016, eq. 1; HF's "gelu").
        string inner = Linear(attention, p + "intermediate.dense");
        string gelu = writer.Node("Mul", [writer.Node("Mul", [inner, writer.Node("Add", [writer.Node("Erf", [writer.Node("Div", [inner, writer.Scalar(MathF.Sqrt(2f))])]), writer.Scalar(1f)])]), writer.Scalar(0.5f)]);
        return LayerNorm(writer.Node("Add", [Linear(gelu, p + "output.dense"), attention]), p + "output.LayerNorm");
    }

    // x W^T + b as torch.onnx writes a Linear on 3-D input: Add(MatMul(x, W [in, out]), bias).
    private string Linear(string x, string module)
    {
        Tensor weight = Weight(module + ".weight");
        using Tensor inOut = weight.t().contiguous();
        string w = writer.Float(module + ".weight.T", inOut.shape, Floats(inOut, module + ".weight"));
        return writer.Node("Add", [writer.Node("MatMul", [x, w]), Named(module + ".bias")]);
    }

    private string LayerNorm(string x, string module) =>
        writer.Node("LayerNormalization", [x, Named(module + ".weight"), Named(module + ".bias")],
            OnnxGraphWriter.Int("axis", -1), OnnxGraphWriter.Real("epsilon", (float)config.LayerNormEps));

    private string Named(string key)
    {
        Tensor t = Weight(key);
        return writer.Float(key, t.shape, Floats(t, key));
    }

    private Tensor Weight(string key) => state.TryGetValue(key, out Tensor? t) ? t
        : throw new KeyNotFoundException($"The model has no tensor '{key}'; expected a BertForSequenceClassification (or, for the encoder alone, a bert.-prefixed BertModel) state dict.");

    private static float[] Floats(Tensor t, string key)
    {
        SafetensorsTensor entry = SafetensorsTorch.FromTorch(t);
        if (entry.DType != SafetensorsDType.F32) throw new NotSupportedException($"'{key}' is {entry.DType}; ONNX export writes float32 weights only.");
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(entry.Data.Span).ToArray();
    }
}
