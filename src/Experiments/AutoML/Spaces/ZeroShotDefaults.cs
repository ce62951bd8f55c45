using System.Text.Json;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.AutoML.Spaces;

/// <summary>
/// The meta-features a zero-shot configuration is chosen by (FLAML's: number of instances, of features, of classes and
/// the share of numeric features; here the columns are counted by the kind inference gave them, and the task stands in
/// for the number of classes).
/// </summary>
/// <param name="Task">The prediction task; only configurations measured on the same task are candidates.</param>
/// <param name="Rows">Training rows.</param>
/// <param name="Numeric">Numeric and boolean feature columns.</param>
/// <param name="Categorical">Categorical feature columns.</param>
/// <param name="Text">Free-text feature columns.</param>
public sealed record DatasetTraits(AutoMLTask Task, int Rows, int Numeric, int Categorical, int Text)
{
    /// <summary>The traits of data featurized by <paramref name="plan"/> with <paramref name="rows"/> rows.</summary>
    public static DatasetTraits Of(FeaturizationPlan plan, int rows)
    {
        ArgumentNullException.ThrowIfNull(plan);
        int Count(params ColumnKind[] kinds) => plan.Features.Count(f => kinds.Contains(f.Kind));
        return new DatasetTraits(plan.Task, rows, Count(ColumnKind.Numeric, ColumnKind.Boolean), Count(ColumnKind.Categorical), Count(ColumnKind.Text));
    }

    /// <summary>
    /// Distance between two datasets' traits: Euclidean over log10 of the rows and log2(1 + count) of each column kind,
    /// so 10× the rows weighs as much as twice the numeric columns, and text against no text as one doubling.
    /// </summary>
    public double DistanceTo(DatasetTraits other)
    {
        ArgumentNullException.ThrowIfNull(other);
        static double L(int n) => Math.Log2(1 + n);
        var rows = Math.Log10(Math.Max(1, Rows)) - Math.Log10(Math.Max(1, other.Rows));
        var numeric = L(Numeric) - L(other.Numeric);
        var categorical = L(Categorical) - L(other.Categorical);
        var text = L(Text) - L(other.Text);
        return Math.Sqrt(rows * rows + numeric * numeric + categorical * categorical + text * text);
    }
}

/// <summary>One measured configuration: the best trial of <paramref name="Learner"/> on <paramref name="Dataset"/>.</summary>
/// <param name="Dataset">The benchmark dataset it was measured on (bench/AutoML/AcceptanceData.cs names).</param>
/// <param name="Traits">That dataset's meta-features.</param>
/// <param name="Learner">A <see cref="TrainerName"/>.</param>
/// <param name="Parameters">The learner's (and, on text, the featurizer's) parameters.</param>
/// <param name="Validation">Its validation metric in the search it came from (the search's metric), for the docs.</param>
public sealed record ZeroShotEntry(string Dataset, DatasetTraits Traits, string Learner, ParameterSet Parameters, double Validation);

/// <summary>The zero-shot start a search used for one learner.</summary>
/// <param name="Learner">The learner.</param>
/// <param name="Dataset">The table's dataset it came from.</param>
/// <param name="Distance">That dataset's meta-feature distance to the data searched (<see cref="DatasetTraits.DistanceTo"/>).</param>
/// <param name="Parameters">The point tried, in the learner's space.</param>
public sealed record ZeroShotStart(string Learner, string Dataset, double Distance, ParameterSet Parameters);

/// <summary>
/// Zero-shot starting points (FLAML's zero-shot AutoML, Kayali &amp; Wang, "Mining Robust Default Configurations for
/// Resource-constrained AutoML", 2022: mine good configurations offline on a collection of datasets, and on new data
/// start from the configuration of the most similar dataset by meta-features).
/// The table is data, <c>AutoML/Spaces/zero-shot-defaults.json</c>: per benchmark dataset and learner, the best trial
/// of a CFO search at the bench's budgets (docs/automl.md says how it was measured and how to rebuild it with
/// <c>bench --zero-shot-table</c>). With <see cref="Runner.AutoMLExperimentOptions.ZeroShot"/> each learner's search still
/// starts at its low-cost default (so the first trials stay cheap) and tries the chosen configuration next, moving there
/// when it is better (<see cref="Tuners.Flow2Search"/>).
/// </summary>
public static class ZeroShotDefaults
{
    private static readonly Lazy<IReadOnlyList<ZeroShotEntry>> Loaded = new(() =>
    {
        using var stream = typeof(ZeroShotDefaults).Assembly.GetManifestResourceStream("MarketLab.Experiments.zero-shot-defaults.json")
            ?? throw new InvalidOperationException("The zero-shot table (zero-shot-defaults.json) is not embedded in MarketLab.Experiments.");
        return Parse(stream);
    });

