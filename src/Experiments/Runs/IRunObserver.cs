namespace MarketLab.Experiments.Runs;

/// <summary>Hears about a run's progress (the CLI draws Spectre progress bars from it).</summary>
public interface IRunObserver
{
    /// <summary>The run starts or resumes; <paramref name="alreadyDone"/> candidates finished in an earlier attempt.</summary>
    void RunStarted(string runId, int candidates, int alreadyDone, bool resumed);

    /// <summary>A candidate starts.</summary>
    void CandidateStarted(CandidateSpec candidate, int index);

    /// <summary>A candidate finished (or was skipped because the store has it).</summary>
    void CandidateFinished(CandidateSpec candidate, int index, Store.CandidateStatus status, bool skipped, string? error);
}
