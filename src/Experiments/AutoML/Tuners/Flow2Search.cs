using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>
/// FLOW2, the randomised direct search of CFO (Wu, Wang &amp; Huang, "Frugal Optimization for Cost-related
/// Hyperparameters", AAAI 2021, Algorithm 1), on unit-cube vectors, made safe for parallel proposals.
/// Step-size rules follow FLAML's <c>flow2.py</c>, the authors' reference implementation.
/// </summary>
/// <remarks>
/// Algorithm 1: from the incumbent x, sample u uniformly on the unit sphere (line 4); try x + δu (line 5),
/// and if that is not better try x − δu (line 6); otherwise stay (line 7). Because the search starts at
/// the low-cost default and only moves to better points, cost grows only when it pays (the paper's
/// Proposition on bounded cost). Parallel version: a proposal is x + δu for a fresh u unless some earlier
/// +δu of the current incumbent came back worse, in which case its mirror x − δu is proposed first.
/// Step adaptation (§4 "Step-size"): after 2^min(9,d) proposals from one incumbent without improvement δ
/// shrinks by √(k_old / k) (k = proposals so far, k_old = when the incumbent was found); an improvement
/// undoes the last shrink, capped at √d. Restart (§4): once δ is below its lower bound the search has
/// converged locally and restarts from a uniformly random point, keeping the best point found.
/// Unordered choices: a small step rarely crosses a bucket, so each move also redraws every choice
/// coordinate uniformly with probability 1/d, as FLAML does for unordered categorical hyper-parameters.
/// </remarks>
internal sealed class Flow2Search
{
    private const int MaxDraws = 20;
    private const int MaxRestartsPerProposal = 4;
    private readonly SearchSpace _space;
    private readonly Random _random;
    private readonly double _initialStep, _stepUpper, _stepLower;
    private readonly int _directionsPerStep;
    private readonly Queue<double[]> _mirrors = new();
    private readonly Queue<(double[] Point, ParameterSet Parameters)> _starts;
    private readonly int[] _choiceCoordinates;
    private double[] _incumbent;
    private double _incumbentLoss = double.PositiveInfinity;
    private int _epoch, _proposedByIncumbent, _proposed, _completed, _k, _kOld, _kBest = 1;
    private bool _incumbentProposed, _converged;
    private double _step;

    /// <param name="space">The space searched; the first proposal is its low-cost default.</param>
    /// <param name="options">Step-size settings.</param>
    /// <param name="random">Directions and restarts.</param>
    /// <param name="starts">Further starting points (zero-shot configurations, <see cref="Spaces.ZeroShotDefaults"/>),
    /// each proposed once right after the default; the search moves to one when it is better than the incumbent.</param>
    public Flow2Search(SearchSpace space, CfoOptions options, Random random, IEnumerable<ParameterSet>? starts = null)
    {
        _space = space;
        _random = random;
        var d = Math.Max(1, space.Dimension);
        _stepUpper = Math.Sqrt(d);
        _initialStep = Math.Min(options.InitialStep ?? 0.1 * Math.Sqrt(d), _stepUpper);
        _stepLower = options.StepLowerBound;
        _directionsPerStep = 1 << Math.Min(9, d);
        _step = _initialStep;
        _incumbent = space.ToVector(space.Default);
        _choiceCoordinates = space.ChoiceCoordinates().ToArray();
        _starts = new((starts ?? []).Select(p => (space.ToVector(p), p)));
    }

    /// <summary>Best loss seen by this search (over restarts).</summary>
    public double BestLoss { get; private set; } = double.PositiveInfinity;

    /// <summary>Number of restarts so far.</summary>
    public int Restarts { get; private set; }

