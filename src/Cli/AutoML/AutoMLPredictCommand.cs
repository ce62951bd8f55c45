using System.CommandLine;
using System.Globalization;
using MarketLab.Cli.Ab;
using MarketLab.Evaluation.Data;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Cli.AutoML;

/// <summary>
/// <c>marketlab automl predict --model DIR --data CSV --output FILE</c>: scores a CSV with a model saved by
/// <c>marketlab automl --output DIR</c> — the best trial (<c>DIR/model.zip</c>) or the top-k ensemble
/// (<c>DIR/ensemble</c>, <see cref="AutoMLEnsembleModel"/>) — and writes one probability (binary), score (regression), or
/// predicted class and its probability (multiclass) per row.
/// </summary>
internal static class AutoMLPredictCommand
{
    private static readonly Option<string> Model = new("--model") { Description = "A folder written by automl --output (model.zip), or its ensemble folder (ensemble.json)." };
    private static readonly Option<string> Data = new("--data") { Description = "CSV to score (header row; the training columns by name)." };
    private static readonly Option<string> Output = new("--output") { Description = "CSV to write: probability (binary), score (regression), or predicted_label,probability (multiclass)." };

    public static Command Create()
    {
        var command = new Command("predict", "Score a CSV with a saved AutoML model or ensemble.");
        foreach (Option option in new Option[] { Model, Data, Output }) command.Options.Add(option);
        command.SetAction(parseResult =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var model = Required(parseResult, Model, "the saved model's folder");
                var data = Required(parseResult, Data, "the CSV to score");
                var output = Required(parseResult, Output, "the CSV to write");
                var (header, lines) = Score(new MLContext(0), model, data);
                using var writer = new StreamWriter(output);
                writer.WriteLine(header);
                foreach (var line in lines) writer.WriteLine(line);
                parseResult.InvocationConfiguration.Output.WriteLine($"Scored {lines.Length} rows into {output}.");
                return 0;
            }
            catch (Exception e) when (e is CliInputException or CsvFormatException or AutoMLDataException or IOException or FormatException
                                          or InvalidDataException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                error.WriteLine($"marketlab automl predict: {e.Message}");
                return AbCommand.InputError;
            }
        });
        return command;
    }

    private static (string Header, string[] Lines) Score(MLContext ml, string model, string data)
    {
        static string Number(float v) => v.ToString("R", CultureInfo.InvariantCulture);
        if (AutoMLEnsembleModel.IsEnsemble(model))
        {
            var ensemble = AutoMLEnsembleModel.Load(ml, model);
            var rows = SchemaCsv.Load(data, ensemble.InputSchema);
            if (!ensemble.IsMulticlass) return ("probability", ensemble.PredictProbabilities(rows).Select(Number).ToArray());
            return ("predicted_label,probability", ensemble.PredictTopClasses(rows).Select(t => $"{CsvField(t.Label)},{Number(t.Probability)}").ToArray());
        }

        var file = File.Exists(Path.Combine(model, "model.zip")) ? Path.Combine(model, "model.zip")
            : throw new CliInputException("--model", $"{model} holds neither model.zip nor ensemble.json");
        var transformer = AutoMLModelFile.Load(ml, file, out var schema);
        var scored = transformer.Transform(SchemaCsv.Load(data, schema));
        if (scored.Schema.GetColumnOrNull("Probability") is not null) return ("probability", scored.GetColumn<float>("Probability").Select(Number).ToArray());
        if (scored.Schema.GetColumnOrNull("Score") is { Type: NumberDataViewType }) return ("score", scored.GetColumn<float>("Score").Select(Number).ToArray());
        if (scored.Schema.GetColumnOrNull("Score") is { Type: VectorDataViewType } && scored.Schema.GetColumnOrNull("PredictedLabel") is { } predicted)
        {
            // The saved pipeline maps PredictedLabel back to the label's values (MapKeyToValue); its probability is the largest score.
            var labels = predicted.Type.RawType == typeof(ReadOnlyMemory<char>)
                ? scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(l => l.ToString()).ToArray()
                : scored.GetColumn<float>("PredictedLabel").Select(Number).ToArray();
            var top = scored.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().Max()).ToArray();
            return ("predicted_label,probability", labels.Select((l, i) => $"{CsvField(l)},{Number(top[i])}").ToArray());
        }

        throw new CliInputException("--model", "this model gives neither a probability, a regression score nor class scores");
    }

    // RFC 4180: a field holding a comma, quote or line break is quoted, with quotes doubled.
    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private static string Required(ParseResult parseResult, Option<string> option, string what) =>
        parseResult.GetValue(option) is { Length: > 0 } value ? value : throw new CliInputException(option.Name, $"is required ({what})");
}
