using System.Text.Json;

namespace MarketLab.Cli.Kernel;

/// <summary>
/// A Jupyter connection file: transport, ip, the five ports, and the HMAC key and scheme
/// (https://jupyter-client.readthedocs.io/en/stable/kernels.html#connection-files). Only <c>tcp</c> and
/// <c>hmac-sha256</c> (or an empty key: no signing) are accepted; anything else is a <see cref="FormatException"/>
/// naming the file and the field.
/// </summary>
internal sealed record ConnectionInfo(string Transport, string Ip, int ShellPort, int ControlPort, int StdinPort, int IopubPort, int HbPort, string Key)
{
    public string Endpoint(int port) => $"{Transport}://{Ip}:{port}";

    public static ConnectionInfo Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"connection file '{path}' does not exist", path);
        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new FormatException($"connection file '{path}' is not JSON: {e.Message}", e);
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new FormatException($"connection file '{path}' must hold a JSON object");
        string transport = Text(root, "transport", path, "tcp");
        if (transport != "tcp")
            throw new FormatException($"connection file '{path}': transport '{transport}' is not supported (only tcp)");
        string scheme = Text(root, "signature_scheme", path, "hmac-sha256");
        string key = Text(root, "key", path, "");
        if (key.Length > 0 && scheme != "hmac-sha256")
            throw new FormatException($"connection file '{path}': signature_scheme '{scheme}' is not supported (only hmac-sha256)");
        return new ConnectionInfo(transport, Text(root, "ip", path, "127.0.0.1"),
            Port(root, "shell_port", path), Port(root, "control_port", path), Port(root, "stdin_port", path),
            Port(root, "iopub_port", path), Port(root, "hb_port", path), key);
    }

    private static string Text(JsonElement root, string name, string path, string fallback)
    {
        if (!root.TryGetProperty(name, out JsonElement value)) return fallback;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"connection file '{path}': '{name}' must be a string, got {value.ValueKind}");
    }

    private static int Port(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out JsonElement value))
            throw new FormatException($"connection file '{path}' has no '{name}'");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int port) || port is < 1 or > 65535)
            throw new FormatException($"connection file '{path}': '{name}' must be a port number from 1 to 65535, got {value.GetRawText()}");
        return port;
    }
}
