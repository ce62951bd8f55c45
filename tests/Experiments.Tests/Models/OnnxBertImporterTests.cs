using System.Runtime.InteropServices;
using Google.Protobuf;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Models;
using MarketLab.Experiments.Tests.Models.Support;
using Onnx;

namespace MarketLab.Experiments.Tests.Models;

/// <summary>The ONNX importer on small graphs written by <see cref="TinyOnnxBert"/> (no torch, no ../shared).</summary>
public sealed class OnnxBertImporterTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_weight_is_found_by_structure_and_transposed_to_torch_layout(bool headsAsConstantNodes)
    {
        var tiny = new TinyOnnxBert(headsAsConstantNodes: headsAsConstantNodes);

        OnnxBertImport import = OnnxBertImporter.Import(tiny.Bytes(), "tiny.onnx", TinyOnnxBert.Config);

        Assert.Equal(tiny.Weights.Keys.Order(StringComparer.Ordinal), import.Tensors.Keys);
        foreach ((string key, float[] expected) in tiny.Weights)
        {
            Assert.Equal(tiny.Shapes[key], import.Tensors[key].Shape);
            Assert.True(expected.AsSpan().SequenceEqual(MemoryMarshal.Cast<byte, float>(import.Tensors[key].Data.Span)), $"{key} differs");
        }
    }

    [Fact]
    public void The_config_is_read_from_the_graph_with_heads_from_the_reshape_constants()
    {
        OnnxBertImport import = OnnxBertImporter.Import(new TinyOnnxBert().Bytes(), "tiny.onnx");

        Assert.Equal(TinyOnnxBert.Config with { NumLabels = 2 }, import.Config);
        Assert.Equal("graph", import.HeadsSource);
        Assert.True(import.HasPooler);
    }

    [Fact]
    public void Constants_are_excluded_explicitly_and_listed()
    {
        var tiny = new TinyOnnxBert();

        OnnxBertImport import = OnnxBertImporter.Import(tiny.Bytes(), "tiny.onnx");

        Assert.Equal(tiny.ConstantInitializers, import.Constants.Count);
        Assert.Equal(tiny.Graph.Initializer.Count, import.Constants.Count + import.Tensors.Count);
        Assert.Contains(import.Constants, c => c.StartsWith("'embeddings.position_ids' = 0..15", StringComparison.Ordinal));
    }

    [Fact]
    public void An_export_without_pooler_imports_without_pooler()
    {
        OnnxBertImport import = OnnxBertImporter.Import(new TinyOnnxBert(withPooler: false).Bytes(), "tiny.onnx");

        Assert.False(import.HasPooler);
        Assert.DoesNotContain(import.Tensors.Keys, k => k.StartsWith("pooler.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_tensor_is_named()
    {
        var tiny = new TinyOnnxBert();
        Remove(tiny.Graph, "encoder.layer.1.output.LayerNorm.bias");

        var error = Assert.Throws<OnnxImportException>(() => OnnxBertImporter.Import(tiny.Model.ToByteArray(), "tiny.onnx"));

        Assert.Contains("Missing: encoder.layer.1.output.LayerNorm.bias", error.Message);
    }

    [Fact]
    public void A_wrong_shape_is_named_with_both_shapes()
    {
        var tiny = new TinyOnnxBert();
        TensorProto bias = tiny.Graph.Initializer.Single(t => t.Name == "encoder.layer.1.attention.self.key.bias");
        bias.Dims[0] = 7;
        bias.RawData = ByteString.CopyFrom(new byte[7 * sizeof(float)]);

        var error = Assert.Throws<OnnxImportException>(() => OnnxBertImporter.Import(tiny.Model.ToByteArray(), "tiny.onnx"));

        Assert.Contains("encoder.layer.1.attention.self.key.bias ('encoder.layer.1.attention.self.key.bias'): [7] vs expected [8]", error.Message);
    }

    [Fact]
    public void An_initializer_that_is_neither_weight_nor_constant_is_named()
    {
        var tiny = new TinyOnnxBert();
        tiny.Graph.Initializer.Add(new TensorProto { Name = "stray", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 3, 3 }, RawData = ByteString.CopyFrom(new byte[36]) });
        tiny.Graph.Node.Add(new NodeProto { OpType = "MatMul", Name = "stray_matmul", Input = { "last_hidden_state", "stray" }, Output = { "stray_out" } });

        var error = Assert.Throws<OnnxImportException>(() => OnnxBertImporter.Import(tiny.Model.ToByteArray(), "tiny.onnx"));

        Assert.Contains("'stray' Float [3, 3] used by MatMul 'stray_matmul'", error.Message);
    }

    [Fact]
    public void A_weight_used_twice_is_refused()
    {
        var tiny = new TinyOnnxBert();
        string weight = tiny.Graph.Initializer.First(t => t.Name.StartsWith("onnx::MatMul_", StringComparison.Ordinal)).Name;
        tiny.Graph.Node.Add(new NodeProto { OpType = "MatMul", Name = "reuse", Input = { "last_hidden_state", weight }, Output = { "reuse_out" } });

        var error = Assert.Throws<OnnxImportException>(() => OnnxBertImporter.Import(tiny.Model.ToByteArray(), "tiny.onnx"));

        Assert.Contains($"'{weight}' is used by 2 nodes", error.Message);
    }

    [Fact]
    public void Disagreement_with_the_expected_config_names_the_option()
    {
        var error = Assert.Throws<OnnxImportException>(() =>
            OnnxBertImporter.Import(new TinyOnnxBert().Bytes(), "tiny.onnx", TinyOnnxBert.Config with { NumAttentionHeads = 4 }));

        Assert.Contains("num_attention_heads: graph 2, expected 4", error.Message);
    }

    [Fact]
    public void Position_ids_that_are_not_a_range_are_refused()
    {
        var tiny = new TinyOnnxBert();
        tiny.Graph.Initializer.Single(t => t.Name == "embeddings.position_ids").Int64Data[3] = 5;

        var error = Assert.Throws<OnnxImportException>(() => OnnxBertImporter.Import(tiny.Model.ToByteArray(), "tiny.onnx"));

        Assert.Contains("'embeddings.position_ids'[3] = 5", error.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public void A_truncated_file_is_a_clear_error(double keep)
    {
        byte[] bytes = new TinyOnnxBert().Bytes();

        var error = Assert.Throws<OnnxImportException>(() => OnnxBertImporter.Import(bytes[..(int)(bytes.Length * keep)], "cut.onnx"));

        Assert.StartsWith("cut.onnx: ", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_a_clear_error()
    {
        byte[] garbage = new byte[4096];
        new Random(3).NextBytes(garbage);

        Assert.Throws<OnnxImportException>(() => OnnxBertImporter.Import(garbage, "garbage.onnx"));
        Assert.Contains("empty", Assert.Throws<OnnxImportException>(() => OnnxBertImporter.Import([], "empty.onnx")).Message);
    }

    [Fact]
    public void A_weight_shorter_than_its_shape_is_a_clear_error()
    {
        var tiny = new TinyOnnxBert();
        TensorProto word = tiny.Graph.Initializer.Single(t => t.Name == "embeddings.word_embeddings.weight");
        word.RawData = ByteString.CopyFrom(word.RawData.Span[..100]);

        var error = Assert.Throws<OnnxImportException>(() => OnnxBertImporter.Import(tiny.Model.ToByteArray(), "tiny.onnx"));

        Assert.Contains("'embeddings.word_embeddings.weight' has shape [40, 8] (320 values) but holds 100 bytes", error.Message);
    }

    private static void Remove(GraphProto graph, string name) => graph.Initializer.Remove(graph.Initializer.Single(t => t.Name == name));
}
