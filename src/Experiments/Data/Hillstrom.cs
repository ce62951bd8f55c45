using MarketLab.Evaluation.Data;

namespace MarketLab.Experiments.Data;

/// <summary>
/// Kevin Hillstrom's MineThatData e-mail campaign (2008): 64,000 customers randomised to a men's e-mail,
/// a women's e-mail or no e-mail, with visit, conversion and spend in the following two weeks.
/// </summary>
/// <remarks>
/// Features: recency, history, mens, womens, newbie as numbers; history_segment, zip_code and channel
/// one-hot encoded (levels as in the published file). Parsing per shared/datasets/SOURCES.md: quoted
/// commas in history_segment, CRLF line endings.
/// </remarks>
public static class Hillstrom
{
    /// <summary>Path under the shared datasets root.</summary>
    public const string RelativePath = "uplift/hillstrom.csv";

    public const string WomensEmail = "Womens E-Mail";
    public const string MensEmail = "Mens E-Mail";
    public const string NoEmail = "No E-Mail";

    private static readonly string[] Segments = ["1) $0 - $100", "2) $100 - $200", "3) $200 - $350", "4) $350 - $500", "5) $500 - $750", "6) $750 - $1,000", "7) $1,000 +"];
    private static readonly string[] Zips = ["Urban", "Surburban", "Rural"];
    private static readonly string[] Channels = ["Phone", "Web", "Multichannel"];

    /// <summary>Names of the feature vector's slots, in order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
        ["recency", "history", "mens", "womens", "newbie",
         .. Segments.Select(s => $"history_segment={s}"), .. Zips.Select(z => $"zip_code={z}"), .. Channels.Select(c => $"channel={c}")];

    /// <summary>
    /// Rows of one e-mail arm against the no-e-mail control, with <paramref name="outcome"/> as the outcome.
    /// </summary>
    /// <param name="treatment">The treated arm: <see cref="WomensEmail"/> or <see cref="MensEmail"/>.</param>
    /// <param name="outcome">visit, conversion or spend.</param>
    /// <param name="path">The CSV; resolved from the shared datasets when null.</param>
    public static UpliftData Load(string treatment = WomensEmail, HillstromOutcome outcome = HillstromOutcome.Visit, string? path = null)
    {
        if (treatment is not (WomensEmail or MensEmail))
            throw new ArgumentException($"Unknown treatment arm '{treatment}'; use '{WomensEmail}' or '{MensEmail}'.", nameof(treatment));
        using var csv = CsvReader.Open(path ?? SharedDatasets.Resolve(RelativePath));
        int recency = csv.ColumnIndex("recency"), segment = csv.ColumnIndex("history_segment"), history = csv.ColumnIndex("history");
        int mens = csv.ColumnIndex("mens"), womens = csv.ColumnIndex("womens"), zip = csv.ColumnIndex("zip_code");
        int newbie = csv.ColumnIndex("newbie"), channel = csv.ColumnIndex("channel"), arm = csv.ColumnIndex("segment");
        int y = csv.ColumnIndex(outcome.ToString().ToLowerInvariant());

        var features = new List<float[]>();
        var treated = new List<bool>();
        var outcomes = new List<float>();
        while (csv.Read())
        {
            var armName = csv.Field(arm);
            bool isTreated = armName.SequenceEqual(treatment);
            if (!isTreated && !armName.SequenceEqual(NoEmail)) continue;
            var row = new float[FeatureNames.Count];
            row[0] = (float)csv.GetDouble(recency);
            row[1] = (float)csv.GetDouble(history);
            row[2] = (float)csv.GetDouble(mens);
            row[3] = (float)csv.GetDouble(womens);
            row[4] = (float)csv.GetDouble(newbie);
            int offset = 5;
            row[offset + Level(csv, segment, Segments)] = 1;
            offset += Segments.Length;
            row[offset + Level(csv, zip, Zips)] = 1;
            offset += Zips.Length;
            row[offset + Level(csv, channel, Channels)] = 1;
            features.Add(row);
            treated.Add(isTreated);
            outcomes.Add((float)csv.GetDouble(y));
        }
        return UpliftData.FromArrays(features.ToArray(), treated.ToArray(), outcomes.ToArray());
    }

    /// <summary>
    /// The text of <paramref name="column"/> for the rows <see cref="Load"/> keeps (the treatment arm and no e-mail, in file
    /// order), e.g. the customer id to join with a segment file. The published file has no id column; a copy with one works.
    /// </summary>
    /// <exception cref="CsvFormatException">The column is not in the header (the error lists the columns).</exception>
    public static string[] Column(string column, string treatment = WomensEmail, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        using var csv = CsvReader.Open(path ?? SharedDatasets.Resolve(RelativePath));
        int field = csv.ColumnIndex(column, "the join with the segment file"), arm = csv.ColumnIndex("segment");
        var values = new List<string>();
        while (csv.Read())
        {
            var armName = csv.Field(arm);
            if (armName.SequenceEqual(treatment) || armName.SequenceEqual(NoEmail)) values.Add(csv.Field(field).Trim().ToString());
        }
        return values.ToArray();
    }

    private static int Level(CsvReader csv, int column, string[] levels)
    {
        var value = csv.Field(column);
        for (int i = 0; i < levels.Length; i++)
            if (value.SequenceEqual(levels[i])) return i;
        throw csv.Error(column, $"'{value}' is not one of {string.Join(", ", levels.Select(l => $"'{l}'"))}");
    }
}
