using System.CommandLine;
using System.Globalization;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Data.Catalog;
using MarketLab.Experiments.Recommendation.Propensity;
using MarketLab.Experiments.Recommendation.SasRec;

namespace MarketLab.Cli.Recommend;

/// <summary>
/// <c>marketlab recommend propensity</c>: the Taobao purchase-propensity AUC with and without a SASRec user embedding,
/// paired by DeLong's test on the same held-out users (<see cref="SequencePropensity"/>).
/// </summary>
internal static class PropensityCommand
{
    private const int InputError = 2;

    private static readonly Option<string> Log = new("--log") { Description = "A Taobao UserBehavior CSV or the catalogued taobao_userbehavior.", DefaultValueFactory = _ => "taobao_userbehavior" };
    private static readonly Option<int> LabelDays = new("--label-days") { Description = "Days at the end of the window whose purchases are the label.", DefaultValueFactory = _ => 2 };
    private static readonly Option<double> TestShare = new("--test-share") { Description = "Share of users held out (stratified by label).", DefaultValueFactory = _ => 0.3 };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "SASRec epochs.", DefaultValueFactory = _ => new SequencePropensityRequest("").SasRec.Epochs };
    private static readonly Option<int> Hidden = new("--hidden") { Description = "SASRec hidden size = embedding columns added.", DefaultValueFactory = _ => new SequencePropensityRequest("").SasRec.Hidden };
    private static readonly Option<string> Loss = new("--loss") { Description = "SASRec objective: bce, ce or sampled-ce (256 negatives per batch).", DefaultValueFactory = _ => "bce" };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the user split and SASRec.", DefaultValueFactory = _ => 0 };
    private static readonly Option<int?> Threads = new("--threads") { Description = "Torch intra-op threads (default: torch's)." };

    public static Command Create()
    {
        var command = new Command("propensity", "Taobao purchase propensity: AUC with and without SASRec user embeddings (trained on the training users' pre-cut events), paired DeLong test.");
        foreach (Option option in new Option[] { Log, LabelDays, TestShare, Epochs, Hidden, Loss, Seed, Threads }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                string log = parse.GetValue(Log)!;
                string path = DatasetCatalog.Default.Find(log) is not null
                    ? DatasetCatalog.Default.Resolve(log, new Dictionary<string, string>()).FilePath ?? throw new ArgumentException($"'{log}' has no file.")
                    : File.Exists(log) ? log : throw new FileNotFoundException($"--log: '{log}' is neither a catalogued dataset nor a file.");
                var loss = SasRecLossNames.Parse(parse.GetValue(Loss)!, "--loss");
                int seed = parse.GetValue(Seed);
                var defaults = new SequencePropensityRequest(path);
                var request = defaults with
                {
                    LabelDays = parse.GetValue(LabelDays), TestShare = parse.GetValue(TestShare), Seed = seed,
                    SasRec = defaults.SasRec with
                    {
                        Epochs = parse.GetValue(Epochs), Hidden = parse.GetValue(Hidden), Loss = loss, Seed = seed,
                        Runtime = new TorchRuntimeOptions(TorchDevicePreference.Cpu, parse.GetValue(Threads)),
                    },
                };
                var result = SequencePropensity.Run(request, line => error.WriteLine(line));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.TestUsers} held-out users ({result.TestBuyers} buyers), {result.TrainUsers} training users; {result.AggregatedFeatures} aggregated features + {result.EmbeddingSize} SASRec dimensions"));
                output.WriteLine("| learner | AUC aggregated | AUC + SASRec embedding | difference [95% CI] | DeLong p |");
                output.WriteLine("|---|---|---|---|---|");
                foreach (var c in result.Comparisons)
                {
                    var d = c.DeLong;
                    // DeLongTest reports A − B; the table shows with − without.
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {c.Learner} | {d.AucA:F4} | {d.AucB:F4} | {-d.Difference:+0.0000;-0.0000} [{-d.ConfidenceInterval.Upper:+0.0000;-0.0000}, {-d.ConfidenceInterval.Lower:+0.0000;-0.0000}] | {d.PValue:G3} |"));
                }
                return 0;
            }
            catch (Exception e) when (e is FormatException or IOException or ArgumentException)
            {
                error.WriteLine($"marketlab recommend propensity: {e.Message}");
                return InputError;
            }
        });
        return command;
    }
}
