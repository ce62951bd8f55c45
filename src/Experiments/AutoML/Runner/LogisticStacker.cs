namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// The meta-learner of a stacked ensemble (Wolpert 1992, "Stacked generalization"; the logistic combiner of
/// AutoGluon's and H2O's stacked ensembles): an L2-penalised logistic regression on the members' logits,
/// p = σ(b + Σ w_m logit(p_m)), fitted by Newton's method (iteratively reweighted least squares) with the penalty
/// λ/2 ‖w‖² on the weights only (the intercept is free, as scikit-learn's lbfgs solver with C = 1/λ).
/// </summary>
public sealed record LogisticStacker(double Intercept, IReadOnlyList<double> Weights)
{
    /// <summary>Probabilities are clamped to [ε, 1 − ε] before the logit, so a member's 0 or 1 stays finite.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>The stacked probability of one row from the members' probabilities.</summary>
    public double Predict(ReadOnlySpan<double> memberProbabilities)
    {
        if (memberProbabilities.Length != Weights.Count)
            throw new ArgumentException($"{memberProbabilities.Length} member probabilities for {Weights.Count} weights.", nameof(memberProbabilities));
        var z = Intercept;
        for (var m = 0; m < Weights.Count; m++) z += Weights[m] * Logit(memberProbabilities[m]);
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>The stacked probability of row <paramref name="row"/> of member columns (<paramref name="probabilities"/>[m][i], as <see cref="Fit"/> reads them).</summary>
    public double Predict(IReadOnlyList<IReadOnlyList<double>> probabilities, int row)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Count != Weights.Count)
            throw new ArgumentException($"{probabilities.Count} member columns for {Weights.Count} weights.", nameof(probabilities));
        var z = Intercept;
        for (var m = 0; m < Weights.Count; m++) z += Weights[m] * Logit(probabilities[m][row]);
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>logit(clamp(p, ε, 1 − ε)).</summary>
    public static double Logit(double p)
    {
        var q = Math.Clamp(p, Epsilon, 1 - Epsilon);
        return Math.Log(q / (1 - q));
    }

    /// <summary>Fits the stacker to rows of member probabilities (<paramref name="probabilities"/>[m][i]) and labels.</summary>
    /// <param name="probabilities">Per member, its probability on every row.</param>
    /// <param name="labels">The rows' labels.</param>
    /// <param name="rows">Which rows to fit on (all when null).</param>
    /// <param name="lambda">The L2 penalty on the weights (> 0).</param>
    public static LogisticStacker Fit(IReadOnlyList<IReadOnlyList<double>> probabilities, IReadOnlyList<bool> labels, IReadOnlyList<int>? rows = null, double lambda = 1.0)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        if (!(lambda > 0) || !double.IsFinite(lambda)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "The penalty must be a positive number.");
        var members = probabilities.Count;
        if (members == 0) throw new ArgumentException("No member to stack.", nameof(probabilities));
        var at = rows ?? Enumerable.Range(0, labels.Count).ToArray();
        var n = at.Count;
        var dim = members + 1; // column 0: the intercept
        var x = new double[n, dim];
        for (var i = 0; i < n; i++)
        {
            x[i, 0] = 1;
            for (var m = 0; m < members; m++) x[i, m + 1] = Logit(probabilities[m][at[i]]);
        }

        var beta = new double[dim];
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var gradient = new double[dim];
            var hessian = new double[dim, dim];
            for (var i = 0; i < n; i++)
            {
                var z = 0.0;
                for (var j = 0; j < dim; j++) z += x[i, j] * beta[j];
                var p = 1 / (1 + Math.Exp(-z));
                var residual = p - (labels[at[i]] ? 1 : 0);
                var w = p * (1 - p);
                for (var j = 0; j < dim; j++)
                {
                    gradient[j] += residual * x[i, j];
                    for (var k = 0; k <= j; k++) hessian[j, k] += w * x[i, j] * x[i, k];
                }
            }

            for (var j = 1; j < dim; j++)
            {
                gradient[j] += lambda * beta[j];
                hessian[j, j] += lambda;
            }

            for (var j = 0; j < dim; j++)
                for (var k = j + 1; k < dim; k++) hessian[j, k] = hessian[k, j];
            var step = Solve(hessian, gradient);
            var size = 0.0;
            for (var j = 0; j < dim; j++)
            {
                beta[j] -= step[j];
                size = Math.Max(size, Math.Abs(step[j]));
            }

            if (size < 1e-10) break;
        }

        return new LogisticStacker(beta[0], beta.Skip(1).ToArray());
    }

    // Gaussian elimination with partial pivoting on a small symmetric positive-definite system (the intercept's
    // diagonal is positive whenever some row has 0 < p < 1, which Newton's iterates keep).
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var y = (double[])b.Clone();
        for (var c = 0; c < n; c++)
        {
            var pivot = c;
            for (var r = c + 1; r < n; r++)
                if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c])) pivot = r;
            if (m[pivot, c] == 0) throw new InvalidOperationException("The stacker's Newton system is singular.");
            if (pivot != c)
            {
                for (var k = 0; k < n; k++) (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
                (y[c], y[pivot]) = (y[pivot], y[c]);
            }

            for (var r = c + 1; r < n; r++)
            {
                var f = m[r, c] / m[c, c];
                if (f == 0) continue;
                for (var k = c; k < n; k++) m[r, k] -= f * m[c, k];
                y[r] -= f * y[c];
            }
        }

        var result = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var s = y[r];
            for (var k = r + 1; k < n; k++) s -= m[r, k] * result[k];
            result[r] = s / m[r, r];
        }

        return result;
    }
}
