using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>
/// Cost-frugal optimisation (CFO: Wu, Wang &amp; Huang, AAAI 2021) of one search space: FLOW2 local search
/// starting at the space's low-cost <see cref="SearchSpace.Default"/>, with step-size adaptation and
/// random restarts. Pays for expensive configurations (many trees, many leaves) only when cheaper ones
/// stop improving. For several learners use <see cref="EciTuner"/>.
/// </summary>
public sealed class CfoTuner : ITuner
{
    private readonly Flow2Search _search;
    private readonly TrialLedger<Flow2Proposal> _ledger;

    /// <summary>Creates the tuner.</summary>
    public CfoTuner(SearchSpace space, CfoOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        options ??= new CfoOptions();
        options.Validate();
        _search = new Flow2Search(space, options, new Random(options.Seed));
        _ledger = new TrialLedger<Flow2Proposal>(options.Goal);
    }

    /// <summary>Number of times the local search converged and restarted from a random point.</summary>
    public int Restarts => _search.Restarts;

    /// <inheritdoc />
    public Trial? Propose()
    {
        var proposal = _search.Propose(p => _ledger.Seen(p));
        return _ledger.Issue(proposal.Parameters, proposal);
    }

    /// <inheritdoc />
    public void Update(TrialResult result)
    {
        var (proposal, loss) = _ledger.Complete(result);
        _search.Report(proposal, loss);
    }
}
