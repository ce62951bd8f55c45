namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// The meta-learner of a stacked ensemble (Wolpert 1992, "Stacked generalization"; the logistic combiner of
/// AutoGluon's and H2O's stacked ensembles): an L2-penalised logistic regression on the members' logits,
/// p = σ(b + Σ w_m logit(p_m)), fitted by Newton's method (iteratively reweighted least squares) with the penalty
/// λ/2 ‖w‖² on the weights only (the intercept is free, as scikit-learn's lbfgs solver with C = 1/λ).
/// <para>Multiclass (<see cref="ClassIntercepts"/> set, <see cref="FitMulticlass"/>): the same model over C classes is a
/// logarithmic opinion pool (Genest &amp; Zidek, Statistical Science 1986; Heskes, NIPS 1998, "Selecting weighting
/// factors in logarithmic opinion pools"), p(c) ∝ exp(b_c + Σ w_m log p_m(c)), one weight per member shared by the
/// classes and one intercept per class (b_0 = 0). With two classes it is the binary stacker above.</para>
/// </summary>
public sealed record LogisticStacker(double Intercept, IReadOnlyList<double> Weights)
{
    /// <summary>Multiclass: each class's intercept b_c in key order (the first is 0); null for the binary stacker.</summary>
    public IReadOnlyList<double>? ClassIntercepts { get; init; }

    /// <summary>Probabilities are clamped to [ε, 1 − ε] before the logit, so a member's 0 or 1 stays finite.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>The stacked probability of one row from the members' probabilities.</summary>
    public double Predict(ReadOnlySpan<double> memberProbabilities)
    {
        var columns = new IReadOnlyList<double>[memberProbabilities.Length];
        for (var m = 0; m < columns.Length; m++) columns[m] = [memberProbabilities[m]];
        return Predict(columns, 0);
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

    /// <summary>Multiclass: the pooled class probabilities of row <paramref name="row"/> of member columns
    /// (<paramref name="probabilities"/>[m][row · width + c], <see cref="ValidationPredictions.Fold"/>'s layout).</summary>
    /// <exception cref="InvalidOperationException">The stacker is binary.</exception>
    public double[] PredictClasses(IReadOnlyList<IReadOnlyList<float>> probabilities, int row)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var b = ClassIntercepts ?? throw new InvalidOperationException("This stacker is binary: use Predict.");
        if (probabilities.Count != Weights.Count)
            throw new ArgumentException($"{probabilities.Count} member columns for {Weights.Count} weights.", nameof(probabilities));
        var scores = new double[b.Count];
        for (var c = 0; c < scores.Length; c++)
        {
            var z = b[c];
            for (var m = 0; m < Weights.Count; m++) z += Weights[m] * LogClamped(probabilities[m][row * b.Count + c]);
            scores[c] = z;
        }

        Softmax(scores);
        return scores;
    }

    /// <summary>
    /// Fits the multiclass stacker (maximum likelihood with the penalty λ/2 ‖w‖² + μ/2 Σ_{c≥1} b_c², μ =
    /// <paramref name="interceptPenalty"/>, which keeps the intercept of a class absent from the rows finite) by Newton's
    /// method with step halving, from equal weights 1 / M and zero intercepts.
    /// </summary>
    /// <param name="probabilities">Per member, its class probabilities on every row, <paramref name="width"/> per row.</param>
    /// <param name="keys">The rows' label keys (1-based, as ML.NET's; 0 = missing, such rows are skipped).</param>
    /// <param name="width">The number of classes.</param>
    /// <param name="rows">Which rows to fit on (all when null).</param>
    /// <param name="lambda">The L2 penalty on the weights (> 0).</param>
    /// <param name="interceptPenalty">The L2 penalty on the intercepts (≥ 0).</param>
    public static LogisticStacker FitMulticlass(IReadOnlyList<IReadOnlyList<float>> probabilities, IReadOnlyList<uint> keys, int width,
        IReadOnlyList<int>? rows = null, double lambda = 1.0, double interceptPenalty = 1e-4)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(keys);
        if (!(lambda > 0) || !double.IsFinite(lambda)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "The penalty must be a positive number.");
        if (!(interceptPenalty >= 0) || !double.IsFinite(interceptPenalty)) throw new ArgumentOutOfRangeException(nameof(interceptPenalty), interceptPenalty, "Must be >= 0.");
        if (width < 2) throw new ArgumentOutOfRangeException(nameof(width), width, "At least two classes.");
        var members = probabilities.Count;
        if (members == 0) throw new ArgumentException("No member to stack.", nameof(probabilities));
        var at = (rows ?? Enumerable.Range(0, keys.Count).ToArray()).Where(i => keys[i] >= 1 && keys[i] <= width).ToArray();
        var n = at.Length;
        // log p_m(c) per fitted row: [i][m * width + c].
        var logs = new double[n][];
        for (var i = 0; i < n; i++)
        {
            logs[i] = new double[members * width];
            for (var m = 0; m < members; m++)
                for (var c = 0; c < width; c++) logs[i][m * width + c] = LogClamped(probabilities[m][at[i] * width + c]);
        }

