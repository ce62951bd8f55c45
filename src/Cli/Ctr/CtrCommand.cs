using System.CommandLine;
using System.Globalization;
using MarketLab.Evaluation.Data;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.Ctr;

namespace MarketLab.Cli.Ctr;

/// <summary>
/// <c>marketlab ctr</c>: an AutoML click model on an Open Bandit log (first 70% of the impressions in time for
/// training, the latest 30% for testing) with AUC, log loss, normalized entropy, calibration ratio and ECE on the test rows.
/// </summary>
internal static class CtrCommand
{
    private const int InputError = 2;

    private static readonly Option<string> Campaign = new("--campaign") { Description = "men or women.", DefaultValueFactory = _ => "men" };
    private static readonly Option<string> Policy = new("--policy") { Description = "random or bts: the log learned from.", DefaultValueFactory = _ => "random" };
    private static readonly Option<int> Time = new("--time") { Description = "AutoML time budget in seconds.", DefaultValueFactory = _ => 30 };
    private static readonly Option<int?> Trials = new("--trials") { Description = "Stop after this many trials (default: only the time budget)." };
    private static readonly Option<string> Tuner = new("--tuner") { Description = "smac or random (both reproducible with one worker).", DefaultValueFactory = _ => "smac" };
    private static readonly Option<string> Metric = new("--metric") { Description = "Search metric: logloss or auc.", DefaultValueFactory = _ => "logloss" };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the tuner, folds and trials.", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> Threads = new("--threads") { Description = "Trainer threads.", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Bins = new("--bins") { Description = "Equal-width calibration bins (ECE).", DefaultValueFactory = _ => 100 };
    private static readonly Option<string> Data = new("--data") { Description = "Folder with {campaign}.csv and item_context.csv (default: ../shared/datasets/ctr/open-bandit/{policy}/{campaign})." };

    public static Command Create()
    {
        var command = new Command("ctr", "Train an AutoML click model on an Open Bandit log and report AUC, log loss, NE and calibration on the later 30%.");
        foreach (Option option in new Option[] { Campaign, Policy, Time, Trials, Tuner, Metric, Seed, Threads, Bins, Data }) command.Options.Add(option);
        command.SetAction(async (parseResult, token) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                return await Execute(parseResult, output, token);
            }
            catch (Exception e) when (e is CsvFormatException or IOException or ArgumentException or FormatException or InvalidOperationException)
            {
                error.WriteLine($"marketlab ctr: {e.Message}");
                return InputError;
            }
        });
        return command;
    }

    private static async Task<int> Execute(ParseResult parse, TextWriter output, CancellationToken token)
    {
        var options = new ClickModelOptions
        {
            Campaign = parse.GetValue(Campaign)!, Policy = parse.GetValue(Policy)!, Folder = parse.GetValue(Data),
            TimeBudget = TimeSpan.FromSeconds(parse.GetValue(Time) is > 0 and var t ? t : throw new ArgumentException("--time must be > 0.")),
            MaxTrials = parse.GetValue(Trials), Seed = parse.GetValue(Seed), TotalThreads = Math.Max(1, parse.GetValue(Threads)),
            CalibrationBins = parse.GetValue(Bins),
            Tuner = parse.GetValue(Tuner) switch
            {
                "smac" => TunerKind.Smac, "random" => TunerKind.Random,
                var other => throw new ArgumentException($"--tuner: '{other}' is not one of smac, random."),
            },
            Metric = parse.GetValue(Metric) switch
            {
                "logloss" => AutoMLMetric.LogLoss, "auc" => AutoMLMetric.Auc,
                var other => throw new ArgumentException($"--metric: '{other}' is not one of logloss, auc."),
            },
        };
        var r = await ClickModelEvaluation.RunAsync(options, null, token);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Open Bandit {r.Policy}/{r.Campaign}: train = first {r.TrainRows} impressions ({r.TrainClicks} clicks), test = last {r.TestRows} from {r.SplitTimestamp} ({r.TestClicks} clicks)."));
        output.WriteLine(string.Create(c, $"AutoML ({options.Tuner}, seed {options.Seed}, {options.Folds}-fold CV stratified by click): {r.Trials} trials; best {r.BestLearner}, CV {r.SearchMetric} {r.BestValidationMetric:F5}"));
        output.WriteLine($"  {r.BestParameters}");
        output.WriteLine("model                       AUC [95% DeLong CI]        log loss   NE       calibration");
        Row("AutoML best", r.Model);
        Row("item x position CTR", r.Baseline);
        output.WriteLine(string.Create(c, $"AUC(model) - AUC(baseline) = {r.VersusBaseline.Difference:+0.0000;-0.0000} [{r.VersusBaseline.ConfidenceInterval.Lower:F4}, {r.VersusBaseline.ConfidenceInterval.Upper:F4}], DeLong p = {r.VersusBaseline.PValue:F3}"));
        output.WriteLine(string.Create(c, $"ECE ({r.Calibration.BinCount} equal-width bins) {r.Calibration.ExpectedCalibrationError:F5}, MCE {r.Calibration.MaximumCalibrationError:F5}"));
        foreach (var b in r.Calibration.Bins)
            output.WriteLine(string.Create(c, $"  ({b.Lower:F2}, {b.Upper:F2}]  n={b.Count,5}  predicted {b.MeanPredicted:F5}  observed {b.ObservedRate:F5} [{b.ObservedInterval.Lower:F5}, {b.ObservedInterval.Upper:F5}]"));
        output.WriteLine($"Equal-count bins ({r.QuantileBins.Count}):");
        foreach (var b in r.QuantileBins)
            output.WriteLine(string.Create(c, $"  [{b.Lower:F5}, {b.Upper:F5}]  n={b.Count,5}  predicted {b.MeanPredicted:F5}  observed {b.ObservedRate:F5} [{b.ObservedInterval.Lower:F5}, {b.ObservedInterval.Upper:F5}]"));
        return 0;

        void Row(string name, ClickScores s) => output.WriteLine(string.Create(c,
            $"{name,-27} {s.Auc:F4} [{s.AucInterval.Lower:F4}, {s.AucInterval.Upper:F4}]   {s.LogLoss:F5}    {s.NormalizedEntropy:F4}   {s.CalibrationRatio:F3}"));
    }
}
