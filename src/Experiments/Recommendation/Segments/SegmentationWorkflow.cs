using System.Diagnostics;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation.SasRec;

namespace MarketLab.Experiments.Recommendation.Segments;

/// <summary>
/// The one entry point of user segments (<c>marketlab segments</c>): optionally trains SASRec on the whole log and takes
/// each user's final hidden state over their full sequence as a learned embedding (<see cref="SasRecUserEmbeddings"/>,
/// the code purchase propensity uses), then k-means on behaviour features plus that embedding
/// (<see cref="UserSegmentation.Fit"/>).
/// </summary>
/// <remarks>
/// Segments describe the users of a log, so SASRec learns from every user (leave-one-out: the last two events of each
/// user are held out of its training, as in recommendation); nothing is predicted or scored, so there is no held-out set
/// to protect. The embedding reads the whole sequence, the last two events included.
/// </remarks>
public static class SegmentationWorkflow
{
    /// <summary>Segments the users.</summary>
    /// <param name="request">Users, k, embeddings.</param>
    /// <param name="log">Progress lines (SASRec's epochs).</param>
    public static SegmentationRun Run(SegmentationRequest request, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyDictionary<string, float[]>? embeddings = null;
        double seconds = 0;
        if (request.Embeddings == SegmentEmbeddings.SasRec)
        {
            var clock = Stopwatch.StartNew();
            var sequences = request.Target == SequenceTarget.Item ? request.Users
                : UserSequences.Build(SequenceDatasets.Retarget(request.Users.SelectMany(u => u.Events).ToArray(), request.Target, "log"));
            log?.Invoke($"SASRec on the {request.Target.ToString().ToLowerInvariant()} sequences of {sequences.Count:N0} users ({request.SasRec.Epochs} epochs, hidden {request.SasRec.Hidden})...");
            var (_, _, vectors) = SasRecUserEmbeddings.Fit(sequences, sequences, request.SasRec, line => log?.Invoke(line));
            embeddings = sequences.Select((s, i) => (s.User, Vector: vectors[i])).ToDictionary(x => x.User, x => x.Vector, StringComparer.Ordinal);
            seconds = clock.Elapsed.TotalSeconds;
        }
        var result = UserSegmentation.Fit(request.Users, embeddings, request.Segmentation);
        return new SegmentationRun(result, embeddings is null ? 0 : request.SasRec.Hidden, seconds);
    }
}
