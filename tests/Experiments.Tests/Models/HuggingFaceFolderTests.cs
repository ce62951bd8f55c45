using System.Text.Json;
using System.Text.Json.Nodes;
using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Models;
using MarketLab.Experiments.Tests.Bert.Support;
using MarketLab.Experiments.Tests.Cli;
using System.Globalization;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Tests.Models;

/// <summary>
/// Hugging Face folders: a tiny BertForPreTraining written by Debian's PyTorch 1.13 with torch.save
/// (Fixtures/hf-bert/make_hf_bert.py, run by hand, made tiny/ and broken/) is imported from pytorch_model.bin, from
/// model.safetensors and from two safetensors shards with an index (both written here from the .bin's tensors), and
/// our encoder reproduces the script's plain-torch forward (expected.json); damaged files name the file and tensor.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class HuggingFaceFolderTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-bert");
    private static readonly string Tiny = Path.Combine(Fixture, "tiny");
    private readonly string temp = Directory.CreateTempSubdirectory("marketlab-hf-").FullName;

    // The 10 tensors of BertForPreTraining that a BertModel has no place for, by their names in the file.
    private static readonly string[] PretrainingExtras =
    [
        "bert.embeddings.position_ids", "cls.predictions.bias", "cls.predictions.decoder.bias", "cls.predictions.decoder.weight",
        "cls.predictions.transform.LayerNorm.bias", "cls.predictions.transform.LayerNorm.weight",
        "cls.predictions.transform.dense.bias", "cls.predictions.transform.dense.weight",
        "cls.seq_relationship.bias", "cls.seq_relationship.weight",
    ];

    [LinuxFact]
    public void Pytorch_model_bin_reproduces_pytorch_last_hidden_state_and_pooler_to_1e_5()
    {
        (BertBatch batch, float[] hidden, float[] pooled) = Expected();
        using PretrainedEncoder encoder = PretrainedEncoder.Load(Tiny, maxLength: 32);
        using Tensor ours = encoder.LastHiddenState(batch);
        using Tensor oursPooled = encoder.PoolerOutput(batch);

        double worstHidden = MaxDifference(ours, hidden), worstPooled = MaxDifference(oursPooled, pooled);
        output.WriteLine($"pytorch_model.bin: max |difference| last_hidden_state {worstHidden:E2}, pooler_output {worstPooled:E2}");
        Assert.Equal(HuggingFaceWeights.PyTorchBin, Path.GetFileName(encoder.Checkpoint.WeightsPath));
        Assert.True(worstHidden <= 1e-5, $"last_hidden_state max |difference| = {worstHidden:E2}");
        Assert.True(worstPooled <= 1e-5, $"pooler_output max |difference| = {worstPooled:E2}");
    }

    [LinuxFact]
    public void Pretraining_heads_and_the_position_ids_buffer_are_ignored_on_purpose_and_listed()
    {
        using PretrainedEncoder encoder = PretrainedEncoder.Load(Tiny, maxLength: 32);
        Assert.Equal(PretrainingExtras.Order(StringComparer.Ordinal), encoder.IgnoredTensors);
        Assert.True(encoder.HasPooler);
    }

    [LinuxFact]
    public void The_same_weights_as_safetensors_and_as_two_shards_give_identical_outputs()
    {
        (BertBatch batch, _, _) = Expected();
        string single = CopyTiny("single"), sharded = CopyTiny("sharded");
        using (CheckpointTensors bin = HuggingFaceWeights.Read(Path.Combine(Tiny, HuggingFaceWeights.PyTorchBin)))
        {
            SafetensorsTorch.Save(bin.Tensors, Path.Combine(single, HuggingFaceWeights.Safetensors));
            WriteShards(bin.Tensors, sharded, out _);
        }

        using PretrainedEncoder fromBin = PretrainedEncoder.Load(Tiny, maxLength: 32);
        using Tensor expected = fromBin.LastHiddenState(batch);
        foreach (string folder in new[] { single, sharded })
        {
            using PretrainedEncoder encoder = PretrainedEncoder.Load(folder, maxLength: 32);
            using Tensor hidden = encoder.LastHiddenState(batch);
            Assert.True(hidden.equal(expected).all().item<bool>(), $"{encoder.Checkpoint.WeightsPath} differs from pytorch_model.bin");
            Assert.Equal(fromBin.IgnoredTensors, encoder.IgnoredTensors);
        }

        Assert.EndsWith(HuggingFaceWeights.SafetensorsIndex, BertCheckpoint.Open(sharded).WeightsPath);
    }

    [LinuxFact]
    public void Fine_tuning_starts_from_the_folder_encoder_with_a_new_head()
    {
        using BertForSequenceClassification model = BertClassifierFactory.FromPretrained(Tiny, labels: 3, seed: 1);
        Dictionary<string, Tensor> state = model.state_dict();
        using CheckpointTensors bin = HuggingFaceWeights.Read(Path.Combine(Tiny, HuggingFaceWeights.PyTorchBin));
        foreach (string key in bin.Tensors.Keys.Where(k => k.StartsWith("bert.", StringComparison.Ordinal) && k != "bert.embeddings.position_ids"))
        {
            Assert.True(state[key].equal(bin.Tensors[key]).all().item<bool>(), key);
        }

        Assert.Equal([3, 16], state["classifier.weight"].shape);
    }

    [LinuxFact]
    public void A_missing_tensor_is_named_with_its_file()
    {
        string bin = BrokenFolder("missing-tensor.bin");
        var error = Assert.Throws<CheckpointMismatchException>(() => PretrainedEncoder.Load(Path.GetDirectoryName(bin)!));
        Assert.Equal(["encoder.layer.1.output.dense.weight"], error.Missing);
        Assert.Empty(error.Unexpected);
        Assert.Contains(bin, error.Message);
    }

    [LinuxFact]
    public void A_wrong_shape_is_named_with_both_shapes()
    {
        string bin = BrokenFolder("wrong-shape.bin");
        var error = Assert.Throws<CheckpointMismatchException>(() => PretrainedEncoder.Load(Path.GetDirectoryName(bin)!));
        Assert.Equal(["bert.encoder.layer.0.intermediate.dense.weight as encoder.layer.0.intermediate.dense.weight: checkpoint [16, 32] vs config.json [32, 16]"], error.Mismatched);
        Assert.Contains(bin, error.Message);
    }

    [LinuxFact]
    public void An_extra_tensor_the_model_has_no_place_for_is_named()
    {
        string bin = BrokenFolder("extra-tensor.bin");
        var error = Assert.Throws<CheckpointMismatchException>(() => PretrainedEncoder.Load(Path.GetDirectoryName(bin)!));
        Assert.Equal(["bert.encoder.layer.0.attention.self.distance_embedding.weight as encoder.layer.0.attention.self.distance_embedding.weight"], error.Unexpected);
        Assert.Contains(bin, error.Message);
    }

    [LinuxFact]
    public void A_file_that_is_not_a_pytorch_zip_is_named()
    {
        string folder = CopyTiny("corrupt");
        string bin = Path.Combine(folder, HuggingFaceWeights.PyTorchBin);
        var bytes = new byte[File.ReadAllBytes(bin).Length];
        new Random(13).NextBytes(bytes);
        File.WriteAllBytes(bin, bytes);

        var error = Assert.Throws<CheckpointFormatException>(() => PretrainedEncoder.Load(folder));
        Assert.Equal(bin, error.FilePath);
        Assert.Contains("not a PyTorch zip checkpoint", error.Message);
    }

    [LinuxFact]
    public void A_zip_with_damaged_contents_is_named()
    {
        string folder = CopyTiny("damaged");
        string bin = Path.Combine(folder, HuggingFaceWeights.PyTorchBin);
        byte[] bytes = File.ReadAllBytes(bin);
        // The zip directory stays intact; the pickle (archive/data.pkl, the first entry, from byte ~100) is overwritten.
        new Random(14).NextBytes(bytes.AsSpan(100, 200));
        File.WriteAllBytes(bin, bytes);

        var error = Assert.Throws<CheckpointFormatException>(() => PretrainedEncoder.Load(folder));
        output.WriteLine(error.Message);
        Assert.Equal(bin, error.FilePath);
        Assert.StartsWith(bin + ": not a readable PyTorch state_dict file", error.Message);
    }

    [LinuxFact]
    public void A_truncated_pytorch_model_bin_is_named()
    {
        string folder = CopyTiny("truncated");
        string bin = Path.Combine(folder, HuggingFaceWeights.PyTorchBin);
        byte[] bytes = File.ReadAllBytes(bin);
        File.WriteAllBytes(bin, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<CheckpointFormatException>(() => PretrainedEncoder.Load(folder));
        output.WriteLine(error.Message);
        Assert.Equal(bin, error.FilePath);
    }

    [LinuxFact]
    public void A_truncated_shard_is_named()
    {
        string folder = CopyTiny("truncated-shard");
        File.Delete(Path.Combine(folder, HuggingFaceWeights.PyTorchBin));
        using (CheckpointTensors bin = HuggingFaceWeights.Read(Path.Combine(Tiny, HuggingFaceWeights.PyTorchBin)))
        {
            WriteShards(bin.Tensors, folder, out _);
        }

        string shard = Path.Combine(folder, "model-00002-of-00002.safetensors");
        byte[] bytes = File.ReadAllBytes(shard);
        File.WriteAllBytes(shard, bytes[..(bytes.Length - 100)]);

        var error = Assert.Throws<SafetensorsFormatException>(() => PretrainedEncoder.Load(folder));
        Assert.Equal(shard, error.FilePath);
    }

    [LinuxFact]
    public void A_tensor_in_another_shard_than_the_index_says_is_named()
    {
        string folder = CopyTiny("misplaced");
        File.Delete(Path.Combine(folder, HuggingFaceWeights.PyTorchBin));
        using (CheckpointTensors bin = HuggingFaceWeights.Read(Path.Combine(Tiny, HuggingFaceWeights.PyTorchBin)))
        {
            WriteShards(bin.Tensors, folder, out JsonObject map);
            map["bert.pooler.dense.bias"] = map["bert.pooler.dense.bias"]!.GetValue<string>() == "model-00001-of-00002.safetensors"
                ? "model-00002-of-00002.safetensors" : "model-00001-of-00002.safetensors";
            File.WriteAllText(Path.Combine(folder, HuggingFaceWeights.SafetensorsIndex), new JsonObject { ["weight_map"] = map }.ToJsonString());
        }

        var error = Assert.Throws<CheckpointFormatException>(() => PretrainedEncoder.Load(folder));
        Assert.Equal(Path.Combine(folder, HuggingFaceWeights.SafetensorsIndex), error.FilePath);
        Assert.Contains("bert.pooler.dense.bias", error.Message);
    }

    [LinuxFact]
    public void A_missing_shard_is_named()
    {
        string folder = CopyTiny("lost-shard");
        File.Delete(Path.Combine(folder, HuggingFaceWeights.PyTorchBin));
        using (CheckpointTensors bin = HuggingFaceWeights.Read(Path.Combine(Tiny, HuggingFaceWeights.PyTorchBin)))
        {
            WriteShards(bin.Tensors, folder, out _);
        }

        File.Delete(Path.Combine(folder, "model-00001-of-00002.safetensors"));
        var error = Assert.Throws<FileNotFoundException>(() => PretrainedEncoder.Load(folder));
        Assert.Equal(Path.Combine(folder, "model-00001-of-00002.safetensors"), error.FileName);
    }

    [LinuxFact]
    public void Half_a_pooler_is_an_error()
    {
        string folder = CopyTiny("half-pooler");
        File.Delete(Path.Combine(folder, HuggingFaceWeights.PyTorchBin));
        using (CheckpointTensors bin = HuggingFaceWeights.Read(Path.Combine(Tiny, HuggingFaceWeights.PyTorchBin)))
        {
            SafetensorsTorch.Save(bin.Tensors.Where(kv => kv.Key != "bert.pooler.dense.bias").ToDictionary(), Path.Combine(folder, HuggingFaceWeights.Safetensors));
        }

        var error = Assert.Throws<CheckpointMismatchException>(() => PretrainedEncoder.Load(folder));
        Assert.Equal(["pooler.dense.bias"], error.Missing);
    }

    [LinuxFact]
    public void Models_embed_takes_the_folder_and_writes_the_encoders_mean_pooled_embeddings()
    {
        using var cli = new CliRunner();
        string[] texts = ["w5 w17 w30", "W42 w44 w63 w25 w99 w8", "w71"];
        string input = cli.WriteFile("in.txt", string.Join('\n', texts) + "\n");

        var (exit, stdout, error) = cli.Run("models", "embed", Tiny, "--input", input, "--out", cli.PathOf("out.tsv"), "--threads", "1");

        Assert.True(exit == 0, error);
        Assert.Contains("Left out on purpose (heads and buffers an encoder does not use): bert.embeddings.position_ids, cls.predictions.bias", stdout);
        float[][] written = File.ReadAllLines(cli.PathOf("out.tsv")).Select(l => l.Split('\t').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        using PretrainedEncoder encoder = PretrainedEncoder.Load(Tiny);
        float[][] expected = encoder.Embed(texts);
        Assert.Equal(3, written.Length);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(16, written[i].Length);
            Assert.True(written[i].Zip(expected[i]).All(p => Math.Abs(p.First - p.Second) <= 1e-6), $"line {i + 1}");
        }
    }

    [LinuxFact]
    public void Bert_train_from_the_folder_fine_tunes_it()
    {
        using var cli = new CliRunner();
        var random = new Random(3);
        // Label 1 when the row holds w7, else 0: a task the tiny encoder can learn from its embeddings.
        string[] rows = Enumerable.Range(0, 40).Select(i => $"{string.Join(' ', Enumerable.Range(0, 4).Select(_ => $"w{random.Next(10, 99)}"))}{(i % 2 == 1 ? " w7" : "")}\t{i % 2}").ToArray();
        string data = cli.WriteFile("rows.tsv", string.Join('\n', rows) + "\n");

        var (exit, stdout, error) = cli.Run("bert", "train", "--data", data, "--from", Tiny, "--epochs", "1", "--batch-size", "8", "--threads", "1", "--seed", "2", "--max-length", "16");

        Assert.True(exit == 0, $"{stdout}\n{error}");
        Assert.Contains("Test accuracy", stdout);
    }

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private string CopyTiny(string name)
    {
        string folder = Path.Combine(temp, name);
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(Tiny).Where(f => !f.EndsWith("expected.json", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }

    // A copy of tiny/ whose pytorch_model.bin is one of broken/*.bin; returns that file's path.
    private string BrokenFolder(string brokenFile)
    {
        string folder = CopyTiny(Path.GetFileNameWithoutExtension(brokenFile));
        string bin = Path.Combine(folder, HuggingFaceWeights.PyTorchBin);
        File.Copy(Path.Combine(Fixture, "broken", brokenFile), bin, overwrite: true);
        return bin;
    }

    // transformers' layout: model-0000k-of-00002.safetensors with the tensors alternating in name order, and the index.
    private static void WriteShards(IReadOnlyDictionary<string, Tensor> tensors, string folder, out JsonObject map)
    {
        string[] names = tensors.Keys.Order(StringComparer.Ordinal).ToArray();
        map = new JsonObject();
        for (int shard = 0; shard < 2; shard++)
        {
            string file = $"model-0000{shard + 1}-of-00002.safetensors";
            string[] mine = names.Where((_, i) => i % 2 == shard).ToArray();
            SafetensorsTorch.Save(mine.ToDictionary(n => n, n => tensors[n]), Path.Combine(folder, file));
            foreach (string n in mine) map[n] = file;
        }

        var index = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = 0 }, ["weight_map"] = map.DeepClone() };
        File.WriteAllText(Path.Combine(folder, HuggingFaceWeights.SafetensorsIndex), index.ToJsonString());
        map = (JsonObject)index["weight_map"]!.DeepClone();
    }

    private static (BertBatch Batch, float[] Hidden, float[] Pooled) Expected()
    {
        JsonObject json = JsonNode.Parse(File.ReadAllText(Path.Combine(Tiny, "expected.json")))!.AsObject();
        long[][] ids = json["input_ids"].Deserialize<long[][]>()!;
        long[] Flat(string key) => json[key].Deserialize<long[][]>()!.SelectMany(r => r).ToArray();
        var batch = new BertBatch(ids.Length, ids[0].Length, Flat("input_ids"), Flat("token_type_ids"), Flat("attention_mask"), Enumerable.Range(0, ids.Length).ToArray());
        float[] hidden = json["last_hidden_state"].Deserialize<double[][][]>()!.SelectMany(r => r.SelectMany(t => t)).Select(x => (float)x).ToArray();
        float[] pooled = json["pooler_output"].Deserialize<double[][]>()!.SelectMany(r => r).Select(x => (float)x).ToArray();
        return (batch, hidden, pooled);
    }

    private static double MaxDifference(Tensor ours, float[] expected)
    {
        float[] values = ours.data<float>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        return values.Zip(expected).Max(p => Math.Abs(p.First - (double)p.Second));
    }
}
