namespace MarketLab.Evaluation.Uplift;

/// <summary>Which cumulative gain a curve plots against the number of rows targeted.</summary>
public enum GainCurveKind
{
    /// <summary>Uplift curve: (Yₜ/Nₜ − Y꜀/N꜀)·(Nₜ + N꜀), sklift <c>uplift_curve</c>.</summary>
    Uplift,

    /// <summary>Qini curve: Yₜ − Y꜀·Nₜ/N꜀ (Radcliffe 2007), sklift <c>qini_curve</c>.</summary>
    Qini,
}
