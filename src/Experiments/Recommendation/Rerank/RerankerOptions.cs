namespace MarketLab.Experiments.Recommendation.Rerank;

/// <summary>Settings of the LightGBM re-ranker (<see cref="RerankerTrainer"/>); validated once by <see cref="Validate"/>.</summary>
public sealed record RerankerOptions
{
    /// <summary>Wall time of the AutoML search (LightGBM only). The CLI's <c>--rerank-seconds</c>.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Stop the search after this many trials; with it the search is reproducible (the tuner is told a
    /// deterministic cost instead of measured time). Null: the time budget alone. The CLI's <c>--rerank-trials</c>.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Negatives per training user drawn from the candidate shortlist of the history (popular and co-occurring items).</summary>
    public int HardNegatives { get; init; } = 4;

    /// <summary>Negatives per training user drawn uniformly from the known items.</summary>
    public int UniformNegatives { get; init; } = 4;

    /// <summary>Size of the shortlist the hard negatives come from.</summary>
    public int HardPool { get; init; } = 50;

    /// <summary>Items re-ranked in full ranking when the catalogue is larger than <see cref="FullScoringLimit"/>: the
    /// Markov baseline's top <c>Shortlist</c> (transitions from the last item, then popularity) plus the top half as many by
    /// decayed transitions from the last <see cref="Window"/> items.</summary>
    public int Shortlist { get; init; } = 200;

    /// <summary>Catalogues up to this many items are scored in full by the model; larger ones through the shortlist.</summary>
    public int FullScoringLimit { get; init; } = 5000;

    /// <summary>History positions the decayed co-occurrence and category features look back.</summary>
    public int Window { get; init; } = 5;

    /// <summary>Weight factor per position back in the decayed co-occurrence score (1, decay, decay², …).</summary>
    public double Decay { get; init; } = 0.5;

    /// <summary>Whether the history's items are left out of negatives and the shortlist (as the ranking protocol's
    /// <see cref="RankingProtocol.ExcludeHistory"/>; the workflow sets it from the request).</summary>
    public bool ExcludeHistory { get; init; } = true;

    /// <summary>Seed of the negative sampling, the AutoML search and LightGBM.</summary>
    public int Seed { get; init; }

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        if (TimeBudget <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(TimeBudget), TimeBudget, "The re-ranker's search time must be > 0.");
        if (MaxTrials is < 1) throw new ArgumentOutOfRangeException(nameof(MaxTrials), MaxTrials, "The re-ranker's trial budget must be >= 1 (or none).");
        if (HardNegatives < 0 || UniformNegatives < 0 || HardNegatives + UniformNegatives == 0)
            throw new ArgumentOutOfRangeException(nameof(HardNegatives), (HardNegatives, UniformNegatives), "Negatives per training user must be >= 0 each and >= 1 together.");
        if (HardPool < 1) throw new ArgumentOutOfRangeException(nameof(HardPool), HardPool, "Must be >= 1.");
        if (Shortlist < 1) throw new ArgumentOutOfRangeException(nameof(Shortlist), Shortlist, "Must be >= 1.");
        if (FullScoringLimit < 0) throw new ArgumentOutOfRangeException(nameof(FullScoringLimit), FullScoringLimit, "Must be >= 0.");
        if (Window < 1) throw new ArgumentOutOfRangeException(nameof(Window), Window, "Must be >= 1.");
        if (!(Decay > 0 && Decay <= 1)) throw new ArgumentOutOfRangeException(nameof(Decay), Decay, "Must lie in (0, 1].");
    }
}
