using MarketLab.Evaluation;
using MarketLab.Evaluation.Classification;
using MarketLab.Evaluation.Distributions;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Runs.Statistics;

/// <summary>
/// Statistics across a run's candidates, computed by the runner when the run ends and stored beside it
/// (<see cref="RunStore.SaveStatistics"/>), so the report compares candidates without computing anything.
/// Statistics of one candidate live in its outcome (<see cref="CandidateOutcome.Classifier"/>).
/// </summary>
/// <param name="BertVsAutoML">Each BERT candidate against the best AutoML candidate; null unless the run has both.</param>
/// <param name="Recommenders">The best recommender against each other one, paired over users; null unless the run has two.</param>
public sealed record RunStatistics(BertVsAutoMLComparison? BertVsAutoML, RecommenderComparison? Recommenders = null)
{
    /// <summary>The statistics of a run's stored candidates under <paramref name="spec"/>'s significance level.</summary>
    public static RunStatistics Compute(ExperimentSpec spec, IReadOnlyList<CandidateRecord> candidates)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(candidates);
        return new RunStatistics(BertVsAutoMLComparison.Compute(candidates, spec.Evaluation.Alpha),
            RecommenderComparison.Compute(candidates, spec.Evaluation.Resamples, spec.Seed));
    }

    /// <summary>
    /// Computes and stores the statistics of a run that has just ended (every candidate's classifier statistics, for
    /// candidates stored before they were kept, then the run's), returning the candidates as stored now.
    /// </summary>
    public static (IReadOnlyList<CandidateRecord> Candidates, RunStatistics Statistics) Store(RunStore store, RunRecord run, ExperimentSpec spec)
    {
        var candidates = CompleteCandidates(store, run);
        var statistics = Compute(spec, candidates);
        store.SaveStatistics(run.Id, statistics);
        return (candidates, statistics);
    }

    /// <summary>
    /// The stored statistics of a run and its candidates, for rendering it again. A run stored before statistics were
    /// kept gets them computed and saved now, once.
    /// </summary>
    public static (IReadOnlyList<CandidateRecord> Candidates, RunStatistics Statistics) ForStoredRun(RunStore store, RunRecord run, ExperimentSpec spec)
    {
        var candidates = CompleteCandidates(store, run);
        if (store.Statistics(run.Id) is { } stored) return (candidates, stored);
        var statistics = Compute(spec, candidates);
        store.SaveStatistics(run.Id, statistics);
        return (candidates, statistics);
    }

    private static List<CandidateRecord> CompleteCandidates(RunStore store, RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        var candidates = store.Candidates(run.Id).ToList();
        for (int i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].Outcome is { Predictions: not null, Classifier: null } outcome)
            {
                candidates[i] = candidates[i] with { Outcome = outcome.WithClassifierStatistics() };
                store.SaveCandidate(candidates[i]);
            }
        }
        return candidates;
    }
}

/// <summary>
/// BERT versus the best AutoML candidate (by held-out accuracy; the earlier one on ties): each candidate's accuracy
/// with its 95% Wilson interval (Wilson 1927), and McNemar's test (McNemar 1947; Dietterich 1998) of each BERT
/// candidate against that AutoML candidate on the paired held-out predictions, exact binomial and continuity-corrected
/// χ² (as statsmodels' <c>mcnemar</c>).
/// </summary>
/// <param name="BestAutoML">The AutoML candidate compared against.</param>
/// <param name="Alpha">The spec's significance level, for the verdicts.</param>
/// <param name="Accuracies">The best AutoML candidate first, then each BERT candidate.</param>
/// <param name="Tests">One McNemar test per BERT candidate.</param>
public sealed record BertVsAutoMLComparison(string BestAutoML, double Alpha, IReadOnlyList<CandidateAccuracy> Accuracies, IReadOnlyList<PairedTest> Tests)
{
    /// <summary>Candidate kinds compared.</summary>
    public const string BertKind = "bert", AutoMLKind = "automl";

