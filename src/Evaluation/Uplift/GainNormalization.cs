namespace MarketLab.Evaluation.Uplift;

/// <summary>How an area under an uplift or Qini curve is turned into a unit-free score.</summary>
/// <remarks>
/// The two libraries disagree, so the choice is explicit. For a curve G over n rows with end value G(n):
/// <list type="bullet">
/// <item><see cref="ScikitUplift"/>: (A(G) − A(random)) / (A(perfect) − A(random)), A the trapezoidal area and
/// random the straight line from (0, 0) to (n, G(n)); 1 for the perfect ranking, 0 for random
/// (sklift <c>uplift_auc_score</c>, <c>qini_auc_score</c>).</item>
/// <item><see cref="CausalMl"/>: the mean over k = 0..n of G(k)/|G(n)| (causalml <c>auuc_score</c> with
/// <c>normalize=True</c>); for Qini the random line's mean, sign(G(n))/2, is subtracted as causalml's
/// <c>qini_score</c> does (causalml estimates it from 10 random scorings; here its expectation is used).
/// Random scores give about 0.5 for AUUC and 0 for Qini; the perfect ranking is not mapped to 1.</item>
/// </list>
/// </remarks>
public enum GainNormalization
{
    /// <summary>Area between model and random lines over that between perfect and random (scikit-uplift).</summary>
    ScikitUplift,

    /// <summary>Mean cumulative gain normalised by the total gain (causalml).</summary>
    CausalMl,
}
