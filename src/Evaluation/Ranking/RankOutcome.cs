namespace MarketLab.Evaluation.Ranking;

/// <summary>
/// Where one held-out item lands among its candidates: <see cref="Higher"/> candidates scored strictly above it and
/// <see cref="Tied"/> scored exactly the same, out of <see cref="Candidates"/> other items. Its 0-based position is
/// <c>Higher</c> when ties break in its favour and <c>Higher + Tied</c> when they break against it.
/// </summary>
public readonly record struct RankOutcome
{
    /// <summary>An outcome from counts, checked: 0 ≤ higher, 0 ≤ tied, higher + tied ≤ candidates.</summary>
    public RankOutcome(int higher, int tied, int candidates)
    {
        if (higher < 0 || tied < 0 || candidates < 0 || (long)higher + tied > candidates)
            throw new ArgumentOutOfRangeException(nameof(higher),
                $"A rank outcome needs 0 ≤ higher, 0 ≤ tied and higher + tied ≤ candidates; got higher {higher}, tied {tied}, candidates {candidates}.");
        Higher = higher;
        Tied = tied;
        Candidates = candidates;
    }

    /// <summary>Candidates scored strictly above the held-out item.</summary>
    public int Higher { get; }

    /// <summary>Candidates scored exactly as the held-out item.</summary>
    public int Tied { get; }

    /// <summary>Candidates other than the held-out item (100 under the sampled protocol of Kang &amp; McAuley 2018).</summary>
    public int Candidates { get; }

    /// <summary>Counts the candidates scored above and equal to <paramref name="target"/>.</summary>
    /// <param name="target">Score of the held-out item; finite.</param>
    /// <param name="candidates">Scores of the other items (negatives); finite.</param>
    /// <exception cref="ArgumentException">A score is NaN or infinite (a model that emits NaN must not look like a hit).</exception>
    public static RankOutcome FromScores(double target, ReadOnlySpan<double> candidates)
    {
        if (!double.IsFinite(target)) throw new ArgumentException($"The held-out item's score is {target}; scores must be finite.", nameof(target));
        int higher = 0, tied = 0;
        for (int i = 0; i < candidates.Length; i++)
        {
            double s = candidates[i];
            if (!double.IsFinite(s)) throw new ArgumentException($"candidates[{i}] is {s}; scores must be finite.", nameof(candidates));
            if (s > target) higher++;
            else if (s == target) tied++;
        }
        return new RankOutcome(higher, tied, candidates.Length);
    }

    /// <summary>The float32 form (model outputs), same rules.</summary>
    public static RankOutcome FromScores(float target, ReadOnlySpan<float> candidates)
    {
        if (!float.IsFinite(target)) throw new ArgumentException($"The held-out item's score is {target}; scores must be finite.", nameof(target));
        int higher = 0, tied = 0;
        for (int i = 0; i < candidates.Length; i++)
        {
            float s = candidates[i];
            if (!float.IsFinite(s)) throw new ArgumentException($"candidates[{i}] is {s}; scores must be finite.", nameof(candidates));
            if (s > target) higher++;
            else if (s == target) tied++;
        }
        return new RankOutcome(higher, tied, candidates.Length);
    }

    /// <summary>A held-out item the model cannot score at all (unknown to it): ranked below every candidate.</summary>
    public static RankOutcome Miss(int candidates) => new(candidates, 0, candidates);
}