    /// <summary>The next point; <paramref name="seen"/> rejects configurations already proposed.</summary>
    public Flow2Proposal Propose(Func<ParameterSet, bool> seen)
    {
        if (_converged) Restart();
        for (var attempt = 0; attempt < MaxRestartsPerProposal; attempt++)
        {
            if (!_incumbentProposed)
            {
                _incumbentProposed = true;
                var start = _space.ToParameters(_incumbent);
                if (!seen(start)) return new(_incumbent, start, _epoch, Restarts, null);
            }

            // Proposed as given (decoding the point could move a log-scaled float in its last digits).
            while (_starts.TryDequeue(out var next))
            {
                if (!seen(next.Parameters)) return new(next.Point, next.Parameters, _epoch, Restarts, null);
            }

            for (var draw = 0; draw < MaxDraws; draw++)
            {
                var mirrored = _mirrors.TryDequeue(out var delta);
                delta ??= RandomDirection();
                var point = new double[_incumbent.Length];
                for (var i = 0; i < point.Length; i++)
                    point[i] = Math.Clamp(_incumbent[i] + (mirrored ? -delta[i] : delta[i]), 0, 1);
                foreach (var c in _choiceCoordinates)
                {
                    if (_random.NextDouble() * point.Length < 1) point[c] = _random.NextDouble();
                }

                var parameters = _space.ToParameters(point);
                if (seen(parameters)) continue;
                AdaptStep();
                return new(point, parameters, _epoch, Restarts, mirrored ? null : delta);
            }

            // Every nearby configuration is taken: δ is below the resolution of the discrete parameters.
            Restart();
        }

        // A small discrete space is exhausted: repeat a random configuration rather than fail.
        var fallback = _space.SampleVector(_random);
        return new(fallback, _space.ToParameters(fallback), _epoch, Restarts, null);
    }

    /// <summary>Reports a proposal's loss (+∞ for failed trials: never an improvement).</summary>
    public void Report(Flow2Proposal proposal, double loss)
    {
        _completed++;
        BestLoss = Math.Min(BestLoss, loss);
        // Points proposed before a restart belong to the abandoned region and cannot become the incumbent.
        if (loss < _incumbentLoss && proposal.Generation == Restarts)
        {
            // Improvement: move (Algorithm 1, lines 5-6), grow δ back (FLAML: step *= sqrt(K / oldK)).
            _incumbent = proposal.Point;
            _incumbentLoss = loss;
            _epoch++;
            _mirrors.Clear();
            _proposedByIncumbent = 0;
            if (_k > 0) _step = Math.Min(_step * Math.Sqrt((double)_k / _kOld), _stepUpper);
            _kBest = _completed;
        }
        else if (proposal.Epoch == _epoch && proposal.Direction is { } direction)
        {
            _mirrors.Enqueue(direction); // line 6: x − δu is tried next
        }
    }

    private void AdaptStep()
    {
        _proposed++;
        if (++_proposedByIncumbent < _directionsPerStep) return;
        _proposedByIncumbent -= 2;
        _kOld = _k > 0 ? _k : _kBest;
        _k = _proposed + 1;
        _step *= Math.Sqrt((double)_kOld / _k);
        if (_step < _stepLower) _converged = true; // restart on the next proposal
    }

    private void Restart()
    {
        Restarts++;
        _converged = false;
        _incumbent = _space.SampleVector(_random);
        _incumbentLoss = double.PositiveInfinity;
        _incumbentProposed = false;
        _epoch++;
        _mirrors.Clear();
        _step = _initialStep;
        _proposedByIncumbent = _k = _kOld = 0;
        _kBest = 1;
    }

    /// <summary>δ·u with u uniform on the unit sphere (normalised Gaussian, Box–Muller).</summary>
    private double[] RandomDirection()
    {
        var u = new double[_incumbent.Length];
        double norm;
        do
        {
            for (var i = 0; i < u.Length; i++)
                u[i] = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
            norm = Math.Sqrt(u.Sum(x => x * x));
        }
        while (norm == 0);
        for (var i = 0; i < u.Length; i++) u[i] *= _step / norm;
        return u;
    }
}
