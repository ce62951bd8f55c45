using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>
/// Book-keeping every tuner shares: trial ids, outstanding proposals with the tuner's private state,
/// the set of configurations already proposed (so parallel proposals never duplicate), and the
/// conversion of a result to a loss to minimise (failed → +∞).
/// </summary>
internal sealed class TrialLedger<TState>
{
    private readonly Dictionary<int, TState> _pending = [];
    private readonly HashSet<(string?, ParameterSet)> _seen = [];
    private readonly OptimizationGoal _goal;
    private int _nextId;

    public TrialLedger(OptimizationGoal goal) => _goal = goal;

    /// <summary>States of proposals not yet reported, in id order.</summary>
    public IEnumerable<TState> Pending => _pending.OrderBy(p => p.Key).Select(p => p.Value);

    /// <summary>How many trials have been proposed.</summary>
    public int Proposed => _nextId;

    public bool Seen(ParameterSet parameters, string? learner = null) => _seen.Contains((learner, parameters));

    /// <summary>Forgets which configurations were proposed (a cycling grid).</summary>
    public void ForgetSeen() => _seen.Clear();

    public Trial Issue(ParameterSet parameters, TState state, string? learner = null)
    {
        var trial = new Trial(_nextId++, parameters, learner);
        _pending.Add(trial.Id, state);
        _seen.Add((learner, parameters));
        return trial;
    }

    /// <summary>Removes the trial from the pending set and returns its state and loss (+∞ when failed).</summary>
    public (TState State, double Loss) Complete(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        result.Validate();
        if (!_pending.Remove(result.TrialId, out var state))
            throw new ArgumentException(
                $"Trial {result.TrialId} is not outstanding: it was never proposed (ids 0..{_nextId - 1}) or was already reported.",
                nameof(result));
        var loss = !result.IsUsable ? double.PositiveInfinity
            : _goal == OptimizationGoal.Maximize ? -result.Metric : result.Metric;
        return (state, loss);
    }
}