    /// <summary>The comparison, or null unless the run has a completed BERT and a completed AutoML candidate with an accuracy.</summary>
    public static BertVsAutoMLComparison? Compute(IReadOnlyList<CandidateRecord> candidates, double alpha)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var completed = candidates.Where(c => c.Status == CandidateStatus.Completed && c.Outcome is not null).ToList();
        var bert = completed.Where(c => c.Kind == BertKind).ToList();
        var best = completed.Where(c => c.Kind == AutoMLKind && Accuracy(c.Outcome!) is not null)
            .OrderByDescending(c => Accuracy(c.Outcome!)).ThenBy(c => c.Position).FirstOrDefault();
        if (bert.Count == 0 || best is null) return null;
        var accuracies = bert.Prepend(best).Select(c => new CandidateAccuracy(c.Name, c.Kind, Accuracy(c.Outcome!), Wilson(c.Outcome!), TestRows(c.Outcome!))).ToList();
        var tests = bert.Select(c => McNemar(c, best, alpha)).ToList();
        return new BertVsAutoMLComparison(best.Name, alpha, accuracies, tests);
    }

    /// <summary>McNemar's test of <paramref name="candidate"/> against <paramref name="reference"/>; a problem instead when they are not paired.</summary>
    public static PairedTest McNemar(CandidateRecord candidate, CandidateRecord reference, double alpha)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        if (candidate.Outcome?.Predictions is not { } a || reference.Outcome?.Predictions is not { } b)
            return PairedTest.NotTested(candidate.Name, "no stored held-out predictions");
        if (!a.Truth.SequenceEqual(b.Truth) || !a.Classes.SequenceEqual(b.Classes))
            return PairedTest.NotTested(candidate.Name, "the predictions are not on the same held-out rows");
        long onlyA = 0, onlyB = 0;
        for (int i = 0; i < a.Truth.Count; i++)
        {
            bool rightA = a.Predicted[i] == a.Truth[i], rightB = b.Predicted[i] == b.Truth[i];
            if (rightA && !rightB) onlyA++;
            else if (rightB && !rightA) onlyB++;
        }

        McNemarResult exact = McNemarTest.FromCounts(onlyA, onlyB, McNemarMethod.ExactBinomial);
        McNemarResult corrected = McNemarTest.FromCounts(onlyA, onlyB, McNemarMethod.ChiSquareCorrected);
        Verdict verdict = exact.PValue >= alpha ? Verdict.NoSignificantDifference : onlyA > onlyB ? Verdict.CandidateBetter : Verdict.ReferenceBetter;
        return new PairedTest(candidate.Name, onlyA, onlyB, exact.PValue, corrected.PValue, verdict, null);
    }

    private static double? Accuracy(CandidateOutcome outcome) =>
        outcome.Predictions is { Truth.Count: > 0 } p ? (outcome.Classifier ?? ClassifierStatistics.Of(p)).Accuracy
        : outcome.Metrics.TryGetValue("accuracy", out double a) ? a : null;

    private static long? TestRows(CandidateOutcome outcome) =>
        outcome.Metrics.TryGetValue("test_rows", out double n) ? (long)Math.Round(n)
        : outcome.Predictions is { Truth.Count: > 0 } p ? p.Truth.Count : null;

    private static Interval? Wilson(CandidateOutcome outcome)
    {
        if (outcome.Predictions is { Truth.Count: > 0 } p) return (outcome.Classifier ?? ClassifierStatistics.Of(p)).AccuracyInterval;
        if (outcome.Metrics.TryGetValue("accuracy", out double a) && outcome.Metrics.TryGetValue("test_rows", out double rows) && rows >= 1)
            return BinomialInterval.WilsonCounts((long)Math.Round(a * rows), (long)rows);
        return null;
    }
}

/// <summary>A candidate's held-out accuracy with its 95% Wilson interval and the rows it rests on (null when unknown).</summary>
public sealed record CandidateAccuracy(string Name, string Kind, double? Accuracy, Interval? Wilson95, long? TestRows);

/// <summary>The outcome of a paired test of a candidate against a reference candidate.</summary>
public enum Verdict
{
    NoSignificantDifference,
    CandidateBetter,
    ReferenceBetter,
}

/// <summary>
/// McNemar's test of one candidate against a reference on the same held-out rows: rows only the candidate got right
/// (b), rows only the reference got right (c), the exact and the continuity-corrected p-values and the verdict at the
/// spec's α; or, when the two cannot be paired, <see cref="Problem"/> and nothing else.
/// </summary>
public sealed record PairedTest(string Candidate, long OnlyCandidateCorrect, long OnlyReferenceCorrect, double? ExactPValue,
    double? CorrectedPValue, Verdict? Verdict, string? Problem)
{
    /// <summary>A test that could not be run, with the reason.</summary>
    public static PairedTest NotTested(string candidate, string problem) => new(candidate, 0, 0, null, null, null, problem);
}

/// <summary>Attaches <see cref="ClassifierStatistics"/> to outcomes.</summary>
public static class ClassifierStatisticsExtensions
{
    /// <summary>The outcome with the statistics of its held-out predictions (unchanged when it has none).</summary>
    public static CandidateOutcome WithClassifierStatistics(this CandidateOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Predictions is { } p ? outcome with { Classifier = ClassifierStatistics.Of(p) } : outcome;
    }
}
