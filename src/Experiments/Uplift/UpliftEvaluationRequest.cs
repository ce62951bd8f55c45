namespace MarketLab.Experiments.Uplift;

/// <summary>What <see cref="UpliftEvaluation.Evaluate"/> judges: the split, the rankings and how they are judged.</summary>
/// <param name="Holdout">Training and held-out rows (and the held-out true effects on simulated data).</param>
/// <param name="Contenders">Learners to fit, or held-out scores made elsewhere.</param>
/// <param name="Options">Share targeted, economics, bootstrap.</param>
public sealed record UpliftEvaluationRequest(UpliftHoldout Holdout, IReadOnlyList<UpliftContender> Contenders, UpliftEvaluationOptions Options);
