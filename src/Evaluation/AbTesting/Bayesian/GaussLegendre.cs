namespace MarketLab.Evaluation.AbTesting;

/// <summary>The 20-point Gauss–Legendre rule, applied panel by panel by its callers.</summary>
internal static class GaussLegendre
{
    private const int Order = 20;
    private static readonly double[] Nodes = new double[Order];
    private static readonly double[] Weights = new double[Order];

    static GaussLegendre()
    {
        // Roots of P_n by Newton's method from Tricomi's initial guess, weights 2 / ((1 − x²) P'_n(x)²)
        // (Abramowitz & Stegun 25.4.29); converges to full double precision for n = 20.
        for (int i = 0; i < Order; i++)
        {
            double x = Math.Cos(Math.PI * (i + 0.75) / (Order + 0.5));
            double derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++)
            {
                double p0 = 1, p1 = x;
                for (int k = 2; k <= Order; k++)
                {
                    double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                derivative = Order * (x * p1 - p0) / (x * x - 1);
                double step = p1 / derivative;
                x -= step;
                if (Math.Abs(step) < 1e-16) break;
            }
            Nodes[i] = x;
            Weights[i] = 2 / ((1 - x * x) * derivative * derivative);
        }
    }

    /// <summary>∫ f over [a, b] with one 20-point Gauss–Legendre rule.</summary>
    public static double Panel(Func<double, double> f, double a, double b)
    {
        double half = 0.5 * (b - a), mid = 0.5 * (a + b), sum = 0;
        for (int i = 0; i < Order; i++) sum += Weights[i] * f(mid + half * Nodes[i]);
        return half * sum;
    }
}
