using System.Globalization;
using System.Text;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Bench.AutoML;

/// <summary>A dataset split once (stratified by label, seeded) into train.csv and test.csv, shared with bench/automl/sklearn_peer.py.</summary>
/// <param name="Name">Short name (folder under the output directory).</param>
/// <param name="Description">What the rows are, for the report.</param>
/// <param name="Directory">Folder holding train.csv and test.csv.</param>
/// <param name="KindOverrides">Column kinds the caller fixes instead of the loader's guess.</param>
internal sealed record AcceptanceSplit(string Name, string Description, string Directory, IReadOnlyDictionary<string, ColumnKind> KindOverrides)
{
    public string TrainCsv => Path.Combine(Directory, "train.csv");

    public string TestCsv => Path.Combine(Directory, "test.csv");
}

/// <summary>
/// The three acceptance datasets of the AutoML issue, from ../shared/datasets (SOURCES.md there):
/// <list type="bullet">
/// <item><c>uci-sentiment</c>: the three UCI Sentiment Labelled Sentences files (Amazon, IMDb, Yelp;
/// Kotzias et al., KDD 2015), 3,000 sentences, label 1 = positive.</item>
/// <item><c>hillstrom-visit</c>: Hillstrom's MineThatData e-mail data (64,000 customers), label <c>visit</c>;
/// <c>conversion</c> and <c>spend</c> are dropped (they happen after a visit and would leak it). The
/// <c>history_segment</c> bins ("2) $100 - $200") average three words, so the loader would call them free
/// text; they are declared categorical.</item>
/// <item><c>online-shoppers</c>: UCI Online Shoppers Purchasing Intention (Sakar et al., Neural Computing and
/// Applications, 2019; catalog <c>online_shoppers</c>), 12,330 sessions, label <c>Revenue</c> (TRUE/FALSE) written as
/// <c>label</c>; columns typed by the loader.</item>
/// </list>
/// Each is split 80/20, stratified by label, with <see cref="Random"/>(seed): the test rows are never seen by
/// any search and score every candidate once.
/// </summary>
internal static class AcceptanceData
{
    public const double TestShare = 0.2;

    public static AcceptanceSplit Prepare(string name, string outputRoot, int seed) => name switch
    {
        "uci-sentiment" => Write(name, "UCI Sentiment Labelled Sentences (Amazon + IMDb + Yelp, 3,000 sentences)", outputRoot, seed,
            ["text", "label"], UciSentiment(), new Dictionary<string, ColumnKind>()),
        "hillstrom-visit" => Write(name, "Hillstrom e-mail data, label visit (64,000 customers; conversion and spend dropped)", outputRoot, seed,
            HillstromColumns, HillstromRows(), new Dictionary<string, ColumnKind> { ["history_segment"] = ColumnKind.Categorical }),
        "online-shoppers" => WholeCsv(name, "UCI Online Shoppers Purchasing Intention (12,330 sessions), label Revenue", outputRoot, seed,
            "behaviour/uci-online-shoppers/online_shoppers_intention.csv"),
        "sst2" => Fixed(name, "SST-2 (GLUE): train 67,349 phrases, scored on the 872 dev sentences", outputRoot,
            ["text", "label"], Binary("text/sst2/train.tsv"), Binary("text/sst2/dev.tsv"), new Dictionary<string, ColumnKind>()),
        "banking77" => Fixed(name, "BANKING77: 10,003 training queries, 77 intents, scored on the official 3,080-query test set", outputRoot,
            ["text", "label"], Intents("text/banking77/train.csv"), Intents("text/banking77/test.csv"), new Dictionary<string, ColumnKind>()),
        _ => throw new ArgumentException($"Unknown acceptance dataset '{name}'; allowed: uci-sentiment, hillstrom-visit, online-shoppers, sst2, banking77."),
    };

    private static readonly string[] HillstromColumns =
        ["recency", "history_segment", "history", "mens", "womens", "zip_code", "newbie", "channel", "segment", "visit"];

