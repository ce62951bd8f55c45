using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>
/// FLAML's search (Wang, Wu, Weimer &amp; Zhu, "FLAML: A Fast and Lightweight AutoML Library", MLSys 2021):
/// several learners, each with its own cost-frugal FLOW2 search (<see cref="CfoTuner"/>) starting at its
/// cheap default; each proposal first picks a learner with probability ∝ 1 / ECI (estimated cost for
/// improvement, §3.2), then asks that learner's search for a configuration. Learners that improve
/// cheaply get most of the budget; a learner far behind the best, or slow to improve, gets little.
/// Trials carry the learner in <see cref="Trial.Learner"/> and that learner's own parameters.
/// </summary>
/// <remarks>
/// A learner not yet run is estimated at its <see cref="LearnerSpace.RelativeCost"/> times the cheapest
/// measured cost per unit of relative cost (1 second before any measurement), as FLAML seeds its ECI from
/// per-learner cost factors. Failed trials count their cost and never improve the learner.
/// </remarks>
public sealed class EciTuner : ITuner
{
    private readonly LearnerProgress[] _learners;
    private readonly Random _random;
    private readonly TrialLedger<(LearnerProgress Learner, Flow2Proposal Proposal)> _ledger;

    /// <summary>Creates the tuner; learner names must be unique.</summary>
    public EciTuner(IEnumerable<LearnerSpace> learners, CfoOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(learners);
        options ??= new CfoOptions();
        options.Validate();
        var list = learners.ToArray();
        if (list.Length == 0) throw new ArgumentException("At least one learner is needed.", nameof(learners));
        foreach (var l in list) l.Validate();
        var duplicate = list.GroupBy(l => l.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Learner '{duplicate.Key}' appears twice.", nameof(learners));
        _random = new Random(options.Seed);
        _learners = list.Select(l => new LearnerProgress(l, new Flow2Search(l.Space, options, new Random(_random.Next()), l.Starts))).ToArray();
        _ledger = new(options.Goal);
    }

    /// <summary>Trials proposed per learner so far.</summary>
    public IReadOnlyDictionary<string, int> TrialsPerLearner => _learners.ToDictionary(l => l.Learner.Name, l => l.Issued);

    /// <summary>The current ECI of each learner (seconds), the quantity learner selection is based on.</summary>
    public IReadOnlyDictionary<string, double> EstimatedCostForImprovement()
    {
        var globalBest = _learners.Min(l => l.BestLoss);
        var tried = _learners.Where(l => l.Completed > 0).ToArray();
        var unit = tried.Length == 0 ? 1.0 : tried.Min(l => Math.Max(l.FirstCost, 1e-6) / l.Learner.RelativeCost);
        return _learners.ToDictionary(l => l.Learner.Name, l => l.EstimatedCostForImprovement(globalBest, unit));
    }

    /// <inheritdoc />
    public Trial? Propose()
    {
        var eci = EstimatedCostForImprovement();
        var weights = _learners.Select(l => 1 / eci[l.Learner.Name]).ToArray();
        var draw = _random.NextDouble() * weights.Sum();
        var chosen = _learners[^1];
        for (var i = 0; i < weights.Length; i++)
        {
            if ((draw -= weights[i]) < 0)
            {
                chosen = _learners[i];
                break;
            }
        }

        var name = chosen.Learner.Name;
        var proposal = chosen.Search.Propose(p => _ledger.Seen(p, name));
        chosen.Issued++;
        return _ledger.Issue(proposal.Parameters, (chosen, proposal), name);
    }

    /// <inheritdoc />
    public void Update(TrialResult result)
    {
        var ((learner, proposal), loss) = _ledger.Complete(result);
        learner.Record(loss, result.CostSeconds);
        learner.Search.Report(proposal, loss);
    }
}
