using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>
/// A hyper-parameter tuner: the two-method seam of ML.NET AutoML's <c>ITuner</c>. The runner asks for a
/// trial, trains it, and reports the result. <see cref="Propose"/> may be called again before earlier
/// trials are reported (parallel trials); results may arrive in any order. Given the same seed and the
/// same sequence of calls, a tuner proposes the same trials.
/// </summary>
public interface ITuner
{
    /// <summary>The next trial to run, or null when the tuner has nothing left to propose (an exhausted grid).</summary>
    Trial? Propose();

    /// <summary>Reports the outcome of a proposed trial; failed trials count as bad results, never as errors.</summary>
    /// <exception cref="ArgumentException">The trial id was never proposed by this tuner, or was already reported.</exception>
    void Update(TrialResult result);
}
