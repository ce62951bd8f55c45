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

    /// <summary>A long candidate's progress (BERT pre-training and fine-tuning report each step); many calls per second are possible.</summary>
    void CandidateProgress(CandidateSpec candidate, int index, CandidateProgress progress) { }
}

/// <summary>Where a running candidate is: the stage's words ("pre-training step 400/20000, loss 5.1") and its done share in [0, 1].</summary>
public sealed record CandidateProgress(string Stage, double Fraction);
