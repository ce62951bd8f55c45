using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MarketLab.Experiments.AutoML.Featurization;
using static MarketLab.Experiments.Data.ModelFiles.ModelZip;

namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// Saves and loads a fitted AutoML pipeline as one zip file. A pipeline made only of ML.NET transformers is written by
/// ML.NET's <c>Model.Save</c> unchanged. One that holds our <see cref="TfIdfTextTransformer"/> cannot be: ML.NET 5 keeps
/// model saving of outside transformers internal (<c>MarketLab.Experiments.Bert.MLNet.BertModelFile</c> explains
/// why). Then the flattened chain is cut at each TF-IDF step: the runs of ML.NET transformers between them are each
/// saved with <c>Model.Save</c> (the first one with the pipeline's input schema, possibly empty), each TF-IDF step with
/// <see cref="TfIdfTextTransformer.Write"/>, each sentence-embedding step as its settings (JSON; the frozen encoder is
/// found again by name or folder), and <c>marketlab-model.json</c> lists the parts in order.
/// <see cref="Load"/> reads both kinds, so <c>automl predict</c>, saved ensembles and run artifacts load either.
/// </summary>
public static class AutoMLModelFile
{
    private const string Manifest = "marketlab-model.json";

    /// <summary>Writes <paramref name="model"/> (with the schema of the data it reads) to <paramref name="path"/>.</summary>
    public static void Save(MLContext ml, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        var steps = Flatten(model).ToList();
        if (!steps.Any(s => s is TfIdfTextTransformer or Models.MLNet.SentenceEmbeddingTransformer))
        {
            ml.Model.Save(model, inputSchema, path);
            return;
        }

        var temp = path + ".partial";
        try
        {
            using (var zip = ZipFile.Open(temp, ZipArchiveMode.Create))
            {
                var parts = new List<Part>();
                var schema = inputSchema;
                var run = new List<ITransformer>();
                void FlushMlNet()
                {
                    var chain = new TransformerChain<ITransformer>(run.ToArray());
                    var entry = $"part-{parts.Count}.zip";
                    var at = schema;
                    WriteEntry(zip, entry, s => ml.Model.Save(chain, at, s));
                    parts.Add(new Part("mlnet", entry));
                    schema = chain.GetOutputSchema(schema);
                    run.Clear();
                }

                foreach (var step in steps)
                {
                    if (step is not (TfIdfTextTransformer or Models.MLNet.SentenceEmbeddingTransformer))
                    {
                        run.Add(step);
                        continue;
                    }

                    if (run.Count > 0 || parts.Count == 0) FlushMlNet();
                    if (step is TfIdfTextTransformer tfidf)
                    {
                        var entry = $"part-{parts.Count}.tfidf";
                        WriteEntry(zip, entry, tfidf.Write);
                        parts.Add(new Part("tfidf", entry));
                    }
                    else
                    {
                        // A frozen encoder learns nothing: its settings are the whole part (the model by catalog name or
                        // folder; a catalogued model is installed on load if it is missing).
                        var embedding = (Models.MLNet.SentenceEmbeddingTransformer)step;
                        var entry = $"part-{parts.Count}.embedding.json";
                        WriteEntry(zip, entry, s => JsonSerializer.Serialize(s, embedding.Options.WithAbsoluteModel()));
                        parts.Add(new Part("embedding", entry));
                    }

                    schema = step.GetOutputSchema(schema);
                }

                if (run.Count > 0) FlushMlNet();
                WriteEntry(zip, Manifest, s => JsonSerializer.Serialize(s, new ManifestData(1, parts)));
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Reads a file written by <see cref="Save"/> (or by ML.NET's <c>Model.Save</c>).</summary>
    /// <exception cref="InvalidDataException">A part listed in the manifest is missing or unreadable (the file is named).</exception>
    public static ITransformer Load(MLContext ml, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(ml);
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file {path} does not exist.", path);
        ManifestData? manifest = null;
        using (var zip = ZipFile.OpenRead(path))
        {
            if (zip.GetEntry(Manifest) is { } m)
            {
                using var s = m.Open();
                try { manifest = JsonSerializer.Deserialize<ManifestData>(s); }
                catch (JsonException e) { throw new InvalidDataException($"{path}: {Manifest} is unreadable: {e.Message}", e); }
                if (manifest is null || manifest.Format != 1 || manifest.Parts.Count == 0 || manifest.Parts[0].Kind != "mlnet")
                    throw new InvalidDataException($"{path}: {Manifest} is not a format-1 part list starting with an ML.NET part.");
            }

            if (manifest is not null)
            {
                var steps = new List<ITransformer>();
                DataViewSchema? schema = null;
                foreach (var part in manifest.Parts)
                {
                    var entry = zip.GetEntry(part.Entry) ?? throw new InvalidDataException($"{path}: part '{part.Entry}' is missing.");
                    using var buffer = ReadEntry(entry);
                    switch (part.Kind)
                    {
                        case "mlnet":
                            steps.AddRange(Flatten(ml.Model.Load(buffer, out var partSchema)));
                            schema ??= partSchema;
                            break;
                        case "tfidf":
                            steps.Add(TfIdfTextTransformer.Read(buffer));
                            break;
                        case "embedding":
                            Models.MLNet.SentenceEmbeddingOptions options;
                            try { options = JsonSerializer.Deserialize<Models.MLNet.SentenceEmbeddingOptions>(buffer) ?? throw new JsonException("null"); }
                            catch (JsonException e) { throw new InvalidDataException($"{path}: part '{part.Entry}' is unreadable: {e.Message}", e); }
                            steps.Add(Models.MLNet.SentenceEmbeddingTransformer.Create(options.Validate()));
                            break;
                        default:
                            throw new InvalidDataException($"{path}: part '{part.Entry}' has unknown kind '{part.Kind}'.");
                    }
                }

                inputSchema = schema!;
                return new TransformerChain<ITransformer>(steps.ToArray());
            }
        }

        return ml.Model.Load(path, out inputSchema);
    }

    private sealed record Part(string Kind, string Entry);

    private sealed record ManifestData(int Format, IReadOnlyList<Part> Parts);
}
