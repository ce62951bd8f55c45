using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using static MarketLab.Experiments.Data.ModelFiles.ModelZip;

namespace MarketLab.Experiments.Bert.MLNet;

/// <summary>
/// <c>mlContext.Model.SaveWithBert(model, schema, path)</c> / <c>mlContext.Model.LoadWithBert(path, out schema)</c>:
/// one zip file for a fitted pipeline that contains a BERT transformer. ML.NET's own <c>Model.Save</c>/<c>Load</c> cannot
/// hold a third-party transformer: in ML.NET 5 a transformer saves itself through <c>ModelSaveContext</c>, whose writing
/// members (<c>SetVersionInfo</c>, <c>SaveBinaryStream</c>, <c>Writer</c>) are internal, and <c>Model.Load</c> finds
/// loaders only through <c>[assembly: LoadableClass]</c> registrations, an internal attribute type, next to an internal
/// <c>ModelLoadContext</c> and <c>VersionInfo</c> (Microsoft.ML.Core; only ML.NET's own assemblies see them).
/// The public <c>ComponentCatalog.RegisterAssembly</c> discovers <c>CustomMappingFactory</c> types, which are rebuilt
/// from a contract name alone and cannot carry weights. So this file stores the transformers before the BERT step as an
/// ML.NET model zip (saved with <c>Model.Save</c>, input schema included), the ones after it as a second ML.NET zip, and
/// the BERT step as its checkpoint folder (<see cref="BertClassifierTransformer.SaveTo"/>).
/// </summary>
public static class BertModelFile
{
    private const string Manifest = "marketlab-bert.json";
    private const string Before = "mlnet-before.zip";
    private const string After = "mlnet-after.zip";
    private const string BertFolder = "bert/";

    /// <summary>Saves <paramref name="model"/> (a chain with exactly one BERT transformer, or the transformer itself).</summary>
    public static void SaveWithBert(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, string filePath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        List<ITransformer> steps = Flatten(model).ToList();
        int[] bertAt = steps.Select((t, i) => (t, i)).Where(p => p.t is BertClassifierTransformer).Select(p => p.i).ToArray();
        if (bertAt.Length != 1)
            throw new ArgumentException($"SaveWithBert needs a model with exactly one BERT transformer; this one has {bertAt.Length} (use mlContext.Model.Save when there is none).", nameof(model));
        var bert = (BertClassifierTransformer)steps[bertAt[0]];
        var before = new TransformerChain<ITransformer>(steps.Take(bertAt[0]).ToArray());
        DataViewSchema bertInput = before.GetOutputSchema(inputSchema);
        var after = new TransformerChain<ITransformer>(steps.Skip(bertAt[0] + 1).ToArray());

        string folder = Path.Combine(Path.GetTempPath(), "marketlab-bert-save-" + Guid.NewGuid().ToString("N"));
        string temp = filePath + ".tmp";
        try
        {
            bert.SaveTo(folder);
            using (var zip = ZipFile.Open(temp, ZipArchiveMode.Create))
            {
                WriteEntry(zip, Manifest, s => JsonSerializer.Serialize(s, new ManifestData(1, bert.Task, bertAt[0], steps.Count)));
                WriteEntry(zip, Before, s => catalog.Save(before, inputSchema, s));
                WriteEntry(zip, After, s => catalog.Save(after, bert.GetOutputSchema(bertInput), s));
                foreach (string file in Directory.GetFiles(folder)) zip.CreateEntryFromFile(file, BertFolder + Path.GetFileName(file), CompressionLevel.Fastest);
            }

            File.Move(temp, filePath, overwrite: true);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Loads a file written by <see cref="SaveWithBert"/> as one flat chain. The BERT checkpoint is unpacked into a folder
    /// named by the file's SHA-256 under the temp directory (reused by later loads; the tokenizer keeps its vocab path).
    /// </summary>
    public static TransformerChain<ITransformer> LoadWithBert(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (!File.Exists(filePath)) throw new FileNotFoundException($"Model file {filePath} does not exist.", filePath);
        using ZipArchive zip = ZipFile.OpenRead(filePath);
        ZipArchiveEntry Entry(string name) => zip.GetEntry(name)
            ?? throw new InvalidDataException($"{filePath} has no entry '{name}': it was not written by SaveWithBert.");
        ManifestData manifest;
        using (Stream s = Entry(Manifest).Open())
            manifest = JsonSerializer.Deserialize<ManifestData>(s) ?? throw new InvalidDataException($"{filePath}: {Manifest} is empty.");
        if (manifest.Format != 1) throw new InvalidDataException($"{filePath}: format {manifest.Format} is not supported (this version reads format 1).");

        ITransformer before = catalog.Load(ReadEntry(Entry(Before)), out inputSchema);
        ITransformer after = catalog.Load(ReadEntry(Entry(After)), out _);
        string folder = Path.Combine(Path.GetTempPath(), "marketlab-bert-models", Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(filePath))));
        if (!File.Exists(Path.Combine(folder, BertClassifierTransformer.OptionsFile)))
        {
            string staging = folder + "." + Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(staging);
            foreach (ZipArchiveEntry e in zip.Entries.Where(e => e.FullName.StartsWith(BertFolder, StringComparison.Ordinal) && e.Name.Length > 0))
                e.ExtractToFile(Path.Combine(staging, e.Name));
            try
            {
                Directory.Move(staging, folder);
            }
            catch (IOException) when (Directory.Exists(folder))
            {
                Directory.Delete(staging, recursive: true); // another process unpacked the same file first
            }
        }

        BertClassifierTransformer bert = BertClassifierTransformer.Load(folder);
        if (bert.Task != manifest.Task) throw new InvalidDataException($"{filePath}: the manifest says {manifest.Task} but the BERT columns say {bert.Task}.");
        return new TransformerChain<ITransformer>(Flatten(before).Append(bert).Concat(Flatten(after)).ToArray());
    }

    private sealed record ManifestData(int Format, string Task, int BertIndex, int Steps);
}
