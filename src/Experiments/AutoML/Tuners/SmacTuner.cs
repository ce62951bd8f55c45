using MarketLab.Evaluation.Distributions;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;

namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>
/// SMAC-style model-based search (Hutter, Hoos &amp; Leyton-Brown, "Sequential Model-Based Optimization for
/// General Algorithm Configuration", LION 2011): a random-forest surrogate of the loss over unit-cube
/// vectors, and the next point maximises expected improvement, searched by random sampling plus local
/// search from the best observed points (§4.3), with a fraction of purely random proposals interleaved.
/// </summary>
/// <remarks>
/// Initial design: the default point, then random points. Failed trials are imputed with the worst
/// observed loss (SMAC's treatment of crashed runs as maximally bad). Parallel proposals use the
/// constant liar (Ginsbourger, Le Riche &amp; Carraro, 2010): outstanding points join the training set at
/// the mean observed loss, so the surrogate's uncertainty there shrinks and EI looks elsewhere.
/// </remarks>
public sealed class SmacTuner : ITuner
{
    private const int LocalSteps = 10, Neighbours = 20, MaxDraws = 100;
    private readonly SearchSpace _space;
    private readonly SmacOptions _options;
    private readonly Random _random;
    private readonly TrialLedger<double[]> _ledger;
    private readonly List<(double[] Point, double Loss)> _history = [];
    private readonly int _initialTrials;

    /// <summary>Creates the tuner.</summary>
    public SmacTuner(SearchSpace space, SmacOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        _options = options ?? new SmacOptions();
        _options.Validate();
        _space = space;
        _random = new Random(_options.Seed);
        _ledger = new(_options.Goal);
        _initialTrials = _options.InitialTrials > 0 ? _options.InitialTrials : Math.Max(4, space.Dimension + 1);
    }

    /// <inheritdoc />
    public Trial? Propose()
    {
        double[] point;
        if (_ledger.Proposed == 0) point = _space.ToVector(_space.Default);
        else if (_ledger.Proposed < _initialTrials || !_history.Any(h => double.IsFinite(h.Loss))
                 || _random.NextDouble() < _options.RandomProbability) point = RandomUnseen();
        else point = MaximiseExpectedImprovement() ?? RandomUnseen();
        var parameters = _space.ToParameters(point);
        return _ledger.Issue(parameters, _space.ToVector(parameters));
    }

    /// <inheritdoc />
    public void Update(TrialResult result)
    {
        var (point, loss) = _ledger.Complete(result);
        _history.Add((point, loss));
    }

    private double[] RandomUnseen()
    {
        var point = _space.SampleVector(_random);
        for (var i = 1; i < MaxDraws && _ledger.Seen(_space.ToParameters(point)); i++) point = _space.SampleVector(_random);
        return point;
    }

    private double[]? MaximiseExpectedImprovement()
    {
        if (_space.Dimension == 0) return null;
        var finite = _history.Where(h => double.IsFinite(h.Loss)).Select(h => h.Loss).ToArray();
        var (min, worst) = (finite.Min(), finite.Max());
        // Model log(loss − min + δ) rather than the loss: it keeps a few very bad points from flattening the
        // surrogate near the optimum (SMAC's log-transformed costs; Hutter et al. LION 2011, §4.1).
        var offset = 1e-3 * (worst - min) + 1e-12;
        double Transform(double loss) => Math.Log(loss - min + offset);
        var best = Transform(min);
        var liar = finite.Average(Transform);
        var x = new List<double[]>();
        var y = new List<double>();
        foreach (var (point, loss) in _history) { x.Add(point); y.Add(Transform(double.IsFinite(loss) ? loss : worst)); }
        foreach (var point in _ledger.Pending) { x.Add(point); y.Add(liar); }
        var forest = RandomForestSurrogate.Fit(x, y, _options.Trees, _random);

        double[]? argmax = null;
        var max = double.NegativeInfinity;
        void Consider(double[] candidate, double ei)
        {
            if (ei > max && !_ledger.Seen(_space.ToParameters(candidate))) (argmax, max) = (candidate, ei);
        }

        for (var i = 0; i < _options.RandomCandidates; i++)
        {
            var c = _space.SampleVector(_random);
            Consider(c, ExpectedImprovement(forest, c, best));
        }

        var starts = _history.Where(h => double.IsFinite(h.Loss)).OrderBy(h => h.Loss).Take(_options.LocalSearchStarts);
        foreach (var (start, _) in starts)
        {
            var (current, currentEi) = (start, ExpectedImprovement(forest, start, best));
            for (var step = 0; step < LocalSteps; step++)
            {
                var (next, nextEi) = (current, currentEi);
                for (var j = 0; j < Neighbours; j++)
                {
                    var n = Neighbour(current, step);
                    var ei = ExpectedImprovement(forest, n, best);
                    Consider(n, ei);
                    if (ei > nextEi) (next, nextEi) = (n, ei);
                }

                if (ReferenceEquals(next, current)) break;
                (current, currentEi) = (next, nextEi);
            }
        }

        return argmax;
    }

    /// <summary>A neighbour: alternately one coordinate moved (SMAC's one-exchange neighbourhood) or all
    /// coordinates jittered, with a Gaussian step that shrinks as the local search proceeds.</summary>
    private double[] Neighbour(double[] point, int step)
    {
        var n = (double[])point.Clone();
        var sigma = 0.2 / (1 + step);
        if (_random.Next(2) == 0)
        {
            var i = _random.Next(n.Length);
            n[i] = Math.Clamp(n[i] + sigma * Gaussian(), 0, 1);
        }
        else
        {
            for (var i = 0; i < n.Length; i++) n[i] = Math.Clamp(n[i] + 0.5 * sigma * Gaussian(), 0, 1);
        }

        return n;
    }

    private double Gaussian() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    /// <summary>EI(x) = (f* − μ)Φ(z) + σφ(z), z = (f* − μ)/σ, for minimisation (Jones, Schonlau &amp; Welch 1998, eq. 15).</summary>
    private static double ExpectedImprovement(RandomForestSurrogate forest, double[] point, double best)
    {
        var (mean, variance) = forest.Predict(point);
        var sigma = Math.Sqrt(variance);
        var gap = best - mean;
        if (sigma < 1e-12) return Math.Max(gap, 0);
        var z = gap / sigma;
        if (z < -30) return 0;    // Φ(z) and φ(z) underflow; EI is negligible
        if (z > 30) return gap;   // Φ(z) = 1, φ(z) = 0
        return gap * Normal.Cdf(z) + sigma * Normal.Pdf(z);
    }
}
