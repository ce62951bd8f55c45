namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// The first two moments of one arm's metric estimate: the estimate, its variance (squared standard
/// error) and, with CUPED, the same for the pre-period covariate and their covariance.
/// </summary>
/// <param name="Count">Units in the arm.</param>
/// <param name="Value">The arm's metric value (a rate, a mean or a ratio).</param>
/// <param name="Variance">Variance of <paramref name="Value"/> as an estimator (SE²).</param>
/// <param name="HasCovariate">Whether the covariate fields are set.</param>
/// <param name="CovariateValue">The pre-period value of the same metric.</param>
/// <param name="CovariateVariance">Variance of <paramref name="CovariateValue"/> as an estimator.</param>
/// <param name="Covariance">Covariance of the two estimators.</param>
/// <param name="UsesSampleVariance">True when the variance comes from a sample variance (n − 1),
/// so Welch's degrees of freedom apply; false for Bernoulli and delta-method (normal) variances.</param>
public readonly record struct ArmMoments(
    long Count,
    double Value,
    double Variance,
    bool HasCovariate = false,
    double CovariateValue = 0,
    double CovariateVariance = 0,
    double Covariance = 0,
    bool UsesSampleVariance = false);
