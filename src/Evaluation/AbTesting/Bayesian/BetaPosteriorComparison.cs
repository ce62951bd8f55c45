using MarketLab.Evaluation.Distributions;

namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// Exact (quadrature, not Monte Carlo) functionals of two independent Beta posteriors p_c ~ Beta(α_c, β_c)
/// and p_t ~ Beta(α_t, β_t): each is ∫ f_c(x) g(x) dx for a g built from the treatment's CDF.
/// </summary>
/// <remarks>
/// The integral runs over the control's mass, [Q_c(1e-17), Q_c(1 − 1e-17)], cut into equal panels, plus
/// equal panels over the x where g changes (where the treatment's CDF, shifted or scaled, moves from 0
/// to 1), each with a 20-point Gauss–Legendre rule. So a posterior concentrated by 10⁶ trials and a
/// narrow treatment against a wide control are both resolved. When the control's mass reaches 0 or 1,
/// the panel there is refined geometrically towards the end point and the last sliver uses the
/// substitution x = c·t^k, k = max(1, 1/α), which removes the x^(α−1) singularity of α &lt; 1.
/// </remarks>
internal sealed class BetaPosteriorComparison
{
    private const int ControlPanels = 32;
    private const int FeaturePanels = 32;
    private const int GradingLevels = 40;
    private const double TailMass = 1e-17;

    private readonly BetaDistribution _control;
    private readonly BetaDistribution _treatment;
    private readonly BetaDistribution _treatmentPlusOne; // Beta(α_t + 1, β_t): x f_t(x) = mean_t f_{t+1}(x)
    private readonly double _controlLower, _controlUpper;     // quantile bounds of the control's mass
    private readonly double _treatmentLower, _treatmentUpper; // and of the treatment's
    private readonly bool _touchesZero, _touchesOne;

    public BetaPosteriorComparison(BetaDistribution control, BetaDistribution treatment)
    {
        _control = control;
        _treatment = treatment;
        _treatmentPlusOne = new BetaDistribution(treatment.Alpha + 1, treatment.Beta);
        (_controlLower, _controlUpper) = Support(control);
        (_treatmentLower, _treatmentUpper) = Support(treatment);
        double width = (_controlUpper - _controlLower) / ControlPanels;
        _touchesZero = _controlLower < width;
        _touchesOne = 1 - _controlUpper < width;
    }

    /// <summary>P(p_t &gt; p_c) = ∫ f_c(x) (1 − F_t(x)) dx.</summary>
    public double ChanceToBeat() => Integrate(x => Sf(_treatment, x), _treatmentLower, _treatmentUpper);

    /// <summary>
    /// E[max(p_c − p_t, 0)] = ∫ f_c(x) [x F_t(x) − mean_t F_{Beta(α_t+1, β_t)}(x)] dx
    /// (C. Stucchio, "Bayesian A/B Testing at VWO", 2015, §4; E. Miller, "Formulas for Bayesian A/B Testing", 2014).
    /// </summary>
    public double ExpectedLoss() =>
        Integrate(x => x * _treatment.Cdf(x) - _treatment.Mean * _treatmentPlusOne.Cdf(x), _treatmentLower, _treatmentUpper);

    /// <summary>E[max(p_t − p_c, 0)] = ∫ f_c(x) [mean_t S_{Beta(α_t+1, β_t)}(x) − x S_t(x)] dx, S = 1 − F.</summary>
    public double ControlRisk() =>
        Integrate(x => _treatment.Mean * Sf(_treatmentPlusOne, x) - x * Sf(_treatment, x), _treatmentLower, _treatmentUpper);

    /// <summary>The <paramref name="p"/>-quantile of p_t − p_c, solving ∫ f_c(x) F_t(x + d) dx = p.</summary>
    public double DifferenceQuantile(double p) =>
        RootFinder.Brent(d => p <= 0.5 ? DifferenceCdf(d) - p : (1 - p) - DifferenceSf(d),
            _treatmentLower - _controlUpper, _treatmentUpper - _controlLower);

    /// <summary>The <paramref name="p"/>-quantile of p_t / p_c − 1, solving ∫ f_c(x) F_t((1 + r) x) dx = p in s = ln(1 + r).</summary>
    public double RelativeQuantile(double p)
    {
        double s = RootFinder.Brent(v => p <= 0.5 ? LogRatioCdf(v) - p : (1 - p) - LogRatioSf(v),
            Math.Log(Math.Max(_treatmentLower, 1e-300) / _controlUpper),
            Math.Log(_treatmentUpper / Math.Max(_controlLower, 1e-300)));
        return Math.Exp(s) - 1;
    }

