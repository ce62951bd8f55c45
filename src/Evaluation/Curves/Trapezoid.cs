namespace MarketLab.Evaluation.Curves;

/// <summary>Area under a polyline by the trapezoidal rule, as <c>sklearn.metrics.auc</c> (x ascending).</summary>
internal static class Trapezoid
{
    public static double Area(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double area = 0;
        for (int i = 1; i < x.Length; i++) area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) * 0.5;
        return area;
    }
}
