namespace MarketLab.Evaluation.Tests;

/// <summary>Relative-tolerance assertions for numeric reference tests.</summary>
internal static class Tolerance
{
    /// <summary>Reference values that come from closed forms in scipy/statsmodels: 1e-9 relative.</summary>
    public const double Exact = 1e-9;

    /// <summary>Reference values that are themselves iterative or approximate: 1e-6 relative.</summary>
    public const double Iterative = 1e-6;

    public static void Close(double expected, double actual, double relative = Exact, string? what = null)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected))
        {
            Assert.Equal(expected, actual);
            return;
        }
        double scale = Math.Max(Math.Abs(expected), double.Epsilon);
        double error = Math.Abs(actual - expected) / scale;
        Assert.True(error <= relative,
            $"{what ?? "value"}: expected {expected:R}, got {actual:R} (relative error {error:E2} > {relative:E0})");
    }
}
