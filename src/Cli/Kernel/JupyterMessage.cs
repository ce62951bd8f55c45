using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MarketLab.Cli.Kernel;

/// <summary>
/// One Jupyter message (messaging protocol 5.3) and its wire form: routing identities, the <c>&lt;IDS|MSG&gt;</c>
/// delimiter, the HMAC-SHA256 hex signature of the four JSON frames, then header, parent header, metadata,
/// content and optional binary buffers.
/// </summary>
internal sealed class JupyterMessage
{
    public const string ProtocolVersion = "5.3";
    private static readonly byte[] Delimiter = Encoding.ASCII.GetBytes("<IDS|MSG>");

    public IReadOnlyList<byte[]> Identities { get; init; } = [];
    public required JsonObject Header { get; init; }
    public JsonObject ParentHeader { get; init; } = [];
    public JsonObject Metadata { get; init; } = [];
    public JsonObject Content { get; init; } = [];

    public string MsgType => (string?)Header["msg_type"] ?? "";
    public string MsgId => (string?)Header["msg_id"] ?? "";

    /// <summary>A new message from the kernel's <paramref name="session"/>, replying to or caused by <paramref name="parent"/>.</summary>
    public static JupyterMessage Create(string msgType, JsonObject content, JupyterMessage? parent, string session, IReadOnlyList<byte[]>? identities = null) => new()
    {
        Identities = identities ?? parent?.Identities ?? [],
        Header = new JsonObject
        {
            ["msg_id"] = Guid.NewGuid().ToString(),
            ["session"] = session,
            ["username"] = "marketlab",
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["msg_type"] = msgType,
            ["version"] = ProtocolVersion,
        },
        ParentHeader = parent is null ? [] : (JsonObject)parent.Header.DeepClone(),
        Content = content,
    };

    public List<byte[]> ToFrames(MessageSigner signer)
    {
        byte[][] parts = [Utf8(Header), Utf8(ParentHeader), Utf8(Metadata), Utf8(Content)];
        var frames = new List<byte[]>(Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(parts)));
        frames.AddRange(parts);
        return frames;
    }

    /// <summary>The message in <paramref name="frames"/>, or null with a <paramref name="problem"/> (no delimiter, bad signature, bad JSON).</summary>
    public static JupyterMessage? FromFrames(IReadOnlyList<byte[]> frames, MessageSigner signer, out string? problem)
    {
        int delimiter = -1;
        for (int i = 0; i < frames.Count && delimiter < 0; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) delimiter = i;
        if (delimiter < 0 || frames.Count < delimiter + 6)
        {
            problem = $"{frames.Count} frames without a complete <IDS|MSG> message";
            return null;
        }
        byte[][] parts = [frames[delimiter + 2], frames[delimiter + 3], frames[delimiter + 4], frames[delimiter + 5]];
        if (!signer.Verify(Encoding.ASCII.GetString(frames[delimiter + 1]), parts))
        {
            problem = "bad HMAC signature";
            return null;
        }
        try
        {
            problem = null;
            return new JupyterMessage
            {
                Identities = [.. frames.Take(delimiter)],
                Header = Parse(parts[0]),
                ParentHeader = Parse(parts[1]),
                Metadata = Parse(parts[2]),
                Content = Parse(parts[3]),
            };
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            problem = $"malformed JSON: {e.Message}";
            return null;
        }
    }

    private static JsonObject Parse(byte[] frame) => JsonNode.Parse(frame) as JsonObject ?? throw new InvalidOperationException("a frame is not a JSON object");

    private static byte[] Utf8(JsonObject json) => Encoding.UTF8.GetBytes(json.ToJsonString());
}

/// <summary>HMAC-SHA256 over the header, parent header, metadata and content frames; an empty key disables signing.</summary>
internal sealed class MessageSigner(string key)
{
    private readonly byte[] key = Encoding.UTF8.GetBytes(key);

    public string Sign(IEnumerable<byte[]> parts)
    {
        if (key.Length == 0) return "";
        using var hmac = new HMACSHA256(key);
        foreach (byte[] part in parts) hmac.TransformBlock(part, 0, part.Length, null, 0);
        hmac.TransformFinalBlock([], 0, 0);
        return Convert.ToHexStringLower(hmac.Hash!);
    }

    public bool Verify(string signature, IEnumerable<byte[]> parts) =>
        key.Length == 0 || CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(parts)));
}
