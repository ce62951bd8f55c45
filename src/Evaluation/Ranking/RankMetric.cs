namespace MarketLab.Evaluation.Ranking;

/// <summary>The per-user quantity that a ranking metric averages.</summary>
public enum RankMetricKind
{
    /// <summary>Hit@k (HR@k, recall@k with one relevant item): 1 when the held-out item is among the first k.</summary>
    Hit,

    /// <summary>NDCG@k with one relevant item: 1 / log₂(position + 2) inside the first k, else 0 (Järvelin &amp;
    /// Kekäläinen 2002; the ideal DCG is 1).</summary>
    Ndcg,

    /// <summary>Reciprocal rank 1 / (position + 1) without cut-off; its mean is MRR (Voorhees, TREC-8 QA 1999).</summary>
    ReciprocalRank,
}

/// <summary>A metric and its cut-off: <c>Hit@10</c>, <c>NDCG@10</c>, <c>MRR</c>.</summary>
public readonly record struct RankMetric
{
    /// <summary>A metric, checked: k ≥ 1 for Hit and NDCG; k ignored (0) for MRR.</summary>
    public RankMetric(RankMetricKind kind, int k = 0)
    {
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Kind must be one of {string.Join(", ", Enum.GetNames<RankMetricKind>())}.");
        if (kind != RankMetricKind.ReciprocalRank && k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, $"{kind}@k needs k ≥ 1.");
        Kind = kind;
        K = kind == RankMetricKind.ReciprocalRank ? 0 : k;
    }

    public RankMetricKind Kind { get; }

    /// <summary>The cut-off (0 for MRR).</summary>
    public int K { get; }

    public static RankMetric HitAt(int k) => new(RankMetricKind.Hit, k);

    public static RankMetric NdcgAt(int k) => new(RankMetricKind.Ndcg, k);

    public static RankMetric Mrr { get; } = new(RankMetricKind.ReciprocalRank);

    /// <summary>Hit@k and NDCG@k for each k, then MRR: the usual table.</summary>
    public static IReadOnlyList<RankMetric> Standard(params int[] ks) =>
        [.. ks.Select(HitAt), .. ks.Select(NdcgAt), Mrr];

    public override string ToString() => Kind switch
    {
        RankMetricKind.Hit => $"Hit@{K}",
        RankMetricKind.Ndcg => $"NDCG@{K}",
        _ => "MRR",
    };
}
