namespace MarketLab.Evaluation.OffPolicy;

/// <summary>The per-round arithmetic shared by the estimators (obp's <c>_estimate_round_rewards</c>).</summary>
internal static class RoundValues
{
    /// <summary>wᵢ = min(π(aᵢ|xᵢ)/pᵢ, λ).</summary>
    public static double[] Weights(LoggedFeedback log, double clip)
    {
        var w = new double[log.Count];
        for (int i = 0; i < w.Length; i++) w[i] = Math.Min(log.TargetArray[i] / log.PropensityArray[i], clip);
        return w;
    }

    /// <summary>Per-round values vᵢ whose mean is the estimate (IPS, DM, DR).</summary>
    public static double[] PerRound(OffPolicyEstimator estimator, LoggedFeedback log, OutcomePredictions? model, double[] w)
    {
        double[] r = log.RewardArray;
        var v = new double[r.Length];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = estimator switch
            {
                OffPolicyEstimator.InversePropensityScoring => w[i] * r[i],
                OffPolicyEstimator.DirectMethod => model!.TargetArray[i],
                // Dudík, Langford & Li (2011), eq. 3: model baseline plus importance-weighted residual.
                OffPolicyEstimator.DoublyRobust => model!.TargetArray[i] + w[i] * (r[i] - model.LoggedArray[i]),
                _ => throw new ArgumentOutOfRangeException(nameof(estimator), estimator, "not a mean-type estimator"),
            };
        }
        return v;
    }

    /// <summary>Mean and s/√n with the sample standard deviation (n − 1); SE is NaN for n = 1.</summary>
    public static (double Mean, double StandardError) MeanAndStandardError(double[] v)
    {
        double mean = Mean(v);
        double squares = 0;
        foreach (double x in v) squares += (x - mean) * (x - mean);
        return (mean, v.Length > 1 ? Math.Sqrt(squares / (v.Length - 1) / v.Length) : double.NaN);
    }

    public static double Mean(ReadOnlySpan<double> v)
    {
        double sum = 0;
        foreach (double x in v) sum += x;
        return sum / v.Length;
    }

    /// <summary>
    /// SNIPS V̂ = Σwr/Σw with the delta-method SE: the influence values ψᵢ = wᵢ(rᵢ − V̂)/w̄ (a ratio of means,
    /// linearised at the estimate) have mean zero, and SE = s(ψ)/√n with n − 1.
    /// </summary>
    public static (double Value, double StandardError) SelfNormalized(double[] w, double[] r)
    {
        double sw = 0, swr = 0;
        for (int i = 0; i < w.Length; i++) { sw += w[i]; swr += w[i] * r[i]; }
        if (sw == 0) return (double.NaN, double.NaN);
        double value = swr / sw, meanW = sw / w.Length, squares = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double psi = w[i] * (r[i] - value) / meanW;
            squares += psi * psi;
        }
        return (value, w.Length > 1 ? Math.Sqrt(squares / (w.Length - 1) / w.Length) : double.NaN);
    }

    /// <summary>SNIPS on a resample given by round indices (NaN when every resampled weight is 0).</summary>
    public static double SelfNormalizedOn(ReadOnlySpan<double> indices, double[] w, double[] r)
    {
        double sw = 0, swr = 0;
        foreach (double x in indices)
        {
            int i = (int)x;
            sw += w[i];
            swr += w[i] * r[i];
        }
        return swr / sw;
    }

    /// <summary>Kish's effective sample size (Σw)²/Σw².</summary>
    public static double EffectiveSampleSize(double[] w)
    {
        double s = 0, s2 = 0;
        foreach (double x in w) { s += x; s2 += x * x; }
        return s2 > 0 ? s * s / s2 : 0;
    }
}
