namespace MarketLab.Evaluation.AbTesting;

/// <summary>Bracketed root finding shared by the Bayesian and planning code.</summary>
internal static class RootFinder
{
    /// <summary>
    /// A root of <paramref name="f"/> in [<paramref name="a"/>, <paramref name="b"/>], where f(a) and f(b)
    /// differ in sign, by Brent's method (R. P. Brent, <i>Algorithms for Minimization without
    /// Derivatives</i>, 1973, ch. 4 — the <c>zeroin</c> algorithm that scipy's <c>brentq</c> also follows).
    /// </summary>
    /// <remarks>Stops when the bracket is narrower than <c>absoluteTolerance</c> plus 4ε|x|.</remarks>
    public static double Brent(Func<double, double> f, double a, double b, double absoluteTolerance = 1e-15, int maxIterations = 200)
    {
        double fa = f(a), fb = f(b);
        if (fa == 0) return a;
        if (fb == 0) return b;
        if (Math.Sign(fa) == Math.Sign(fb))
            throw new ArithmeticException($"The root is not bracketed: f({a:R}) = {fa:R} and f({b:R}) = {fb:R} have the same sign.");
        double c = a, fc = fa, d = b - a, e = d;
        for (int i = 0; i < maxIterations; i++)
        {
            if (Math.Sign(fb) == Math.Sign(fc))
            {
                c = a; fc = fa; d = b - a; e = d;
            }
            if (Math.Abs(fc) < Math.Abs(fb))
            {
                a = b; b = c; c = a;
                fa = fb; fb = fc; fc = fa;
            }
            double tol = 2 * double.Epsilon + 4e-16 * Math.Abs(b) + 0.5 * absoluteTolerance;
            double m = 0.5 * (c - b);
            if (Math.Abs(m) <= tol || fb == 0) return b;
            if (Math.Abs(e) >= tol && Math.Abs(fa) > Math.Abs(fb))
            {
                // Inverse quadratic interpolation, or the secant step when only two points differ.
                double s = fb / fa, p, q;
                if (a == c)
                {
                    p = 2 * m * s;
                    q = 1 - s;
                }
                else
                {
                    double r = fb / fc, t = fa / fc;
                    p = s * (2 * m * t * (t - r) - (b - a) * (r - 1));
                    q = (t - 1) * (r - 1) * (s - 1);
                }
                if (p > 0) q = -q; else p = -p;
                if (2 * p < Math.Min(3 * m * q - Math.Abs(tol * q), Math.Abs(e * q)))
                {
                    e = d;
                    d = p / q;
                }
                else
                {
                    d = m; e = m;
                }
            }
            else
            {
                d = m; e = m;
            }
            a = b; fa = fb;
            b += Math.Abs(d) > tol ? d : (m > 0 ? tol : -tol);
            fb = f(b);
        }
        return b;
    }
}
