using MarketLab.Evaluation.Economics;

namespace MarketLab.Experiments.Uplift;

/// <summary>A contender against the simulator's individual effects τ(x).</summary>
/// <param name="Profit">The true profit curve (no sampling error).</param>
/// <param name="UpliftAtTarget">Mean true effect among the top k.</param>
/// <param name="Pehe">Precision in estimating heterogeneous effects (Hill 2011).</param>
public sealed record UpliftTruth(ProfitCurve Profit, double UpliftAtTarget, double Pehe);
