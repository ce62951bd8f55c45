using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>
/// Grid search: every combination of <see cref="GridSearchOptions.StepsPerDimension"/> values per numeric
/// parameter and every option of each choice (nested sub-spaces gridded only under their own option), in
/// a fixed order, last parameter (by name) varying fastest. The grid is enumerated lazily, so large grids
/// cost nothing until proposed. When exhausted it stops (<see cref="Propose"/> returns null) or cycles,
/// as <see cref="GridSearchOptions.WhenExhausted"/> says. Ignores results.
/// </summary>
public sealed class GridSearchTuner : ITuner
{
    private readonly SearchSpace _space;
    private readonly GridSearchOptions _options;
    private readonly TrialLedger<bool> _ledger;
    private IEnumerator<double[]> _grid;
    private bool _exhausted;

    /// <summary>Creates the tuner.</summary>
    public GridSearchTuner(SearchSpace space, GridSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        _options = options ?? new GridSearchOptions();
        _options.Validate();
        _space = space;
        _ledger = new TrialLedger<bool>(_options.Goal);
        _grid = space.Grid(_options.StepsPerDimension).GetEnumerator();
    }

    /// <inheritdoc />
    public Trial? Propose()
    {
        if (_exhausted) return null;
        for (var restarted = false; ;)
        {
            while (_grid.MoveNext())
            {
                var parameters = _space.ToParameters(_grid.Current);
                if (!_ledger.Seen(parameters)) return _ledger.Issue(parameters, true);
            }

            if (_options.WhenExhausted == GridExhaustion.Stop || restarted)
            {
                _exhausted = true;
                return null;
            }

            restarted = true;
            _ledger.ForgetSeen();
            _grid.Dispose();
            _grid = _space.Grid(_options.StepsPerDimension).GetEnumerator();
        }
    }

    /// <inheritdoc />
    public void Update(TrialResult result) => _ledger.Complete(result);
}
