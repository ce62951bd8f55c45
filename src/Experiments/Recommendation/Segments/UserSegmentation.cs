using MarketLab.Experiments.Data.Sequences;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MarketLab.Experiments.Recommendation.Segments;

/// <summary>Settings of <see cref="UserSegmentation.Fit"/>.</summary>
public sealed record SegmentationOptions
{
    /// <summary>Number of segments k.</summary>
    public int Segments { get; init => field = value is >= 1 and <= 100 ? value : throw new ArgumentOutOfRangeException(nameof(Segments), value, "Segments must lie in 1..100."); } = 5;

    /// <summary>Seed of k-means++ initialisation.</summary>
    public int Seed { get; init; }

    /// <summary>Categories listed per segment profile.</summary>
    public int TopCategories { get; init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(TopCategories), value, "TopCategories must be 0 or more."); } = 3;

    /// <summary>
    /// Weight of the learned user embedding against the behaviour features: after standardising each behaviour feature
    /// (mean 0, variance 1) and scaling each embedding to unit length, the embedding is multiplied by
    /// <c>EmbeddingWeight · √(number of behaviour features)</c>, so 1 gives both blocks the same expected squared norm.
    /// </summary>
    public double EmbeddingWeight { get; init => field = value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(EmbeddingWeight), value, "EmbeddingWeight must be 0 or more."); } = 1;
}

/// <summary>
/// One user's behaviour summary, RFM-style (Hughes 1994: recency, frequency, monetary value; here purchases stand in
/// for value, since the log has no prices): days from the last event to the end of the log, events, purchases,
/// add-to-carts, favourites, distinct categories, and purchases per page view.
/// </summary>
public sealed record UserBehaviourFeatures(string User, double RecencyDays, int Events, int Buys, int Carts, int Favourites, int Categories)
{
    /// <summary>The numbers k-means sees (counts on a log scale, since they are heavy-tailed).</summary>
    public double[] Vector() =>
        [RecencyDays, Math.Log(1 + Events), Math.Log(1 + Buys), Math.Log(1 + Carts), Math.Log(1 + Favourites), Math.Log(1 + Categories)];

    /// <summary>Names of <see cref="Vector"/>'s entries.</summary>
    public static readonly IReadOnlyList<string> Names = ["recency_days", "log_events", "log_buys", "log_carts", "log_favs", "log_categories"];

    /// <summary>The features of each user of a behaviour log (the Taobao format: behaviours pv, cart, fav, buy; timestamps in seconds).</summary>
    public static IReadOnlyList<UserBehaviourFeatures> Of(IReadOnlyList<UserSequence> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        long end = users.SelectMany(u => u.Events).Select(e => e.Timestamp ?? 0).DefaultIfEmpty(0).Max();
        return users.Select(u =>
        {
            long last = u.Events.Count == 0 ? end : u.Events.Max(e => e.Timestamp ?? end);
            int Count(string behaviour) => u.Events.Count(e => e.Behaviour == behaviour);
            return new UserBehaviourFeatures(u.User, (end - last) / 86400.0, u.Events.Count, Count("buy"), Count("cart"), Count("fav"),
                u.Events.Select(e => e.Category).Where(c => c is not null).Distinct(StringComparer.Ordinal).Count());
        }).ToList();
    }
}

/// <summary>A segment's profile: size, share of users, share of users who bought, mean events and recency, and its most visited categories.</summary>
public sealed record SegmentProfile(int Segment, int Users, double Share, double BuyerShare, double MeanBuys, double MeanEvents, double MeanRecencyDays,
    IReadOnlyList<CategoryShare> TopCategories);

/// <summary>A category and its share of a segment's events.</summary>
public sealed record CategoryShare(string Category, double Share);

/// <summary>Users assigned to segments (0-based, ordered by size, largest first) and the segment profiles.</summary>
/// <param name="Assignment">User → segment.</param>
/// <param name="Profiles">One profile per segment, in segment order.</param>
/// <param name="AverageDistance">Mean squared Euclidean distance of a user to its segment centre (the k-means objective per user).</param>
public sealed record SegmentationResult(IReadOnlyDictionary<string, int> Assignment, IReadOnlyList<SegmentProfile> Profiles, double AverageDistance);

