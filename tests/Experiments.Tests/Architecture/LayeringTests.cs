using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Tests.Architecture;

/// <summary>
/// The layers of ../shared/docs/ARCHITECTURE.md, checked on the compiled MarketLab.Experiments assembly: Data at the
/// bottom; the learners and workflows (AutoML, Bert, Models, Uplift, Ctr, OffPolicy) above it; Runs and Notebooks above
/// them; Reports on top. A folder may use its own layer or lower ones, never a higher one, and folders never form a cycle.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Dictionary<string, int> Layers = new()
    {
        ["Data"] = 0,
        ["AutoML"] = 1, ["Bert"] = 1, ["Models"] = 1, ["Uplift"] = 1, ["Ctr"] = 1, ["OffPolicy"] = 1, ["Recommendation"] = 1,
        ["Runs"] = 2, ["Notebooks"] = 2,
        ["Reports"] = 3,
    };

    private static readonly Lazy<Dictionary<(string From, string To), string>> Edges =
        new(() => FolderDependencies.Edges(typeof(SharedDatasets).Assembly, "MarketLab.Experiments"));

    [Fact]
    public void Every_folder_has_a_layer()
    {
        string[] unknown = Edges.Value.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct().Where(f => !Layers.ContainsKey(f)).Order().ToArray();
        Assert.True(unknown.Length == 0, $"Folders without a layer in {nameof(LayeringTests)}: {string.Join(", ", unknown)}.");
    }

    [Fact]
    public void No_folder_uses_a_higher_layer()
    {
        string[] upward = Edges.Value
            .Where(e => Layers.TryGetValue(e.Key.From, out int from) && Layers.TryGetValue(e.Key.To, out int to) && to > from)
            .Select(e => $"{e.Key.From} -> {e.Key.To}: {e.Value}").Order().ToArray();
        Assert.True(upward.Length == 0, $"{upward.Length} upward references:\n{string.Join("\n", upward)}");
    }

    [Fact]
    public void Folders_form_no_cycle() => AssertNoCycle(Edges.Value);

    [Fact]
    public void Reports_compute_no_statistics()
    {
        // Reports render what the run store holds (ARCHITECTURE.md: candidates compute and store every statistic a
        // report shows). A call from Reports into src/Evaluation's computations, ClassificationScores or the
        // statistics builders of Runs/Statistics means a report computes a number itself. Reading stored records
        // (their property getters, e.g. Interval.Lower) is fine; so is asking the store for a run's statistics.
        Type scores = typeof(MarketLab.Experiments.Runs.ClassificationScores);
        string[] computing = typeof(SharedDatasets).Assembly.GetTypes()
            .Where(t => t.Namespace == "MarketLab.Experiments.Reports")
            .SelectMany(FolderDependencies.Calls)
            .Where(c => c.Callee.DeclaringType is { } d && !c.Callee.IsSpecialName
                && ((d.Namespace?.StartsWith("MarketLab.Evaluation", StringComparison.Ordinal) == true && c.Callee.IsStatic)
                    || d == scores
                    || (d.Namespace == "MarketLab.Experiments.Runs.Statistics" && c.Callee.Name != nameof(MarketLab.Experiments.Runs.Statistics.RunStatistics.ForStoredRun))))
            .Select(c => $"{c.Caller} calls {c.Callee.DeclaringType!.Name}.{c.Callee.Name}").Distinct().Order().ToArray();
        Assert.True(computing.Length == 0, $"Reports compute statistics:\n{string.Join("\n", computing)}");
    }

    [Fact]
    public void Evaluation_folders_form_no_cycle() =>
        AssertNoCycle(FolderDependencies.Edges(typeof(MarketLab.Evaluation.Interval).Assembly, "MarketLab.Evaluation"));

    private static void AssertNoCycle(Dictionary<(string From, string To), string> edges)
    {
        var graph = edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToArray());
        var cycles = new List<string>();
        foreach (string start in graph.Keys.Order())
        {
            // A path back to the start through other folders is a cycle; report each once, from its smallest folder.
            var stack = new Stack<List<string>>();
            stack.Push([start]);
            var seen = new HashSet<string>();
            while (stack.Count > 0)
            {
                List<string> path = stack.Pop();
                foreach (string next in graph.GetValueOrDefault(path[^1], []))
                {
                    if (next == start) cycles.Add(string.Join(" -> ", path.Append(start)));
                    else if (string.CompareOrdinal(next, start) > 0 && seen.Add(next)) stack.Push([.. path, next]);
                }
            }
        }

        Assert.True(cycles.Count == 0, $"Cycles between folders:\n{string.Join("\n", cycles.Select(c => c + "\n  " + Explain(edges, c)))}");
    }

    [Fact]
    public void The_check_sees_a_known_downward_reference()
    {
        // Uplift's split uses Data's stratified split: if this edge vanished, the scan would have stopped seeing bodies.
        Assert.True(Edges.Value.ContainsKey(("Uplift", "Data")), "The IL scan found no Uplift -> Data reference.");
    }

    private static string Explain(Dictionary<(string From, string To), string> edges, string cycle)
    {
        string[] f = cycle.Split(" -> ");
        return string.Join("\n  ", f.Zip(f.Skip(1)).Select(p => edges[(p.First, p.Second)]));
    }
}
