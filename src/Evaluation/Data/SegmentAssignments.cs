using System.Globalization;

namespace MarketLab.Evaluation.Data;

/// <summary>
/// Users' segments from a <c>user,segment</c> CSV (as <c>marketlab segments --out</c> writes), for breaking an A/B or
/// uplift analysis down by segment. Ids are matched exactly (ordinal, surrounding spaces trimmed); a unit whose id is
/// not in the file belongs to <see cref="Unassigned"/>, which reports count and say so rather than dropping it.
/// </summary>
public sealed class SegmentAssignments
{
    /// <summary>The segment of units whose id the file does not list.</summary>
    public const string Unassigned = "unassigned";

    private readonly Dictionary<string, string> segments;

    private SegmentAssignments(Dictionary<string, string> segments, string source)
    {
        this.segments = segments;
        Source = source;
    }

    /// <summary>The file the assignments came from (for messages).</summary>
    public string Source { get; }

    /// <summary>Listed ids.</summary>
    public int Count => segments.Count;

    /// <summary>Distinct segment names of the file, in <see cref="Order"/>.</summary>
    public IReadOnlyList<string> Segments => Order(segments.Values.Distinct(StringComparer.Ordinal)).ToList();

    /// <summary>The segment of <paramref name="id"/>, or <see cref="Unassigned"/>.</summary>
    public string SegmentOf(string id) => segments.TryGetValue(id, out var s) ? s : Unassigned;

    /// <summary>Reads a CSV with columns <c>user</c> and <c>segment</c> (others ignored).</summary>
    /// <exception cref="CsvFormatException">Missing column, empty id or segment, an id listed twice, or the reserved
    /// name <see cref="Unassigned"/> used as a segment; each error names file, line and column.</exception>
    public static SegmentAssignments Read(string path)
    {
        using CsvReader csv = CsvReader.Open(path);
        return Read(csv);
    }

    /// <summary>Reads the remaining records of an open reader.</summary>
    public static SegmentAssignments Read(CsvReader csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        int user = csv.ColumnIndex("user", "the id that joins a segment to the experiment's units");
        int segment = csv.ColumnIndex("segment", "the segment of each user");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
        while (csv.Read())
        {
            string id = csv.Field(user).Trim().ToString(), name = csv.Field(segment).Trim().ToString();
            if (id.Length == 0) throw csv.Error(user, "the user id is empty");
            if (name.Length == 0) throw csv.Error(segment, $"user '{id}' has an empty segment");
            if (name == Unassigned) throw csv.Error(segment, $"'{Unassigned}' is reserved for units the file does not list; rename the segment");
            if (!map.TryAdd(id, name))
                throw csv.Error(user, $"user '{id}' is listed again (first on line {firstLine[id].ToString(CultureInfo.InvariantCulture)}); each user has one segment");
            firstLine[id] = csv.Line;
        }
        if (map.Count == 0) throw new CsvFormatException(csv.Source, csv.Line, null, null, "the segment file has a header but no rows");
        return new SegmentAssignments(map, csv.Source);
    }

    /// <summary>Segment names in report order: numerically when all are integers (as <c>marketlab segments</c> writes),
    /// else ordinally; <see cref="Unassigned"/> last.</summary>
    public static IEnumerable<string> Order(IEnumerable<string> names)
    {
        var list = names.Where(n => n != Unassigned).ToList();
        bool numeric = list.All(n => long.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        var ordered = numeric ? list.OrderBy(n => long.Parse(n, CultureInfo.InvariantCulture)) : list.OrderBy(n => n, StringComparer.Ordinal);
        return names.Contains(Unassigned) ? ordered.Append(Unassigned) : ordered;
    }
}
