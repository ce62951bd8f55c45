namespace MarketLab.Experiments.Runs;

/// <summary>
/// Runs one kind of candidate (<c>kind:</c> in a spec). The runner looks kinds up in a
/// <see cref="CandidateRegistry"/>. A kind is a thin adapter: it reads its parameters, calls its task's
/// library workflow and stores what the workflow returns; the store, resume, compare and the report need no change.
/// </summary>
public interface ICandidateRunner
{
    /// <summary>The <c>kind:</c> key, e.g. <c>ab</c> or <c>t_learner</c>.</summary>
    string Kind { get; }

    /// <summary>Every task this kind serves, e.g. AutoML for text and tabular classification.</summary>
    IReadOnlyCollection<ExperimentTask> Tasks { get; }

    /// <summary>Parameters the kind understands; others are spec errors.</summary>
    IReadOnlyCollection<string> Parameters { get; }

    /// <summary>
    /// Checks parameter values when a spec is validated (before anything runs): each problem as the parameter's
    /// key and a message. The default checks nothing (values are then checked when the candidate runs).
    /// </summary>
    IEnumerable<(string Parameter, string Message)> CheckParameters(IReadOnlyDictionary<string, string> parameters) => [];

    /// <summary>
    /// Runs the candidate. Must be deterministic given <see cref="CandidateContext.Seed"/> and the data: a resumed
    /// run re-runs only unfinished candidates and must reach the same metrics as an uninterrupted one.
    /// </summary>
    Task<CandidateOutcome> RunAsync(CandidateContext context, CancellationToken cancellationToken);
}