    private static IEnumerable<string[]> UciSentiment()
    {
        foreach (var file in new[] { "amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt" })
        {
            var path = SharedDatasets.Resolve("text/uci_sentiment_labelled/" + file);
            var line = 0;
            foreach (var raw in File.ReadLines(path))
            {
                line++;
                if (raw.Trim().Length == 0) continue;
                var tab = raw.LastIndexOf('\t');
                var label = tab < 0 ? "" : raw[(tab + 1)..].Trim();
                if (label is not ("0" or "1")) throw new InvalidDataException($"{path}:{line}: expected 'sentence<TAB>0|1'.");
                yield return [raw[..tab].Trim(), label];
            }
        }
    }

    // GLUE's "sentence<TAB>label" with a header row, read with the product's reader; the labels must be 0 or 1.
    private static IEnumerable<string[]> Binary(string relativePath)
    {
        var path = SharedDatasets.Resolve(relativePath);
        var examples = SentimentText.Load(path, header: true);
        if (examples.Labels.FirstOrDefault(l => l is not ("0" or "1")) is { } other)
            throw new InvalidDataException($"{path}: label '{other}' is not 0 or 1.");
        return Rows(examples);
    }

    // BANKING77's "text,category" (RFC 4180), read with the product's reader.
    private static IEnumerable<string[]> Intents(string relativePath) => Rows(TextCsv.Load(SharedDatasets.Resolve(relativePath), "text", "category"));

    private static IEnumerable<string[]> Rows(TextExamples examples) => examples.Texts.Select((text, i) => new[] { text, examples.Labels[i] });

    // A dataset with its own published train/test split (no resampling).
    private static AcceptanceSplit Fixed(string name, string description, string outputRoot, string[] columns, IEnumerable<string[]> train,
        IEnumerable<string[]> test, Dictionary<string, ColumnKind> kinds)
    {
        var directory = Path.Combine(outputRoot, name);
        System.IO.Directory.CreateDirectory(directory);
        var split = new AcceptanceSplit(name, description, directory, kinds);
        WriteCsv(split.TrainCsv, columns, train);
        WriteCsv(split.TestCsv, columns, test);
        return split;
    }

    // hillstrom.csv quotes the "6) $750 - $1,000" bin, so it is read with the RFC 4180 reader, not split on commas.
    private static IEnumerable<string[]> HillstromRows()
    {
        var path = SharedDatasets.Resolve(Hillstrom.RelativePath);
        using var reader = MarketLab.Evaluation.Data.CsvReader.Open(path);
        var header = reader.Header.ToArray();
        var index = HillstromColumns.Select(c => Array.IndexOf(header, c) is >= 0 and var i ? i
            : throw new InvalidDataException($"{path}: column '{c}' is missing.")).ToArray();
        while (reader.Read())
            yield return index.Select(i => reader.Field(i).ToString()).ToArray();
    }

    // A plain CSV (no quoted commas) whose last column is the label, renamed to "label".
    private static AcceptanceSplit WholeCsv(string name, string description, string outputRoot, int seed, string relativePath)
    {
        var lines = File.ReadAllLines(SharedDatasets.Resolve(relativePath));
        var columns = lines[0].Split(',');
        columns[^1] = "label";
        return Write(name, description, outputRoot, seed, columns, lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')), new Dictionary<string, ColumnKind>());
    }

    private static AcceptanceSplit Write(string name, string description, string outputRoot, int seed, string[] columns,
        IEnumerable<string[]> rows, Dictionary<string, ColumnKind> kinds)
    {
        var all = rows.ToArray();
        string[] labels = all.Select(r => r[^1]).ToArray();
        var (train, test) = StratifiedSplit.Indices(labels, labels.Distinct().Order(StringComparer.Ordinal), TestShare, seed);
        return Fixed(name, description, outputRoot, columns, train.Select(i => all[i]), test.Select(i => all[i]), kinds);
    }

    private static void WriteCsv(string path, string[] columns, IEnumerable<string[]> rows)
    {
        var sb = new StringBuilder(string.Join(',', columns)).Append('\n');
        foreach (var row in rows) sb.Append(string.Join(',', row.Select(Quote))).Append('\n');
        File.WriteAllText(path, sb.ToString());
    }

    // RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled.
    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Invariant(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