/// <summary>
/// User profiling for targeting: ML.NET's k-means (k-means++ initialisation, Arthur &amp; Vassilvitskii 2007; one
/// thread and a seed, so the same log and seed give the same segments) on standardised RFM-style behaviour features,
/// optionally joined by learned user embeddings (e.g. SASRec's final hidden state of each user's history).
/// </summary>
public static class UserSegmentation
{
    /// <summary>Segments the users of <paramref name="users"/>.</summary>
    /// <param name="users">Per-user event sequences (Taobao format for purchases and categories).</param>
    /// <param name="embeddings">User → embedding (all of one length); users without one get zeros. Null: behaviour features only.</param>
    /// <param name="options">k, seed and profile settings.</param>
    /// <exception cref="ArgumentException">Fewer users (or distinct feature vectors) than segments, or embeddings of different lengths.</exception>
    public static SegmentationResult Fit(IReadOnlyList<UserSequence> users, IReadOnlyDictionary<string, float[]>? embeddings = null, SegmentationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(users);
        options ??= new SegmentationOptions();
        if (users.Count < options.Segments)
            throw new ArgumentException($"{users.Count} users cannot form {options.Segments} segments; lower the number of segments.", nameof(users));
        var features = UserBehaviourFeatures.Of(users);
        double[][] behaviour = Standardise(features.Select(f => f.Vector()).ToArray());
        int embeddingLength = embeddings is null || embeddings.Count == 0 ? 0 : embeddings.Values.First().Length;
        if (embeddings is not null && embeddings.Values.Any(e => e.Length != embeddingLength))
            throw new ArgumentException("User embeddings must all have the same length.", nameof(embeddings));
        double scale = options.EmbeddingWeight * Math.Sqrt(UserBehaviourFeatures.Names.Count);
        var rows = features.Select((f, i) =>
        {
            var v = new float[behaviour[i].Length + embeddingLength];
            for (int j = 0; j < behaviour[i].Length; j++) v[j] = (float)behaviour[i][j];
            if (embeddingLength > 0 && embeddings!.TryGetValue(f.User, out var e))
            {
                double norm = Math.Sqrt(e.Sum(x => (double)x * x));
                for (int j = 0; j < e.Length; j++) v[behaviour[i].Length + j] = norm == 0 ? 0 : (float)(e[j] / norm * scale);
            }
            return new Row { Features = v };
        }).ToList();

        // ML.NET's k-means++ fails with an InvalidOperationException when fewer distinct rows than clusters exist; say why.
        int distinct = rows.Select(r => string.Join(",", r.Features)).Distinct(StringComparer.Ordinal).Count();
        if (distinct < options.Segments)
            throw new ArgumentException($"The {users.Count} users have only {distinct} distinct feature vector(s), fewer than the {options.Segments} segments asked for; lower the number of segments{(embeddingLength == 0 ? " or add learned embeddings (--embeddings sasrec)" : "")}.", nameof(users));
        var ml = new MLContext(options.Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows[0].Features.Length);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = nameof(Row.Features),
            NumberOfClusters = options.Segments,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            NumberOfThreads = 1,
            MaximumNumberOfIterations = 1000,
        });
        var model = trainer.Fit(data);
        var scored = ml.Data.CreateEnumerable<Scored>(model.Transform(data), reuseRowObject: false).ToList();

        // Segments renumbered by size (largest first, then by the cluster's first user) so the labels are stable.
        var raw = scored.Select(s => (int)s.PredictedLabel - 1).ToArray();
        var order = raw.Select((c, i) => (c, i)).GroupBy(x => x.c).OrderByDescending(g => g.Count()).ThenBy(g => g.Min(x => x.i)).Select(g => g.Key).ToList();
        var relabel = order.Select((c, n) => (c, n)).ToDictionary(x => x.c, x => x.n);
        var assignment = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < features.Count; i++) assignment[features[i].User] = relabel[raw[i]];
        double distance = scored.Select(s => (double)s.Score.Min()).Average();

        var profiles = Enumerable.Range(0, order.Count).Select(segment =>
        {
            var members = Enumerable.Range(0, features.Count).Where(i => assignment[features[i].User] == segment).ToList();
            var events = members.SelectMany(i => users[i].Events).Where(e => e.Category is not null).ToList();
            var top = events.GroupBy(e => e.Category!, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(options.TopCategories).Select(g => new CategoryShare(g.Key, g.Count() / (double)events.Count)).ToList();
            return new SegmentProfile(segment, members.Count, members.Count / (double)features.Count,
                members.Count(i => features[i].Buys > 0) / (double)members.Count, members.Average(i => (double)features[i].Buys),
                members.Average(i => (double)features[i].Events), members.Average(i => features[i].RecencyDays), top);
        }).ToList();
        return new SegmentationResult(assignment, profiles, distance);
    }

    /// <summary>Each column to mean 0 and (population) variance 1; a constant column becomes 0.</summary>
    internal static double[][] Standardise(double[][] rows)
    {
        int d = rows.Length == 0 ? 0 : rows[0].Length;
        var result = rows.Select(r => (double[])r.Clone()).ToArray();
        for (int j = 0; j < d; j++)
        {
            double mean = rows.Average(r => r[j]);
            double sd = Math.Sqrt(rows.Average(r => (r[j] - mean) * (r[j] - mean)));
            foreach (var r in result) r[j] = sd == 0 ? 0 : (r[j] - mean) / sd;
        }
        return result;
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class Scored
    {
        public uint PredictedLabel { get; set; }
        public float[] Score { get; set; } = [];
    }
}
