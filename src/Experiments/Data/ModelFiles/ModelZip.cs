using System.IO.Compression;
using Microsoft.ML;

namespace MarketLab.Experiments.Data.ModelFiles;

/// <summary>
/// What our model files share when they store ML.NET models as entries of one outer zip
/// (<c>BertModelFile</c>, <c>AutoMLModelFile</c>): ML.NET's <c>Model.Save</c>/<c>Load</c> write and read a zip of
/// their own and seek in it, which an entry stream of the outer zip cannot do, so entries go through memory.
/// </summary>
internal static class ModelZip
{
    /// <summary>The transformers of <paramref name="model"/> in order, nested chains flattened.</summary>
    public static IEnumerable<ITransformer> Flatten(ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [model];

    /// <summary>Adds entry <paramref name="name"/> with what <paramref name="write"/> writes (into a seekable buffer).</summary>
    public static void WriteEntry(ZipArchive zip, string name, Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        using Stream entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        buffer.Position = 0;
        buffer.CopyTo(entry);
    }

    /// <summary>The bytes of <paramref name="entry"/> as a seekable stream at position 0.</summary>
    public static MemoryStream ReadEntry(ZipArchiveEntry entry)
    {
        var buffer = new MemoryStream();
        using (Stream s = entry.Open()) s.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }
}
