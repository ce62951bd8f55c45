using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>
/// Uniform random search over the unit cube (log-uniform on log-scale ranges): the baseline every
/// model-based tuner must beat (Bergstra &amp; Bengio, JMLR 2012). Ignores results.
/// </summary>
public sealed class RandomSearchTuner : ITuner
{
    private const int MaxDraws = 100;
    private readonly SearchSpace _space;
    private readonly Random _random;
    private readonly TrialLedger<bool> _ledger;

    /// <summary>Creates the tuner.</summary>
    public RandomSearchTuner(SearchSpace space, TunerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        options ??= new TunerOptions();
        options.Validate();
        _space = space;
        _random = new Random(options.Seed);
        _ledger = new TrialLedger<bool>(options.Goal);
    }

    /// <inheritdoc />
    /// <remarks>Redraws up to 100 times to avoid a configuration already proposed; a small, fully explored
    /// discrete space then yields repeats rather than stopping.</remarks>
    public Trial? Propose()
    {
        var parameters = _space.Sample(_random);
        for (var i = 1; i < MaxDraws && _ledger.Seen(parameters); i++) parameters = _space.Sample(_random);
        return _ledger.Issue(parameters, true);
    }

    /// <inheritdoc />
    public void Update(TrialResult result) => _ledger.Complete(result);
}
