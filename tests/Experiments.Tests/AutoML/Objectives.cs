using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Experiments.Tests.AutoML;

/// <summary>Synthetic objectives with known optima, and a sequential/parallel driver for any tuner.</summary>
internal static class Objectives
{
    /// <summary>Branin on x ∈ [−5, 10], y ∈ [0, 15]; global minimum 0.397887 at three points.</summary>
    public const double BraninMinimum = 0.397887357729739;

    public static SearchSpace BraninSpace { get; } = new(new FloatParameter("x", -5, 10), new FloatParameter("y", 0, 15));

    public static double Branin(ParameterSet p)
    {
        double x = p.GetDouble("x"), y = p.GetDouble("y");
        const double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
        return Math.Pow(y - b * x * x + c * x - 6, 2) + 10 * (1 - t) * Math.Cos(x) + 10;
    }

    /// <summary>Shifted quadratic on d floats in [0, 1]: minimum 0 at (0.3, 0.7, 0.3, ...).</summary>
    public static SearchSpace QuadraticSpace(int d) =>
        new(Enumerable.Range(0, d).Select(i => (Parameter)new FloatParameter($"x{i}", 0, 1)));

    public static double Quadratic(ParameterSet p) =>
        p.Select((kv, i) => Math.Pow(kv.Value.AsDouble() - (i % 2 == 0 ? 0.3 : 0.7), 2)).Sum();

    /// <summary>Runs <paramref name="trials"/> trials, <paramref name="parallel"/> outstanding at a time
    /// (results reported oldest first); returns every (trial, loss).</summary>
    public static List<(Trial Trial, double Metric)> Run(ITuner tuner, Func<Trial, double> objective, int trials,
        int parallel = 1, Func<Trial, double>? cost = null)
    {
        var done = new List<(Trial, double)>();
        var queue = new Queue<Trial>();
        for (var issued = 0; issued < trials || queue.Count > 0;)
        {
            while (issued < trials && queue.Count < parallel && tuner.Propose() is { } trial)
            {
                queue.Enqueue(trial);
                issued++;
            }

            if (queue.Count == 0) break;
            var t = queue.Dequeue();
            var metric = objective(t);
            tuner.Update(TrialResult.Succeeded(t.Id, metric, cost?.Invoke(t) ?? 1));
            done.Add((t, metric));
        }

        return done;
    }
}
