using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Checkpoints;

/// <summary>
/// The weight files of a Hugging Face model folder, in the order transformers prefers them
/// (<c>modeling_utils.PreTrainedModel.from_pretrained</c>): model.safetensors, a sharded model.safetensors.index.json,
/// pytorch_model.bin, a sharded pytorch_model.bin.index.json. Safetensors are read by <see cref="SafetensorsFile"/>,
/// PyTorch files by <see cref="PyTorchStateDictFile"/> (TorchSharp.PyBridge).
/// </summary>
public static class HuggingFaceWeights
{
    public const string Safetensors = "model.safetensors";
    public const string SafetensorsIndex = "model.safetensors.index.json";
    public const string PyTorchBin = "pytorch_model.bin";
    public const string PyTorchBinIndex = "pytorch_model.bin.index.json";

    /// <summary>The names looked for, in order.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [Safetensors, SafetensorsIndex, PyTorchBin, PyTorchBinIndex];

    /// <summary>The first weights file of <paramref name="folder"/> in <see cref="FileNames"/> order, or null.</summary>
    public static string? Find(string folder) =>
        FileNames.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    /// <summary>
    /// Reads a weights file: safetensors, a PyTorch state_dict, or a shard index (<c>*.index.json</c>: every shard in its
    /// <c>weight_map</c> is read, and each tensor must be in exactly the shard the map names).
    /// </summary>
    public static CheckpointTensors Read(string path)
    {
        if (path.EndsWith(".index.json", StringComparison.Ordinal)) return ReadSharded(path);
        Dictionary<string, Tensor> tensors = ReadFile(path);
        return new CheckpointTensors(path, tensors, tensors.Keys.ToDictionary(k => k, _ => path, StringComparer.Ordinal));
    }

    private static Dictionary<string, Tensor> ReadFile(string path) =>
        path.EndsWith(".safetensors", StringComparison.Ordinal) ? SafetensorsTorch.LoadStateDict(path) : PyTorchStateDictFile.Read(path);

    private static CheckpointTensors ReadSharded(string index)
    {
        Dictionary<string, string> map = ReadWeightMap(index);
        string folder = Path.GetDirectoryName(Path.GetFullPath(index))!;
        var tensors = new Dictionary<string, Tensor>(map.Count, StringComparer.Ordinal);
        var files = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        var result = new CheckpointTensors(index, tensors, files);
        try
        {
            foreach (string shard in map.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                string shardPath = Path.Combine(folder, shard);
                if (!File.Exists(shardPath))
                {
                    throw new FileNotFoundException($"{index}: shard {shard} (named in weight_map for {map.First(kv => kv.Value == shard).Key}) is missing: expected {shardPath}.", shardPath);
                }

                foreach ((string name, Tensor tensor) in ReadFile(shardPath))
                {
                    files[name] = shardPath;
                    if (!tensors.TryAdd(name, tensor))
                    {
                        tensor.Dispose();
                        throw new CheckpointFormatException(index, $"tensor {name} is in two shards ({Path.GetFileName(files[name])} and {shard}).");
                    }

                    if (!map.TryGetValue(name, out string? mapped) || mapped != shard)
                    {
                        throw new CheckpointFormatException(index, $"tensor {name} is in {shard} but weight_map {(mapped is null ? "does not list it" : $"puts it in {mapped}")}.");
                    }
                }
            }

            string[] absent = map.Keys.Where(k => !tensors.ContainsKey(k)).Order(StringComparer.Ordinal).ToArray();
            if (absent.Length > 0)
            {
                throw new CheckpointFormatException(index, $"weight_map lists tensors that their shard lacks: {string.Join(", ", absent.Select(a => $"{a} (in {map[a]})"))}.");
            }

            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    // {"metadata": {...}, "weight_map": {"tensor name": "shard file name", ...}}
    private static Dictionary<string, string> ReadWeightMap(string index)
    {
        if (!File.Exists(index)) throw new FileNotFoundException($"Shard index not found: {index}", index);
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(index)) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(index, $"not valid JSON ({e.Message}).", e);
        }

        if (root?["weight_map"] is not JsonObject weights || weights.Count == 0)
        {
            throw new CheckpointFormatException(index, "no weight_map object (tensor name -> shard file) in the shard index.");
        }

        var map = new Dictionary<string, string>(weights.Count, StringComparer.Ordinal);
        foreach ((string name, JsonNode? node) in weights)
        {
            string? file = node is JsonValue v && v.TryGetValue(out string? s) ? s : null;
            if (string.IsNullOrEmpty(file) || file != Path.GetFileName(file))
            {
                throw new CheckpointFormatException(index, $"weight_map entry for {name} must be a file name beside the index; got {node?.ToJsonString() ?? "null"}.");
            }

            map[name] = file;
        }

        return map;
    }
}
