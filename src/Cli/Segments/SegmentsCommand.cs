using System.CommandLine;
using System.Globalization;
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
    private static readonly Option<string?> Out = new("--out") { Description = "Write user,segment rows to this CSV file." };

    public static Command Create()
    {
        var command = new Command("segments", "User segments from a behaviour log: k-means on recency, activity, purchases, carts, favourites and category breadth, with a profile per segment.");
        command.Arguments.Add(Log);
        foreach (Option option in new Option[] { Count, Top, Seed, Out }) command.Options.Add(option);
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                return Execute(parseResult, output);
            }
            catch (Exception e) when (e is FormatException or IOException or ArgumentException)
            {
                error.WriteLine($"marketlab segments: {e.Message}");
                return InputError;
            }
        });
        return command;
    }

    private static int Execute(ParseResult parse, TextWriter output)
    {
        string log = parse.GetValue(Log)!;
        string path = DatasetCatalog.Default.Find(log) is not null
            ? DatasetCatalog.Default.Resolve(log).FilePath ?? throw new ArgumentException($"'{log}' is not a file dataset.")
            : File.Exists(log) ? log : throw new ArgumentException($"'{log}' is neither a catalogued dataset nor a file.");
        var users = UserSequences.Build(BehaviourLog.Read(path, BehaviourLogFormat.TaobaoCsv));
        var result = UserSegmentation.Fit(users, null, new SegmentationOptions { Segments = parse.GetValue(Count), Seed = parse.GetValue(Seed), TopCategories = parse.GetValue(Top) });
        output.WriteLine(FormattableString.Invariant($"{users.Count:N0} users in {result.Profiles.Count} segments (k-means on {string.Join(", ", UserBehaviourFeatures.Names)}; mean squared distance to the centre {result.AverageDistance:F3})"));
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
