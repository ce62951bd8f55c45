using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>
/// One learner inside <see cref="EciTuner"/>: its own FLOW2 search and the cost/loss history ECI needs
/// (FLAML, Wang et al. MLSys 2021, §3.2: K₀ total cost, K₁ cost when the best loss was found, K₂ cost when
/// the best before it was found).
/// </summary>
internal sealed class LearnerProgress(LearnerSpace learner, Flow2Search search)
{
    public LearnerSpace Learner { get; } = learner;

    public Flow2Search Search { get; } = search;

    public int Issued { get; set; }

    public int Completed { get; private set; }

    public double FirstCost { get; private set; }

    public double TotalCost { get; private set; }                            // K₀

    public double CostAtBest { get; private set; }                           // K₁

    public double CostAtPreviousBest { get; private set; }                   // K₂

    public double BestLoss { get; private set; } = double.PositiveInfinity;  // ε_l

    public double PreviousBestLoss { get; private set; } = double.PositiveInfinity;

    public void Record(double loss, double cost)
    {
        if (Completed++ == 0) FirstCost = cost;
        TotalCost += cost;
        if (loss < BestLoss)
        {
            (PreviousBestLoss, CostAtPreviousBest) = (BestLoss, CostAtBest);
            (BestLoss, CostAtBest) = (loss, TotalCost);
        }
    }

    /// <summary>
    /// Estimated cost for improvement. ECI₁ = max(K₀ − K₁, K₁ − K₂): the cost already spent without
    /// improving, or what the last improvement took. If another learner holds the global best ε*, ECI₂ =
    /// (ε_l − ε*) / speed with speed = (ε_l,prev − ε_l) / (K₁ − K₂), the cost to catch up at the learner's
    /// recent rate (doubling K₀ when no rate is known yet). ECI = max(ECI₁, ECI₂).
    /// </summary>
    public double EstimatedCostForImprovement(double globalBest, double untriedUnitCost)
    {
        const double Floor = 1e-9;
        if (Completed == 0) return Math.Max(Floor, Learner.RelativeCost * untriedUnitCost);
        var eci1 = Math.Max(TotalCost - CostAtBest, CostAtBest - CostAtPreviousBest);
        // Only failures so far: the estimate doubles with every failure, so a broken learner is soon left alone.
        if (double.IsPositiveInfinity(BestLoss)) return Math.Max(Floor, Math.Max(TotalCost, Floor) * Math.Pow(2, Math.Min(Completed, 30)));
        if (!(BestLoss > globalBest)) return Math.Max(Floor, eci1);
        var gained = PreviousBestLoss - BestLoss;
        var spent = CostAtBest - CostAtPreviousBest;
        var eci2 = double.IsFinite(gained) && gained > 0 && spent > 0
            ? (BestLoss - globalBest) / (gained / spent)
            : 2 * TotalCost;
        return Math.Max(Floor, Math.Max(eci1, eci2));
    }
}
