using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.Data.Tabular;
using System.Globalization;

namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// Which rows must stay together in one validation fold (<see cref="AutoMLExperimentOptions.ValidationGroups"/>):
/// <see cref="Auto"/> keeps nested texts together when they are common (<see cref="NestedTexts"/>), <see cref="None"/>
/// splits rows freely, any other value names a column whose equal values stay in one fold (a customer id, a session).
/// </summary>
/// <remarks>
/// Why: a validation row that repeats a training row, or is a phrase of one, is scored on what the model memorised.
/// GLUE's SST-2 training split holds every sub-phrase of its 6,920 parse trees (Socher et al. 2013, "Recursive Deep
/// Models for Semantic Compositionality Over a Sentiment Treebank"), so a random holdout of it rewards weak
/// regularisation: measured with scikit-learn on word + character TF-IDF and MiniLM embeddings, the random holdout's
/// AUC was highest at C 16-32 (GLUE dev accuracy 0.828-0.841), the grouped holdout's at C 2-4 (dev 0.841-0.848),
/// and the grouped holdout's AUC (0.947) was close to dev's (0.924) where the random one's (0.980) was not
/// (docs/benchmarks.md). The same idea as scikit-learn's GroupKFold, with the groups found in the data.
/// </remarks>
public static class ValidationGroups
{
    /// <summary>Group nested texts when at least <see cref="NestedTexts.MinShare"/> of the rows are nested (the default).</summary>
    public const string Auto = "auto";

    /// <summary>Split rows freely (stratified by label).</summary>
    public const string None = "none";

    /// <summary>How the rows were grouped, for the log and the run store's configuration key.</summary>
    /// <param name="Group">Each row's group id.</param>
    /// <param name="Description">One line for a person.</param>
    /// <param name="Key">Short and stable: <c>nested:COLUMN</c> or <c>column:COLUMN</c>.</param>
    /// <param name="Column">The column the groups came from (a group column is not a feature).</param>
    /// <param name="Groups">How many groups there are.</param>
    internal sealed record Grouping(int[] Group, string Description, string Key, string Column, int Groups);

    /// <summary>The group column <paramref name="setting"/> names, or null for <see cref="Auto"/> and <see cref="None"/> (either case).</summary>
    public static string? ColumnOf(string setting) =>
        string.Equals(setting, Auto, StringComparison.OrdinalIgnoreCase) || string.Equals(setting, None, StringComparison.OrdinalIgnoreCase) ? null : setting;

    /// <summary>The grouping <paramref name="setting"/> asks for on <paramref name="data"/>, or null (rows split freely).</summary>
    /// <exception cref="AutoMLDataException">The named column is missing, is the label, or has fewer distinct values than the folds need.</exception>
    internal static Grouping? Decide(string setting, InMemoryDataView data, FeaturizationPlan plan, int folds)
    {
        if (ColumnOf(setting) is { } column) return ByColumn(column, data, plan.Label, folds);
        if (string.Equals(setting, None, StringComparison.OrdinalIgnoreCase)) return null;

        Grouping? best = null;
        var bestShare = 0.0;
        foreach (var text in plan.Features.Where(f => f.Kind == ColumnKind.Text))
        {
            var values = Strings(data, text.Name);
            var (group, nested, groups) = NestedTexts.Find(values);
            var share = (double)nested / Math.Max(1, values.Length);
            if (share < NestedTexts.MinShare || share <= bestShare || groups < Math.Max(2, folds)) continue;
            bestShare = share;
            best = new Grouping(group, string.Create(CultureInfo.InvariantCulture,
                $"Validation keeps nested texts together: {nested:N0} of {values.Length:N0} rows ({share * 100:0}%) of '{text.Name}' repeat or lie inside a longer row's text (sub-phrases, duplicates), so each of the {groups:N0} longest texts stays in one fold with its phrases (--validation-groups none splits rows freely)."),
                "nested:" + text.Name, text.Name, groups);
        }

        return best;
    }

    private static Grouping ByColumn(string column, InMemoryDataView data, string label, int folds)
    {
        if (data.Schema.GetColumnOrNull(column) is null)
            throw new AutoMLDataException(column, $"Validation group column '{column}' is not in the data; columns: {string.Join(", ", data.Schema.Select(c => c.Name))} (or use {Auto} / {None}).");
        if (column == label) throw new AutoMLDataException(column, $"Validation group column '{column}' is the label; name a column such as a customer or session id.");
        var values = Strings(data, column);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var group = values.Select(v => ids.TryGetValue(v, out var id) ? id : ids[v] = ids.Count).ToArray();
        if (ids.Count < Math.Max(2, folds))
            throw new AutoMLDataException(column, $"Validation group column '{column}' has {ids.Count} distinct value(s); {Math.Max(2, folds)} or more are needed to split the rows into training and validation" +
                (folds > 2 && ids.Count >= 2 ? $" ({folds} folds; folds 0, a holdout, needs 2)." : "."));
        return new Grouping(group, string.Create(CultureInfo.InvariantCulture,
            $"Validation splits by '{column}': each of its {ids.Count:N0} values stays in one fold; the column is not a feature."), "column:" + column, column, ids.Count);
    }

