namespace MarketLab.Evaluation.Economics;

/// <summary>Incremental conversions and profit over targeted shares, and the most profitable share.</summary>
/// <param name="Points">The "target nobody" point (k = 0, profit 0) followed by one point per requested share.</param>
/// <param name="Best">The valid point of highest profit (the smallest share on ties); k = 0 when no share pays.</param>
/// <param name="Margin">Margin per conversion used.</param>
/// <param name="ContactCost">Cost per targeted customer used.</param>
public sealed record ProfitCurve(IReadOnlyList<TargetingPoint> Points, TargetingPoint Best, double Margin, double ContactCost);
