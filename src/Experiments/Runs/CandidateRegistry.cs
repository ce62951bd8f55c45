using MarketLab.Experiments.Runs.Candidates;

namespace MarketLab.Experiments.Runs;

/// <summary>
/// Candidate kinds by <c>kind:</c> key. <see cref="CreateDefault"/> holds every kind: <c>ab</c>, the uplift
/// meta-learners and <c>random</c>, <c>automl</c> and <c>bert</c>, the recommenders <c>popularity</c>, <c>markov</c>, <c>sasrec</c>, <c>bert4rec</c> and <c>reranker</c>; each is an <see cref="ICandidateRunner"/> adapter over
/// its task's library workflow, and a new kind is one more registration (the runner, store and report are unchanged).
/// </summary>
public sealed class CandidateRegistry
{
    private readonly Dictionary<string, ICandidateRunner> _kinds = new(StringComparer.Ordinal);

    /// <summary>Registered kinds, sorted.</summary>
    public IReadOnlyList<string> Kinds => _kinds.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Adds (or replaces) a kind.</summary>
    public CandidateRegistry Add(ICandidateRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _kinds[runner.Kind] = runner;
        return this;
    }

    /// <summary>The kinds of this build: <c>ab</c>, the uplift meta-learners, the <c>random</c> targeting baseline, <c>automl</c> and <c>bert</c> text classification, and the recommenders.</summary>
    public static CandidateRegistry CreateDefault()
    {
        var registry = new CandidateRegistry().Add(new AbCandidate()).Add(new RandomTargetingCandidate()).Add(new AutoMLCandidate());
        foreach (var learner in UpliftCandidate.Learners) registry.Add(new UpliftCandidate(learner));
        registry.Add(new BertCandidate());
        foreach (var model in RecommenderCandidate.Models) registry.Add(new RecommenderCandidate(model));
        return registry;
    }

    /// <summary>Checks every candidate of a spec against the registry: known kind, matching task, known parameters.</summary>
    public void Validate(ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string file = spec.SourcePath ?? spec.Name;
        foreach (var candidate in spec.Candidates)
        {
            string key = $"candidates[{spec.Candidates.ToList().IndexOf(candidate)}]";
            if (!_kinds.TryGetValue(candidate.Kind, out var runner))
            {
                throw new SpecException(file, candidate.Line, candidate.Column, $"{key}.kind", $"unknown kind '{candidate.Kind}'; kinds: {string.Join(", ", Kinds)}");
            }
            if (!runner.Tasks.Contains(spec.Task))
                throw new SpecException(file, candidate.Line, candidate.Column, $"{key}.kind",
                    $"kind '{candidate.Kind}' serves task {string.Join(" and ", runner.Tasks.Select(Snake))}, but the spec's task is {Snake(spec.Task)}; kinds for it: {string.Join(", ", _kinds.Values.Where(k => k.Tasks.Contains(spec.Task)).Select(k => k.Kind).Order(StringComparer.Ordinal))}");
            foreach (string parameter in candidate.Parameters.Keys)
                if (!runner.Parameters.Contains(parameter))
                    throw new SpecException(file, candidate.Line, candidate.Column, $"{key}.parameters.{parameter}",
                        $"unknown parameter of kind '{candidate.Kind}'; allowed: {(runner.Parameters.Count == 0 ? "none" : string.Join(", ", runner.Parameters))}");
            foreach (var (parameter, message) in runner.CheckParameters(candidate.Parameters))
                throw new SpecException(file, candidate.Line, candidate.Column, $"{key}.parameters.{parameter}", message);
        }
    }

    /// <summary>The runner of a kind (validated specs only).</summary>
    public ICandidateRunner Get(string kind) =>
        _kinds.TryGetValue(kind, out var runner) ? runner : throw new ArgumentException($"Unknown candidate kind '{kind}'; kinds: {string.Join(", ", Kinds)}.", nameof(kind));

    internal static string Snake(ExperimentTask task) => SpecLoader.Tasks.First(t => t.Task == task).Name;
}
