using MarketLab.Experiments.AutoML.Tuners;
namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>Reported after every finished trial.</summary>
/// <param name="Trial">The trial that just finished.</param>
/// <param name="TrialsDone">Finished trials, replayed ones included.</param>
/// <param name="Best">The best succeeded trial so far, if any.</param>
/// <param name="Elapsed">Time since this run started.</param>
/// <param name="Remaining">Time budget left.</param>
public sealed record AutoMLProgress(TrialRecord Trial, int TrialsDone, TrialRecord? Best, TimeSpan Elapsed, TimeSpan Remaining);
