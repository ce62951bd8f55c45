using MarketLab.Experiments.Bert.Modeling;

namespace MarketLab.Experiments.Models;

/// <summary>
/// One catalog entry: a pretrained BERT-architecture encoder shipped as manifest resources of a NuGet package's DLL,
/// with what we know about it (sizes, licence, citation) and the SHA-256 of the two extracted resources, so that a
/// package republished with other bytes under the same version is refused.
/// </summary>
/// <param name="Name">Our name, e.g. <c>all-minilm-l6-v2</c> (the folder name in the model cache).</param>
/// <param name="Source">The upstream model, e.g. <c>sentence-transformers/all-MiniLM-L6-v2</c>.</param>
/// <param name="PackageId">The NuGet package holding the DLL.</param>
/// <param name="PackageVersion">The exact package version (later versions may not restore or may hold other bytes).</param>
/// <param name="AssemblyPath">The DLL inside the package folder, e.g. <c>lib/netstandard2.1/X.dll</c>.</param>
/// <param name="ModelResource">The manifest resource holding the fp32 ONNX export.</param>
/// <param name="VocabResource">The manifest resource holding vocab.txt (one WordPiece per line).</param>
/// <param name="ModelSha256">Lower-case hex SHA-256 of the extracted ONNX bytes.</param>
/// <param name="VocabSha256">Lower-case hex SHA-256 of the extracted vocab bytes.</param>
/// <param name="Config">The published architecture (checked against the sizes the importer reads from the graph).</param>
/// <param name="License">SPDX licence identifier of the weights.</param>
/// <param name="Citation">Who to cite when using the model.</param>
/// <param name="LowerCase">Whether the vocabulary is uncased (lower-case before tokenizing).</param>
public sealed record PretrainedModelInfo(
    string Name,
    string Source,
    string PackageId,
    string PackageVersion,
    string AssemblyPath,
    string ModelResource,
    string VocabResource,
    string ModelSha256,
    string VocabSha256,
    BertConfig Config,
    string License,
    string Citation,
    bool LowerCase = true);
