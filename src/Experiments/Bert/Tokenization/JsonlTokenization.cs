using System.Text;
using System.Text.Json;

namespace MarketLab.Experiments.Bert.Tokenization;

/// <summary>What <see cref="JsonlTokenization.Run"/> did: texts, tokens written (special tokens included), [UNK]s, truncated texts.</summary>
public sealed record JsonlTokenizationResult(int Texts, long Tokens, long UnknownTokens, int Truncated);

/// <summary>
/// Tokenizes a JSON-lines file: each input line one JSON string, each output line the JSON array of its ids with
/// [CLS] and [SEP] (untruncated unless a maximum length is given). The output is written to a temporary file beside
/// the target and moved over it only when every line succeeded, so a bad line leaves an earlier output intact.
/// </summary>
public static class JsonlTokenization
{
    /// <summary>Reads <paramref name="inputPath"/>, writes <paramref name="outputPath"/>; reports the texts done so far.</summary>
    public static JsonlTokenizationResult Run(BertTextTokenizer tokenizer, string inputPath, string outputPath, int? maxLength = null,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(inputPath)) throw new FileNotFoundException($"Input not found: {Path.GetFullPath(inputPath)}.", inputPath);
        if (maxLength is < 2) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "The maximum length must be at least 2 ([CLS] and [SEP]).");
        string full = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".partial";
        int texts = 0, truncated = 0;
        long tokens = 0, unknown = 0;
        try
        {
            using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(false)))
            {
                var line = new StringBuilder();
                int number = 0;
                foreach (string raw in File.ReadLines(inputPath))
                {
                    number++;
                    cancellationToken.ThrowIfCancellationRequested();
                    string text = ParseLine(raw, inputPath, number);
                    IReadOnlyList<int> ids = tokenizer.EncodeIds(text);
                    if (maxLength is int max && ids.Count > max)
                    {
                        // The first max - 1 ids ([CLS] and pieces) and [SEP]: what EncodeIds(text, max) gives, without tokenizing again.
                        ids = [.. ids.Take(max - 1), tokenizer.SepId];
                        truncated++;
                    }

                    line.Clear().Append('[');
                    for (int i = 0; i < ids.Count; i++)
                    {
                        if (i > 0) line.Append(',');
                        line.Append(ids[i]);
                        if (ids[i] == tokenizer.UnknownId) unknown++;
                    }

                    writer.Write(line.Append(']').Append('\n'));
                    tokens += ids.Count;
                    texts++;
                    if (texts % 10_000 == 0) progress?.Report(texts);
                }
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }

        progress?.Report(texts);
        return new JsonlTokenizationResult(texts, tokens, unknown, truncated);
    }

    private static string ParseLine(string raw, string path, int number)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(raw));
        try
        {
            if (!reader.Read()) throw new InvalidDataException($"{path}:{number}:1: empty line; each line must be one JSON string such as \"Great price!\".");
            if (reader.TokenType != JsonTokenType.String)
                throw new InvalidDataException($"{path}:{number}:{reader.TokenStartIndex + 1}: expected a JSON string, found {reader.TokenType}.");
            string text = reader.GetString()!;
            if (reader.Read()) throw new InvalidDataException($"{path}:{number}:{reader.TokenStartIndex + 1}: more after the JSON string; put one string per line.");
            return text;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{number}:{(e.BytePositionInLine ?? 0) + 1}: not a JSON string: {e.Message}", e);
        }
    }
}