    /// <summary>P(p_t − p_c ≤ d).</summary>
    public double DifferenceCdf(double d) =>
        Integrate(x => _treatment.Cdf(x + d), _treatmentLower - d, _treatmentUpper - d);

    /// <summary>P(p_t − p_c &gt; d).</summary>
    public double DifferenceSf(double d) =>
        Integrate(x => Sf(_treatment, x + d), _treatmentLower - d, _treatmentUpper - d);

    private double LogRatioCdf(double s)
    {
        double scale = Math.Exp(s);
        return Integrate(x => _treatment.Cdf(scale * x), _treatmentLower / scale, _treatmentUpper / scale);
    }

    private double LogRatioSf(double s)
    {
        double scale = Math.Exp(s);
        return Integrate(x => Sf(_treatment, scale * x), _treatmentLower / scale, _treatmentUpper / scale);
    }

    // ∫ f_c(x) g(x) dx, with extra panels over [featureLower, featureUpper], where g varies.
    private double Integrate(Func<double, double> g, double featureLower, double featureUpper)
    {
        double lower = _touchesZero ? 0 : _controlLower, upper = _touchesOne ? 1 : _controlUpper;
        var points = new List<double>(ControlPanels + FeaturePanels + 2 * GradingLevels + 4);
        AddGrid(points, lower, upper, ControlPanels);
        double a = Math.Max(lower, featureLower), b = Math.Min(upper, featureUpper);
        if (b > a) AddGrid(points, a, b, FeaturePanels);

        double Integrand(double x) => x <= 0 || x >= 1 ? 0 : _control.Pdf(x) * g(x);
        double sum = 0;
        double width = (upper - lower) / ControlPanels;
        // Geometric refinement towards a singular end point: breakpoints w/2, w/4, ..., w/2^40, so every
        // panel is at least as far from the end point as it is wide; the last sliver [0, w/2^40] is
        // integrated with x = c t^k, which turns x^(α−1) dx into a smooth integrand.
        double innerLower = _touchesZero ? width * Math.Pow(2, -GradingLevels) : lower;
        double innerUpper = _touchesOne ? 1 - width * Math.Pow(2, -GradingLevels) : upper;
        if (_touchesZero)
        {
            for (int j = 1; j <= GradingLevels; j++) points.Add(width * Math.Pow(2, -j));
            double k = Math.Max(1, 1 / _control.Alpha), c = innerLower;
            sum += GaussLegendre.Panel(t => t <= 0 ? 0 : Integrand(c * Math.Pow(t, k)) * c * k * Math.Pow(t, k - 1), 0, 1);
        }
        if (_touchesOne)
        {
            for (int j = 1; j <= GradingLevels; j++) points.Add(1 - width * Math.Pow(2, -j));
            double k = Math.Max(1, 1 / _control.Beta), c = 1 - innerUpper;
            sum += GaussLegendre.Panel(t => t <= 0 ? 0 : Integrand(1 - c * Math.Pow(t, k)) * c * k * Math.Pow(t, k - 1), 0, 1);
        }
        points.RemoveAll(x => x < innerLower || x > innerUpper);
        points.Add(innerLower);
        points.Add(innerUpper);
        points.Sort();
        for (int i = 0; i + 1 < points.Count; i++)
            if (points[i + 1] > points[i]) sum += GaussLegendre.Panel(Integrand, points[i], points[i + 1]);
        return sum;
    }

    private static void AddGrid(List<double> points, double a, double b, int panels)
    {
        for (int i = 0; i <= panels; i++) points.Add(i == panels ? b : a + (b - a) * i / panels);
    }

    // Quantile bounds of the mass; the upper one from the mirrored Beta(β, α) so that it keeps its digits.
    private static (double Lower, double Upper) Support(BetaDistribution d) =>
        (d.Quantile(TailMass), 1 - new BetaDistribution(d.Beta, d.Alpha).Quantile(TailMass));

    // 1 − F(x) without cancellation: I_{1−x}(β, α).
    private static double Sf(BetaDistribution d, double x) =>
        x <= 0 ? 1 : x >= 1 ? 0 : SpecialFunctions.BetaRegularized(d.Beta, d.Alpha, 1 - x, x);
}