        // Parameters: b_1 .. b_{C-1} (indices 0 .. C-2), then w_1 .. w_M.
        var nb = width - 1;
        var dim = nb + members;
        var theta = new double[dim];
        for (var m = 0; m < members; m++) theta[nb + m] = 1.0 / members;

        double Objective(double[] t, double[]? gradient, double[,]? hessian)
        {
            var loss = 0.0;
            var scores = new double[width];
            var lbar = new double[members];
            for (var i = 0; i < n; i++)
            {
                var l = logs[i];
                for (var c = 0; c < width; c++)
                {
                    var z = c == 0 ? 0 : t[c - 1];
                    for (var m = 0; m < members; m++) z += t[nb + m] * l[m * width + c];
                    scores[c] = z;
                }

                var y = (int)keys[at[i]] - 1;
                var max = scores.Max();
                var sum = 0.0;
                for (var c = 0; c < width; c++) sum += Math.Exp(scores[c] - max);
                loss -= scores[y] - max - Math.Log(sum);
                if (gradient is null) continue;
                for (var c = 0; c < width; c++) scores[c] = Math.Exp(scores[c] - max) / sum; // π_c
                Array.Clear(lbar);
                for (var m = 0; m < members; m++)
                    for (var c = 0; c < width; c++) lbar[m] += scores[c] * l[m * width + c];
                // Gradient of the negative log-likelihood: Σ_c (π_c − y_c) φ_c with φ_c = (e_c for c ≥ 1, log p_·(c)).
                for (var c = 1; c < width; c++) gradient[c - 1] += scores[c] - (c == y ? 1 : 0);
                for (var m = 0; m < members; m++) gradient[nb + m] += lbar[m] - l[m * width + y];
                // Hessian: Σ_c π_c φ_c φ_cᵀ − φ̄ φ̄ᵀ, φ̄ = Σ_c π_c φ_c, by blocks.
                for (var c = 1; c < width; c++)
                {
                    hessian![c - 1, c - 1] += scores[c];
                    for (var d = 1; d <= c; d++) hessian[c - 1, d - 1] -= scores[c] * scores[d];
                    for (var m = 0; m < members; m++) hessian[nb + m, c - 1] += scores[c] * (l[m * width + c] - lbar[m]);
                }

                for (var m = 0; m < members; m++)
                    for (var k = 0; k <= m; k++)
                    {
                        var s = 0.0;
                        for (var c = 0; c < width; c++) s += scores[c] * l[m * width + c] * l[k * width + c];
                        hessian![nb + m, nb + k] += s - lbar[m] * lbar[k];
                    }
            }

            for (var j = 0; j < dim; j++)
            {
                var penalty = j < nb ? interceptPenalty : lambda;
                loss += penalty / 2 * t[j] * t[j];
                if (gradient is null) continue;
                gradient[j] += penalty * t[j];
                hessian![j, j] += penalty;
            }

            return loss;
        }

        var current = Objective(theta, null, null);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var gradient = new double[dim];
            var hessian = new double[dim, dim];
            Objective(theta, gradient, hessian);
            for (var j = 0; j < dim; j++)
                for (var k = j + 1; k < dim; k++) hessian[j, k] = hessian[k, j];
            var step = Solve(hessian, gradient);
            // Step halving: Newton's full step can overshoot while the intercept of a rare class runs off.
            var scale = 1.0;
            double[] next;
            double value;
            do
            {
                next = theta.Select((v, j) => v - scale * step[j]).ToArray();
                value = Objective(next, null, null);
                scale /= 2;
            }
            while (value > current && scale > 1e-10);
            var size = step.Max(Math.Abs) * scale * 2;
            if (value > current) break; // no decrease along the Newton direction: at the optimum to rounding
            (theta, current) = (next, value);
            if (size < 1e-10) break;
        }

        return new LogisticStacker(0, theta.Skip(nb).ToArray()) { ClassIntercepts = [0.0, .. theta.Take(nb)] };
    }

    /// <summary>log(max(p, ε)): a member's 0 stays finite.</summary>
    internal static double LogClamped(double p) => Math.Log(Math.Max(p, Epsilon));

    private static void Softmax(double[] scores)
    {
        var max = scores.Max();
        var sum = 0.0;
        for (var c = 0; c < scores.Length; c++) sum += scores[c] = Math.Exp(scores[c] - max);
        for (var c = 0; c < scores.Length; c++) scores[c] /= sum;
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
