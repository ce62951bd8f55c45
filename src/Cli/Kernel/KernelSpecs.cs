using System.Text.Json;
using System.Text.Json.Nodes;

namespace MarketLab.Cli.Kernel;

/// <summary>
/// Jupyter kernelspecs of the MarketLab kernel: <c>kernels/NAME/kernel.json</c> under the user's Jupyter data folder
/// (<c>$JUPYTER_DATA_DIR</c>, else <c>~/.local/share/jupyter</c>, <c>~/Library/Jupyter</c> on macOS,
/// <c>%APPDATA%\jupyter</c> on Windows) or under <c>PREFIX/share/jupyter</c>. kernel.json's argv starts this marketlab
/// (the apphost, or <c>dotnet marketlab.dll</c>) with <c>kernel --connection-file {connection_file}</c>;
/// <c>metadata.marketlab</c> marks the specs this command may uninstall.
/// </summary>
internal static class KernelSpecs
{
    public const string DefaultName = "marketlab-csharp";
    public const string DisplayName = "C# (MarketLab)";

    public static string UserDataDirectory()
    {
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } data) return data;
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows()) return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter");
        if (OperatingSystem.IsMacOS()) return Path.Combine(home, "Library", "Jupyter");
        string xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } x ? x : Path.Combine(home, ".local", "share");
        return Path.Combine(xdg, "jupyter");
    }

    /// <summary>The kernels folder for <c>--prefix DIR</c>, or the user's.</summary>
    public static string KernelsDirectory(string? prefix) =>
        prefix is null ? Path.Combine(UserDataDirectory(), "kernels") : Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels");

    /// <summary>The command that starts this marketlab, as kernel.json's argv prefix.</summary>
    public static IReadOnlyList<string> LauncherArgv()
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of the running marketlab is unknown");
        bool viaDotnet = Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return viaDotnet ? [process, typeof(KernelSpecs).Assembly.Location] : [process];
    }

    /// <summary>Writes <c>NAME/kernel.json</c> (and the logo) and returns the folder.</summary>
    public static string Install(string kernelsDirectory, string name)
    {
        if (name.Length == 0 || name.IndexOfAny(['/', '\\', ' ']) >= 0)
            throw new ArgumentException($"kernel name '{name}' must be non-empty without spaces or slashes (e.g. {DefaultName})");
        string directory = Path.Combine(kernelsDirectory, name);
        // Never replace someone else's kernel (e.g. .NET Interactive's .net-csharp): their notebooks keep working.
        if (File.Exists(Path.Combine(directory, "kernel.json")) && !IsOurs(directory))
            throw new InvalidOperationException($"kernelspec '{name}' in {kernelsDirectory} was not written by marketlab; not replaced (choose another --name)");
        Directory.CreateDirectory(directory);
        var argv = new JsonArray([.. LauncherArgv().Concat(["kernel", "--connection-file", "{connection_file}"]).Select(a => (JsonNode)a)]);
        var spec = new JsonObject
        {
            ["argv"] = argv,
            ["display_name"] = DisplayName,
            ["language"] = "C#",
            ["interrupt_mode"] = "message",
            ["metadata"] = new JsonObject { ["marketlab"] = new JsonObject { ["installed"] = DateTimeOffset.UtcNow.ToString("O") } },
        };
        File.WriteAllText(Path.Combine(directory, "kernel.json"), spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        KernelLogo.Write(Path.Combine(directory, "logo-64x64.png"), 64);
        KernelLogo.Write(Path.Combine(directory, "logo-32x32.png"), 32);
        return directory;
    }

    /// <summary>Every kernelspec in the Jupyter search path: (name, folder, whether MarketLab wrote it).</summary>
    public static IEnumerable<(string Name, string Directory, bool Ours)> List()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string root in SearchPath())
        {
            string kernels = Path.Combine(root, "kernels");
            if (!Directory.Exists(kernels)) continue;
            foreach (string directory in Directory.GetDirectories(kernels).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(directory);
                if (File.Exists(Path.Combine(directory, "kernel.json")) && seen.Add(name))
                    yield return (name, directory, IsOurs(directory));
            }
        }
    }

    /// <summary>Removes <c>NAME</c> from <paramref name="kernelsDirectory"/> when MarketLab wrote it.</summary>
    public static string Uninstall(string kernelsDirectory, string name)
    {
        string directory = Path.Combine(kernelsDirectory, name);
        if (!File.Exists(Path.Combine(directory, "kernel.json")))
            throw new FileNotFoundException($"no kernelspec '{name}' in {kernelsDirectory}");
        if (!IsOurs(directory))
            throw new InvalidOperationException($"kernelspec '{name}' in {kernelsDirectory} was not written by marketlab; not removed");
        Directory.Delete(directory, recursive: true);
        return directory;
    }

    private static bool IsOurs(string directory)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "kernel.json")))?["metadata"]?["marketlab"] is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // Jupyter's data path order: JUPYTER_PATH entries, the user folder, then the system prefixes.
    private static IEnumerable<string> SearchPath()
    {
        foreach (string entry in (Environment.GetEnvironmentVariable("JUPYTER_PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            yield return entry;
        yield return UserDataDirectory();
        if (!OperatingSystem.IsWindows())
        {
            yield return "/usr/local/share/jupyter";
            yield return "/usr/share/jupyter";
        }
    }
}
