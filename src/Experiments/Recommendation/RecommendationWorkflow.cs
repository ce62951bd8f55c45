using System.Diagnostics;
using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Recommendation.SasRec;

namespace MarketLab.Experiments.Recommendation;

/// <summary>
/// The one entry point of next-item recommendation: fits the requested recommenders on the training sequences,
/// ranks every user's test item under the sampled protocol and full ranking, and summarises with bootstrap intervals
/// over users and paired tests. The CLI verb <c>marketlab recommend</c> calls it.
/// </summary>
public static class RecommendationWorkflow
{
    // The models in table order with the SASRec options of each; with CompareSide a plain SASRec (its checkpoints in a
    // folder of its own) precedes the one with side embeddings.
    private static IEnumerable<(RecommenderKind Kind, SasRecOptions SasRec)> Fits(RecommendationRequest request)
    {
        foreach (var kind in request.Models)
        {
            if (kind == RecommenderKind.SasRec && request.CompareSide && request.SasRec.Side != SasRecSide.None)
                yield return (kind, request.SasRec with
                {
                    Side = SasRecSide.None,
                    CheckpointDirectory = request.SasRec.CheckpointDirectory is { } dir ? dir.TrimEnd('/', '\\') + "-noside" : null,
                });
            yield return (kind, request.SasRec);
        }
    }

    /// <summary>Runs the comparison.</summary>
    /// <param name="request">Split, models and settings.</param>
    /// <param name="log">Progress lines (fitting, epochs, evaluation).</param>
    /// <param name="cancellation">Checked between models and epochs.</param>
    public static RecommendationResult Run(RecommendationRequest request, Action<string>? log = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Models.Count == 0) throw new ArgumentException("No recommenders requested.", nameof(request));
        var test = RankingProtocol.Create(request.Split, EvaluationStage.Test, request.Negatives, request.Seed, request.ExcludeHistory);
        var metrics = RankMetric.Standard([.. request.Ks]);
        var popularity = PopularityRecommender.Fit(request.Split);
        var interactions = popularity.Counts.Select(c => (double)c).ToArray();
        var summaries = new List<RecommenderSummary>();
        var outcomes = new List<RecommenderOutcomes>();
        var epochs = new List<SasRecProgress>();
        var notes = new List<string>();
        if (request.Split.Time is { } time) notes.Add(char.ToUpperInvariant(time.ToString()[0]) + time.ToString()[1..] + ".");
        foreach (var (kind, sasrecOptions) in Fits(request))
        {
            cancellation.ThrowIfCancellationRequested();
            log?.Invoke($"Fitting {kind}{(kind == RecommenderKind.SasRec && sasrecOptions.Side != SasRecSide.None ? $" with {SasRecSideSyntax.Format(sasrecOptions.Side)} embeddings" : "")}...");
            var clock = Stopwatch.StartNew();
            ISequenceRecommender model = kind switch
            {
                RecommenderKind.Popularity => popularity,
                RecommenderKind.Markov => MarkovRecommender.Fit(request.Split),
                RecommenderKind.SasRec => SasRecTrainer.Train(request.Split, sasrecOptions, p =>
                {
                    epochs.Add(p);
                    log?.Invoke(FormattableString.Invariant(
                        $"SASRec epoch {p.Epoch}/{p.Epochs}: loss {p.Loss:F4}, {p.SamplesPerSecond:F0} sequences/s, {p.Seconds:F1} s{(p.ValidationHit10 is double h ? $", validation Hit@10 {h:F4} NDCG@10 {p.ValidationNdcg10:F4}" : "")}"));
                }, RankingProtocol.Create(request.Split, EvaluationStage.Validation, request.Negatives, request.Seed + 1, request.ExcludeHistory), request.ValidateEvery, log, cancellation),
                RecommenderKind.Bert4Rec => Bert4Rec.Bert4RecTrainer.Train(request.Split, request.Bert4Rec, p => log?.Invoke(FormattableString.Invariant(
                    $"BERT4Rec epoch {p.Epoch}/{p.Epochs}: loss {p.Loss:F4}, {p.SamplesPerSecond:F0} sequences/s, {p.Seconds:F1} s{(p.ValidationHit10 is double h ? $", validation Hit@10 {h:F4} NDCG@10 {p.ValidationNdcg10:F4}" : "")}")),
                    log, cancellation, RankingProtocol.Create(request.Split, EvaluationStage.Validation, request.Negatives, request.Seed + 1, request.ExcludeHistory), request.ValidateEvery),
                RecommenderKind.Reranker => Rerank.RerankerTrainer.Fit(request.Split, request.Reranker with { ExcludeHistory = request.ExcludeHistory }, log, cancellation),
                _ => throw new ArgumentOutOfRangeException(nameof(request), kind, "Unknown recommender."),
            };
            double seconds = clock.Elapsed.TotalSeconds;
            if (model is Rerank.RerankerRecommender reranker) notes.AddRange([$"Reranker: {reranker.Description}.", reranker.Note]);
            log?.Invoke($"Evaluating {model.Name} on {test.Inputs.Count:N0} users...");
            clock.Restart();
            var o = RecommenderEvaluator.Evaluate(model, test, request.ListLength);
            log?.Invoke(FormattableString.Invariant($"Evaluated {model.Name} in {clock.Elapsed.TotalSeconds:F1} s"));
            outcomes.Add(o);
            summaries.Add(new RecommenderSummary(model.Name,
                test.HasSampled ? RankingSummary.Summarize(o.Sampled, metrics, request.Evaluation) : [],
                RankingSummary.Summarize(o.Full, metrics, request.Evaluation),
                CatalogMetrics.Coverage(o.TopLists, request.Split.Vocabulary.Count),
                CatalogMetrics.AveragePopularity(o.TopLists, interactions), seconds));
        }
        var paired = new List<PairedComparison>();
        var last = outcomes[^1];
        foreach (var other in outcomes.Take(outcomes.Count - 1))
            foreach (var metric in new[] { RankMetric.HitAt(10), RankMetric.NdcgAt(10) })
            {
                if (test.HasSampled)
                    paired.Add(new PairedComparison(last.Name, other.Name, "sampled", PairedRankingTest.Compare(metric, last.Sampled, other.Sampled, request.Evaluation)));
                paired.Add(new PairedComparison(last.Name, other.Name, "full", PairedRankingTest.Compare(metric, last.Full, other.Full, request.Evaluation)));
            }
        return new RecommendationResult(test.Inputs.Count, request.Split.Vocabulary.Count, test.UnknownTargets, request.Negatives, summaries, paired, epochs, outcomes)
        {
            Notes = notes,
        };
    }
}
