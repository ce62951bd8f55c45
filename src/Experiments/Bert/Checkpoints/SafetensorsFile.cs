using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MarketLab.Experiments.Bert.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format (https://github.com/huggingface/safetensors, "Format"): an 8-byte
/// little-endian header length N, N bytes of UTF-8 JSON mapping each tensor name to {dtype, shape, data_offsets}
/// (offsets relative to the byte buffer after the header) plus an optional "__metadata__" string map, then the buffer.
/// The buffer must be covered exactly: no overlaps, no holes.
/// </summary>
public sealed class SafetensorsFile
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100_000_000; // same limit as the reference implementation

    public SafetensorsFile(IReadOnlyDictionary<string, SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Tensors = tensors;
        Metadata = metadata ?? new Dictionary<string, string>();
    }

    /// <summary>Tensors by name, in header order when read from a file.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensor> Tensors { get; }

    /// <summary>The free-form "__metadata__" strings (e.g. {"format": "pt"}).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads a whole file; every problem is a <see cref="SafetensorsFormatException"/> naming the file.</summary>
    public static SafetensorsFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Safetensors file not found: {path}", path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
        {
            throw new SafetensorsFormatException(path, $"{bytes.Length} bytes is shorter than the 8-byte header length.");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > bytes.Length - 8)
        {
            throw new SafetensorsFormatException(path, $"header length {headerLength} exceeds the {bytes.Length - 8} bytes after the length field.");
        }

        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(8, (int)headerLength)) as JsonObject
                ?? throw new SafetensorsFormatException(path, "the JSON header is not an object.");
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(path, $"the JSON header does not parse ({e.Message}).");
        }

        var buffer = new ReadOnlyMemory<byte>(bytes, 8 + (int)headerLength, bytes.Length - 8 - (int)headerLength);
        var tensors = new Dictionary<string, SafetensorsTensor>();
        var metadata = new Dictionary<string, string>();
        var spans = new List<(long Begin, long End, string Name)>();
        foreach ((string name, JsonNode? node) in header)
        {
            if (name == MetadataKey)
            {
                ReadMetadata(path, node, metadata);
                continue;
            }

            (SafetensorsDType dtype, long[] shape, long begin, long end) = ReadEntry(path, name, node);
            long expected = SafetensorsTensor.ElementCount(shape) * dtype.Size();
            if (end - begin != expected)
            {
                throw new SafetensorsFormatException(path, $"tensor '{name}' ({dtype}, shape [{string.Join(", ", shape)}]) needs {expected} bytes but data_offsets [{begin}, {end}] span {end - begin}.");
            }

            if (end > buffer.Length)
            {
                throw new SafetensorsFormatException(path, $"tensor '{name}' data_offsets end {end} lies past the {buffer.Length}-byte data buffer (truncated file?).");
            }

            tensors.Add(name, new SafetensorsTensor(dtype, shape, buffer.Slice((int)begin, (int)(end - begin))));
            spans.Add((begin, end, name));
        }

        CheckCoverage(path, spans, buffer.Length);
        return new SafetensorsFile(tensors, metadata);
    }

    /// <summary>Writes the tensors in dictionary order, header padded with spaces to a multiple of 8 bytes (as the reference writer does).</summary>
    public void Write(string path)
    {
        var header = new JsonObject();
        if (Metadata.Count > 0)
        {
            var meta = new JsonObject();
            foreach ((string key, string value) in Metadata) meta[key] = value;
            header[MetadataKey] = meta;
        }

        long offset = 0;
        foreach ((string name, SafetensorsTensor tensor) in Tensors)
        {
            if (name == MetadataKey) throw new ArgumentException($"'{MetadataKey}' is reserved and cannot name a tensor.");
            header[name] = new JsonObject
            {
                ["dtype"] = tensor.DType.ToString(),
                ["shape"] = new JsonArray(tensor.Shape.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(JsonValue.Create(offset), JsonValue.Create(offset + tensor.Data.Length)),
            };
            offset += tensor.Data.Length;
        }

        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (SafetensorsTensor tensor in Tensors.Values) stream.Write(tensor.Data.Span);
    }

    private static void ReadMetadata(string path, JsonNode? node, Dictionary<string, string> metadata)
    {
        if (node is not JsonObject map)
        {
            throw new SafetensorsFormatException(path, $"'{MetadataKey}' must be an object of strings.");
        }

        foreach ((string key, JsonNode? value) in map)
        {
            metadata[key] = value is JsonValue v && v.TryGetValue(out string? s)
                ? s
                : throw new SafetensorsFormatException(path, $"'{MetadataKey}' entry '{key}' is not a string.");
        }
    }

    private static (SafetensorsDType, long[], long, long) ReadEntry(string path, string name, JsonNode? node)
    {
        try
        {
            if (node is not JsonObject entry) throw new SafetensorsFormatException(path, $"tensor '{name}' is not a JSON object.");
            string dtypeText = entry["dtype"]?.GetValue<string>() ?? throw new SafetensorsFormatException(path, $"tensor '{name}' has no dtype.");
            SafetensorsDType dtype = SafetensorsDTypes.Parse(dtypeText)
                ?? throw new SafetensorsFormatException(path, $"tensor '{name}' has dtype '{dtypeText}'; supported: {string.Join(", ", Enum.GetNames<SafetensorsDType>())}.");
            long[] shape = (entry["shape"] as JsonArray ?? throw new SafetensorsFormatException(path, $"tensor '{name}' has no shape array."))
                .Select(d => d!.GetValue<long>()).ToArray();
            if (shape.Any(d => d < 0)) throw new SafetensorsFormatException(path, $"tensor '{name}' has a negative dimension in [{string.Join(", ", shape)}].");
            if (entry["data_offsets"] is not JsonArray { Count: 2 } offsets) throw new SafetensorsFormatException(path, $"tensor '{name}' needs data_offsets [begin, end].");
            long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
            if (begin < 0 || end < begin) throw new SafetensorsFormatException(path, $"tensor '{name}' has data_offsets [{begin}, {end}]; need 0 <= begin <= end.");
            return (dtype, shape, begin, end);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new SafetensorsFormatException(path, $"tensor '{name}' has a malformed entry ({e.Message}).");
        }
    }

    private static void CheckCoverage(string path, List<(long Begin, long End, string Name)> spans, long bufferLength)
    {
        long cursor = 0;
        foreach ((long begin, long end, string name) in spans.OrderBy(s => s.Begin).ThenBy(s => s.End))
        {
            if (begin != cursor)
            {
                string what = begin < cursor ? "overlaps the previous tensor" : $"leaves a hole of {begin - cursor} bytes before it";
                throw new SafetensorsFormatException(path, $"tensor '{name}' at data_offsets [{begin}, {end}] {what}.");
            }

            cursor = end;
        }

        if (cursor != bufferLength)
        {
            throw new SafetensorsFormatException(path, $"the data buffer has {bufferLength} bytes but the tensors cover {cursor}.");
        }
    }
}
