using System.CommandLine;
using System.Globalization;
using MarketLab.Cli.Ab;
using MarketLab.Experiments.Bert.Inference;

namespace MarketLab.Cli.Bert;

/// <summary>
/// <c>marketlab bert predict</c>: texts from a tab-separated file to label and per-class probabilities, with a
/// checkpoint folder (TorchSharp) or an exported .onnx file (ML.NET ApplyOnnxModel) through <see cref="BertPredictor"/>.
/// </summary>
internal static class BertPredictCommand
{
    private static readonly Option<string> Model = new("--model") { Description = "Checkpoint folder (scored with TorchSharp) or .onnx file from bert export (scored through ML.NET's ApplyOnnxModel)." };
    private static readonly Option<string> Input = new("--input") { Description = "Tab-separated file with the texts." };
    private static readonly Option<string> Text = new("--text") { Description = "Text column: header name, or 0-based index for files without a header.", DefaultValueFactory = _ => "0" };
    private static readonly Option<string> Out = new("--out") { Description = "Tab-separated output: text, label, then p_<label> per class, one row per input row." };
    private static readonly Option<int?> MaxLength = new("--max-length") { Description = "Longest input in tokens (default 128 for a folder; for .onnx the exported length, which is also the most allowed)." };
    private static readonly Option<int> BatchSize = new("--batch-size") { Description = "Rows per batch (TorchSharp).", DefaultValueFactory = _ => 32 };
    private static readonly Option<int> Threads = new("--threads") { Description = "Intra-op threads (TorchSharp or ONNX Runtime).", DefaultValueFactory = _ => 1 };

    public static Command Create()
    {
        var command = new Command("predict", "Score texts with a fine-tuned classifier: a checkpoint folder (TorchSharp) or an exported .onnx file (ML.NET ApplyOnnxModel).");
        foreach (Option o in new Option[] { Model, Input, Text, Out, MaxLength, BatchSize, Threads }) command.Options.Add(o);
        command.SetAction((parse, ct) => BertCommand.Guard(parse, "predict", () => Task.FromResult(Run(parse))));
        return command;
    }

    private static int Run(ParseResult parse)
    {
        string model = parse.GetValue(Model) is { Length: > 0 } m ? m : throw new CliInputException("--model", "is required (a checkpoint folder or an .onnx file)");
        string input = parse.GetValue(Input) is { Length: > 0 } i ? i : throw new CliInputException("--input", "is required (a tab-separated file)");
        string outPath = parse.GetValue(Out) is { Length: > 0 } o ? o : throw new CliInputException("--out", "is required (the tab-separated file to write)");
        if (!Directory.Exists(model) && !File.Exists(model)) throw new CliInputException("--model", $"no checkpoint folder or .onnx file at {Path.GetFullPath(model)}");
        if (!File.Exists(input)) throw new CliInputException("--input", $"no file at {Path.GetFullPath(input)}");
        if (parse.GetValue(BatchSize) < 1) throw new CliInputException("--batch-size", $"must be at least 1; got {parse.GetValue(BatchSize)}");
        if (parse.GetValue(Threads) < 1) throw new CliInputException("--threads", $"must be at least 1; got {parse.GetValue(Threads)}");
        if (parse.GetValue(MaxLength) is < 3) throw new CliInputException("--max-length", $"must be at least 3; got {parse.GetValue(MaxLength)}");

        IReadOnlyList<string> texts = ReadTexts(input, parse.GetValue(Text)!);
        BertPredictions predictions = BertPredictor.Predict(model, texts, parse.GetValue(MaxLength), parse.GetValue(BatchSize), parse.GetValue(Threads));
        string temp = outPath + ".partial";
        using (var writer = new StreamWriter(temp))
        {
            writer.WriteLine(string.Join('\t', new[] { "text", "label" }.Concat(predictions.Labels.Select(l => "p_" + l))));
            for (int row = 0; row < texts.Count; row++)
            {
                writer.WriteLine(string.Join('\t', new[] { texts[row], predictions.Predicted[row] }
                    .Concat(predictions.Probabilities[row].Select(p => p.ToString("R", CultureInfo.InvariantCulture)))));
            }
        }

        File.Move(temp, outPath, overwrite: true);
        parse.InvocationConfiguration.Output.WriteLine($"Scored {texts.Count:N0} texts with {predictions.Backend} ({predictions.Labels.Count} labels: {string.Join(", ", predictions.Labels)}): {Path.GetFullPath(outPath)}");
        return 0;
    }

    // One text per non-empty line (tabs inside a text are not possible in a TSV field); a header when the column is a name.
    private static List<string> ReadTexts(string path, string column)
    {
        string[] lines = File.ReadAllLines(path);
        int start = 0;
        if (!int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            string[] names = lines.Length > 0 ? lines[0].Split('\t') : [];
            index = Array.IndexOf(names, column);
            if (index < 0) throw new CliInputException("--text", $"{path} has no column '{column}'; its header is: {string.Join(", ", names)}");
            start = 1;
        }

        var texts = new List<string>();
        for (int i = start; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            string[] fields = lines[i].Split('\t');
            if (index >= fields.Length) throw new CliInputException("--text", $"{path} line {i + 1} has {fields.Length} tab-separated field(s); column {index} does not exist");
            if (string.IsNullOrWhiteSpace(fields[index])) throw new CliInputException("--input", $"{path} line {i + 1}, column {index + 1}: the text is empty");
            texts.Add(fields[index].Trim());
        }

        if (texts.Count == 0) throw new CliInputException("--input", $"{path} holds no texts");
        return texts;
    }
}
