using System.CommandLine;
using MarketLab.Cli.Ab;
using MarketLab.Experiments.Bert.Export;
using MarketLab.Experiments.Bert.Modeling;

namespace MarketLab.Cli.Bert;

/// <summary><c>marketlab bert export</c>: a fine-tuned checkpoint folder to one self-contained .onnx file (<see cref="BertOnnxExporter"/>).</summary>
internal static class BertExportCommand
{
    private static readonly Option<string> Model = new("--model") { Description = "Checkpoint folder of a fine-tuned classifier (bert train --out)." };
    private static readonly Option<string> Out = new("--out") { Description = "The .onnx file to write (opset 17; labels and tokenizer in its metadata)." };
    private static readonly Option<int> MaxLength = new("--max-length") { Description = "Longest input in tokens stored for scoring (capped at the model's positions).", DefaultValueFactory = _ => 128 };

    public static Command Create()
    {
        var command = new Command("export", "Export a fine-tuned classifier to ONNX: inputs input_ids, attention_mask, token_type_ids (int64, dynamic batch and sequence); outputs logits and probabilities.");
        foreach (Option o in new Option[] { Model, Out, MaxLength }) command.Options.Add(o);
        command.SetAction((parse, ct) => BertCommand.Guard(parse, "export", () => Task.FromResult(Run(parse))));
        return command;
    }

    private static int Run(ParseResult parse)
    {
        string model = parse.GetValue(Model) is { Length: > 0 } m ? m : throw new CliInputException("--model", "is required (a checkpoint folder written by bert train --out)");
        string outPath = parse.GetValue(Out) is { Length: > 0 } o ? o : throw new CliInputException("--out", "is required (the .onnx file to write)");
        if (!Directory.Exists(model)) throw new CliInputException("--model", $"no folder at {Path.GetFullPath(model)}");
        if (parse.GetValue(MaxLength) < 3) throw new CliInputException("--max-length", $"must be at least 3; got {parse.GetValue(MaxLength)}");
        BertOnnxExporter.ExportCheckpoint(model, outPath, parse.GetValue(MaxLength));
        OnnxClassifierMetadata meta = OnnxClassifierMetadata.Read(outPath);
        parse.InvocationConfiguration.Output.WriteLine(
            $"Exported {Path.GetFullPath(model)} ({meta.Labels.Count} labels: {string.Join(", ", meta.Labels)}; max length {meta.MaxLength}) to {Path.GetFullPath(outPath)} ({new FileInfo(outPath).Length:N0} bytes, opset {BertOnnxExporter.Opset}).");
        return 0;
    }
}