    /// <summary>A column's values as text (numbers round-trip, missing numbers as "NaN").</summary>
    internal static string[] Strings(InMemoryDataView data, string column)
    {
        var type = data.Schema[column].Type.RawType;
        return type == typeof(bool) ? data.Values<bool>(column).Select(b => b.ToString()).ToArray()
            : type == typeof(float) ? data.Values<float>(column).Select(f => f.ToString("R", CultureInfo.InvariantCulture)).ToArray()
            : data.Values<ReadOnlyMemory<char>>(column).Select(m => m.ToString()).ToArray();
    }
}

/// <summary>
/// Finds rows whose text repeats another row's or lies inside a longer row's text, word-aligned and ignoring case and
/// spacing ("a fine film" inside "it is a fine film ."), and groups each with the longest text that holds it.
/// </summary>
/// <remarks>
/// Distinct texts are visited longest first; each is either held by an earlier group root (then it joins that group:
/// a text inside a phrase of a root is inside the root too, so only roots need checking) or becomes a root. The
/// candidate roots of a text are those containing its rarest word (an inverted index of the roots), at most
/// <see cref="MaxCandidates"/> of them, so a text whose rarest word is very common may start a group of its own where
/// an exhaustive search would have found a root: the grouping can only be finer than the exact one, never wrong.
/// SST-2's 67,349 training phrases: 6,904 groups (the treebank has 6,920 training sentences) in about a second.
/// </remarks>
internal static class NestedTexts
{
    /// <summary>Share of nested rows from which <see cref="ValidationGroups.Auto"/> groups them: SST-2 90%; BANKING77
    /// 1.4% and UCI sentiment 1.8% (a few repeated queries and reviews) stay split freely.</summary>
    public const double MinShare = 0.10;

    /// <summary>Roots checked per text.</summary>
    public const int MaxCandidates = 200;

    /// <summary>Each row's group (the row index of its group's first row, so ids are stable), the rows that are nested or repeated, and the number of groups.</summary>
    public static (int[] Group, int Nested, int Groups) Find(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        // Distinct normalised texts: lower case, words split on white space; each padded with spaces for word-aligned containment.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new List<string[]>();
        var padded = new List<string>();
        var firstRow = new List<int>();
        var rowText = new int[texts.Count];
        for (var row = 0; row < texts.Count; row++)
        {
            var tokens = (texts[row] ?? "").ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var key = string.Join(' ', tokens);
            if (!ids.TryGetValue(key, out var id))
            {
                ids[key] = id = words.Count;
                words.Add(tokens);
                padded.Add(" " + key + " ");
                firstRow.Add(row);
            }

            rowText[row] = id;
        }

        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in words.SelectMany(ws => ws.Distinct(StringComparer.Ordinal)))
            frequency[w] = frequency.GetValueOrDefault(w) + 1;

        // Longest first (ties: first seen), so every text that could hold this one was visited before it.
        var order = Enumerable.Range(0, words.Count).OrderByDescending(i => words[i].Length).ThenBy(i => i).ToArray();
        var root = new int[words.Count];
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var roots = 0;
        foreach (var i in order)
        {
            root[i] = -1;
            if (words[i].Length > 0)
            {
                var rarest = words[i].OrderBy(w => frequency[w]).ThenBy(w => w, StringComparer.Ordinal).First();
                if (index.TryGetValue(rarest, out var candidates))
                    foreach (var r in candidates.Take(MaxCandidates))
                        if (padded[r].Contains(padded[i], StringComparison.Ordinal)) { root[i] = r; break; }
            }

            if (root[i] >= 0) continue;
            root[i] = i;
            roots++;
            foreach (var w in words[i].Distinct(StringComparer.Ordinal))
            {
                if (!index.TryGetValue(w, out var list)) index[w] = list = [];
                list.Add(i);
            }
        }

        var group = new int[texts.Count];
        var nested = 0;
        for (var row = 0; row < texts.Count; row++)
        {
            var text = rowText[row];
            group[row] = firstRow[root[text]];
            if (root[text] != text || firstRow[text] != row) nested++;
        }

        return (group, nested, roots);
    }
}
