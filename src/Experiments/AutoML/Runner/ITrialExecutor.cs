using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// Where a trial runs: the seam between the search loop (<see cref="AutoMLExperiment"/>, which alone owns the tuner
/// and the store) and the machines that train. The default, <see cref="TrialWorkbench"/>, trains in this process on
/// a dedicated thread per trial; the cluster mode (src/Cluster) hands the trial to a slot on another silo.
/// </summary>
public interface ITrialExecutor
{
    /// <summary>Trains and scores <paramref name="trial"/>.</summary>
    /// <param name="trial">The tuner's proposal.</param>
    /// <param name="runToken">Fires when the search ends (budget spent or the caller cancelled).</param>
    /// <returns>The finished trial (succeeded or failed); null when <paramref name="runToken"/> stopped it (nothing to record).</returns>
    Task<TrialRecord?> RunAsync(Trial trial, CancellationToken runToken);
}