    /// <summary>The embedded table.</summary>
    public static IReadOnlyList<ZeroShotEntry> Table => Loaded.Value;

    /// <summary>Reads a table in the embedded file's format (an array of {dataset, task, rows, numeric, categorical, text, learner, validation, parameters}).</summary>
    /// <exception cref="FormatException">An entry lacks a field or names an unknown task.</exception>
    public static IReadOnlyList<ZeroShotEntry> Parse(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var entries = new List<ZeroShotEntry>();
        var i = 0;
        foreach (var e in document.RootElement.EnumerateArray())
        {
            try
            {
                var task = Enum.Parse<AutoMLTask>(e.GetProperty("task").GetString()!);
                var traits = new DatasetTraits(task, e.GetProperty("rows").GetInt32(), e.GetProperty("numeric").GetInt32(),
                    e.GetProperty("categorical").GetInt32(), e.GetProperty("text").GetInt32());
                entries.Add(new ZeroShotEntry(e.GetProperty("dataset").GetString()!, traits, e.GetProperty("learner").GetString()!,
                    ParameterSet.FromJson(e.GetProperty("parameters").GetRawText()), e.GetProperty("validation").GetDouble()));
            }
            catch (Exception x) when (x is KeyNotFoundException or InvalidOperationException or ArgumentException or JsonException)
            {
                throw new FormatException($"Zero-shot table entry {i}: {x.Message}", x);
            }

            i++;
        }

        return entries;
    }

    /// <summary>
    /// The entry for <paramref name="learner"/> measured on the dataset nearest to <paramref name="traits"/> (same task;
    /// <see cref="DatasetTraits.DistanceTo"/>), or null when the table has none. <paramref name="exclude"/> leaves out
    /// one dataset's entries: the bench measures each dataset with a table that does not contain it.
    /// </summary>
    public static ZeroShotEntry? Nearest(string learner, DatasetTraits traits, IReadOnlyList<ZeroShotEntry>? table = null, string? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(traits);
        return (table ?? Table)
            .Where(e => e.Learner == learner && e.Traits.Task == traits.Task && e.Dataset != exclude)
            .OrderBy(e => e.Traits.DistanceTo(traits))
            .ThenBy(e => e.Dataset, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>
    /// <paramref name="entry"/>'s parameters as a point of <paramref name="space"/>: each parameter of the space takes the
    /// entry's value, clamped into the space's range (the space may be bounded by the rows, <see cref="TrainerSearchSpaces.BoundByRows"/>),
    /// or its default when the entry has no value for it or names a choice the space lacks (e.g. text settings on data
    /// without text are simply absent from the space).
    /// </summary>
    public static ParameterSet Apply(ZeroShotEntry entry, SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(space);
        var values = new List<KeyValuePair<string, ParameterValue>>();
        foreach (var p in space.Parameters)
        {
            ParameterKind? kind = entry.Parameters.TryGetValue(p.Name, out var v) ? v.Kind : null;
            var value = (p, kind) switch
            {
                (IntParameter ip, ParameterKind.Int or ParameterKind.Float) => ParameterValue.Int(Math.Clamp((int)Math.Round(v.AsDouble()), ip.Min, ip.Max)),
                (FloatParameter fp, ParameterKind.Int or ParameterKind.Float) => ParameterValue.Float(Math.Clamp(v.AsDouble(), fp.Min, fp.Max)),
                (ChoiceParameter cp, ParameterKind.Choice) when cp.Options.Any(o => o.Name == v.AsChoice() && o.Space.Dimension == 0) => ParameterValue.Choice(v.AsChoice()),
                _ => p.Default,
            };
            values.Add(new(p.Name, value));
        }

        return new ParameterSet(values);
    }
}
