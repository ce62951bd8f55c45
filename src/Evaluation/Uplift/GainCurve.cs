namespace MarketLab.Evaluation.Uplift;

/// <summary>
/// A cumulative gain curve: (rows targeted, gain) from (0, 0) through one point per distinct score, as
/// scikit-uplift's <c>uplift_curve</c> / <c>qini_curve</c> return (num_all, curve_values).
/// </summary>
/// <param name="Kind">Uplift or Qini gain.</param>
/// <param name="Targeted">Rows targeted, 0 then ascending to n.</param>
/// <param name="Gain">Gain at each point; 0 at the origin.</param>
public sealed record GainCurve(GainCurveKind Kind, IReadOnlyList<double> Targeted, IReadOnlyList<double> Gain)
{
    /// <summary>Trapezoidal area under the curve (sklearn's <c>auc(x, y)</c>).</summary>
    public double Area()
    {
        double area = 0;
        for (int i = 1; i < Targeted.Count; i++) area += (Targeted[i] - Targeted[i - 1]) * (Gain[i] + Gain[i - 1]) * 0.5;
        return area;
    }
}
