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
/// (<c>DIR/ensemble</c>, <see cref="AutoMLEnsembleModel"/>) — and writes one probability (binary) or score (regression) per row.
/// </summary>
internal static class AutoMLPredictCommand
{
    private static readonly Option<string> Model = new("--model") { Description = "A folder written by automl --output (model.zip), or its ensemble folder (ensemble.json)." };
    private static readonly Option<string> Data = new("--data") { Description = "CSV to score (header row; the training columns by name)." };
    private static readonly Option<string> Output = new("--output") { Description = "CSV to write: one column, probability (binary) or score (regression)." };

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
                var (header, values) = Score(new MLContext(0), model, data);
                using var writer = new StreamWriter(output);
                writer.WriteLine(header);
                foreach (var v in values) writer.WriteLine(v.ToString("R", CultureInfo.InvariantCulture));
                parseResult.InvocationConfiguration.Output.WriteLine($"Scored {values.Length} rows into {output}.");
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

    private static (string Header, float[] Values) Score(MLContext ml, string model, string data)
    {
        if (AutoMLEnsembleModel.IsEnsemble(model))
        {
            var ensemble = AutoMLEnsembleModel.Load(ml, model);
            return ("probability", ensemble.PredictProbabilities(SchemaCsv.Load(data, ensemble.InputSchema)));
        }

        var file = File.Exists(Path.Combine(model, "model.zip")) ? Path.Combine(model, "model.zip")
            : throw new CliInputException("--model", $"{model} holds neither model.zip nor ensemble.json");
        var transformer = AutoMLModelFile.Load(ml, file, out var schema);
        var scored = transformer.Transform(SchemaCsv.Load(data, schema));
        if (scored.Schema.GetColumnOrNull("Probability") is not null) return ("probability", scored.GetColumn<float>("Probability").ToArray());
        if (scored.Schema.GetColumnOrNull("Score") is { Type: NumberDataViewType } ) return ("score", scored.GetColumn<float>("Score").ToArray());
        throw new CliInputException("--model", "predict writes binary probabilities or regression scores; this model gives neither (multiclass is not supported yet)");
    }

    private static string Required(ParseResult parseResult, Option<string> option, string what) =>
        parseResult.GetValue(option) is { Length: > 0 } value ? value : throw new CliInputException(option.Name, $"is required ({what})");
}
