using System.CommandLine;
using System.Globalization;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Data.Catalog;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation.Segments;

namespace MarketLab.Cli.Segments;

/// <summary>
/// <c>marketlab segments LOG</c>: user profiling on a behaviour log through <see cref="UserSegmentation.Fit"/> (k-means
/// on RFM-style behaviour features), printing each segment's profile and optionally writing user → segment as CSV.
/// </summary>
internal static class SegmentsCommand
{
    private const int InputError = 2;

    private static readonly Argument<string> Log = new("log") { Description = "A catalogued behaviour log (taobao_sequences) or the path of one in the Taobao format (user,item,category,behaviour,timestamp)." };
    private static readonly Option<int> Count = new("--segments") { Description = "Number of segments (k).", DefaultValueFactory = _ => new SegmentationOptions().Segments };
    private static readonly Option<int> Top = new("--top") { Description = "Categories listed per segment.", DefaultValueFactory = _ => 3 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the k-means++ initialisation.", DefaultValueFactory = _ => 0 };
    private static readonly Option<string?> Out = new("--out", "--output") { Description = "Write user,segment rows to this CSV file (the --segments input of marketlab ab and uplift)." };
    private static readonly Option<string> Embeddings = new("--embeddings") { Description = "none (behaviour features only) or sasrec (add each user's SASRec embedding, trained on the log).", DefaultValueFactory = _ => "none" };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "SASRec epochs (with --embeddings sasrec).", DefaultValueFactory = _ => new SegmentationRequest([]).SasRec.Epochs };
    private static readonly Option<int> Hidden = new("--hidden") { Description = "SASRec hidden size = embedding length.", DefaultValueFactory = _ => new SegmentationRequest([]).SasRec.Hidden };
    private static readonly Option<string> Target = new("--target") { Description = "SASRec's tokens: category (default), item or behaviour.", DefaultValueFactory = _ => "category" };
    private static readonly Option<double> Weight = new("--embedding-weight") { Description = "Weight of the embedding block against the behaviour features (1: equal expected squared norms).", DefaultValueFactory = _ => new SegmentationOptions().EmbeddingWeight };
    private static readonly Option<int?> Threads = new("--threads") { Description = "Torch intra-op threads (default: torch's)." };

    public static Command Create()
    {
        var command = new Command("segments", "User segments from a behaviour log: k-means on recency, activity, purchases, carts, favourites and category breadth, with a profile per segment.");
        command.Arguments.Add(Log);
        foreach (Option option in new Option[] { Count, Top, Seed, Out, Embeddings, Epochs, Hidden, Target, Weight, Threads }) command.Options.Add(option);
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                return Execute(parseResult, output, error);
            }
            catch (Exception e) when (e is FormatException or IOException or ArgumentException)
            {
                error.WriteLine($"marketlab segments: {e.Message}");
                return InputError;
            }
        });
        return command;
    }

    private static int Execute(ParseResult parse, TextWriter output, TextWriter error)
    {
        string log = parse.GetValue(Log)!;
        string path = DatasetCatalog.Default.Find(log) is not null
            ? DatasetCatalog.Default.Resolve(log).FilePath ?? throw new ArgumentException($"'{log}' is not a file dataset.")
            : File.Exists(log) ? log : throw new ArgumentException($"'{log}' is neither a catalogued dataset nor a file.");
        var users = UserSequences.Build(BehaviourLog.Read(path, BehaviourLogFormat.TaobaoCsv));
        var embeddings = parse.GetValue(Embeddings) switch
        {
            "none" => SegmentEmbeddings.None,
            "sasrec" => SegmentEmbeddings.SasRec,
            var other => throw new ArgumentException($"--embeddings: '{other}' is not one of none, sasrec."),
        };
        int seed = parse.GetValue(Seed);
        var defaults = new SegmentationRequest(users);
        var request = defaults with
        {
            Segmentation = new SegmentationOptions { Segments = parse.GetValue(Count), Seed = seed, TopCategories = parse.GetValue(Top), EmbeddingWeight = parse.GetValue(Weight) },
            Embeddings = embeddings,
            Target = SequenceDatasets.ParseTarget(parse.GetValue(Target)!),
            SasRec = defaults.SasRec with
            {
                Epochs = parse.GetValue(Epochs), Hidden = parse.GetValue(Hidden), Seed = seed,
                Runtime = new TorchRuntimeOptions(TorchDevicePreference.Cpu, parse.GetValue(Threads)),
            },
        };
        var run = SegmentationWorkflow.Run(request, line => error.WriteLine(line));
        var result = run.Result;
        string features = string.Join(", ", UserBehaviourFeatures.Names) + (run.EmbeddingSize > 0
            ? FormattableString.Invariant($" + a {run.EmbeddingSize}-dimensional SASRec embedding of the {request.Target.ToString().ToLowerInvariant()} sequence (weight {request.Segmentation.EmbeddingWeight:G3}; trained in {run.EmbeddingSeconds:F0} s)")
            : "");
        output.WriteLine(FormattableString.Invariant($"{users.Count:N0} users in {result.Profiles.Count} segments (k-means on {features}; mean squared distance to the centre {result.AverageDistance:F3})"));
        output.WriteLine("segment  users  share   bought  buys/user  events/user  days since last  top categories (share of events)");
        foreach (var p in result.Profiles)
        {
            string top = string.Join(", ", p.TopCategories.Select(c => FormattableString.Invariant($"{c.Category} ({c.Share:P0})")));
            output.WriteLine(FormattableString.Invariant($"{p.Segment,7}  {p.Users,5}  {p.Share,5:P0}  {p.BuyerShare,6:P0}  {p.MeanBuys,9:F2}  {p.MeanEvents,11:F1}  {p.MeanRecencyDays,15:F1}  {top}"));
        }
        if (parse.GetValue(Out) is { } file)
        {
            File.WriteAllLines(file, ["user,segment", .. result.Assignment.OrderBy(a => a.Value).ThenBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key},{a.Value.ToString(CultureInfo.InvariantCulture)}")]);
            output.WriteLine($"Wrote {file}");
        }
        return 0;
    }
}
