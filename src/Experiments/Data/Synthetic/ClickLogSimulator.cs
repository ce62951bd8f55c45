namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>
/// A seeded contextual-bandit click log (in the spirit of obp's <c>SyntheticBanditDataset</c>): standard-normal
/// contexts, click probabilities q(x, a) = σ(θₐ·x + bₐ) and a stochastic softmax logging policy.
/// </summary>
/// <remarks>
/// Draw order from one <see cref="Random"/> seeded with the seed: first the parameters (for each action its
/// intercept bₐ ~ N(−1.5, 0.5²), then θₐ ~ N(0, 0.5²) per feature), then per round the context's normals,
/// the action (inverse CDF on one uniform) and the click (one uniform). The logging policy is
/// softmax(logit q(x, ·)/T), so it favours good actions but takes every action with positive probability.
/// </remarks>
public static class ClickLogSimulator
{
    /// <summary>Simulates a click log.</summary>
    /// <param name="options">Settings; defaults to 10,000 rounds, 5 actions, 3 features, T = 2, seed 0.</param>
    public static ClickLog Generate(ClickLogOptions? options = null)
    {
        options ??= new ClickLogOptions();
        var random = new Random(options.Seed);
        int k = options.Actions, d = options.Features;
        var intercept = new double[k];
        var theta = new double[k][];
        for (int a = 0; a < k; a++)
        {
            intercept[a] = -1.5 + 0.5 * Gaussian(random);
            theta[a] = Enumerable.Range(0, d).Select(_ => 0.5 * Gaussian(random)).ToArray();
        }

        var rounds = new ClickRound[options.Rounds];
        for (int i = 0; i < rounds.Length; i++)
        {
            double[] x = Enumerable.Range(0, d).Select(_ => Gaussian(random)).ToArray();
            var logits = new double[k];
            for (int a = 0; a < k; a++)
            {
                logits[a] = intercept[a];
                for (int j = 0; j < d; j++) logits[a] += theta[a][j] * x[j];
            }
            double[] q = logits.Select(l => 1 / (1 + Math.Exp(-l))).ToArray();
            double max = logits.Max();
            double[] weights = logits.Select(l => Math.Exp((l - max) / options.LoggingTemperature)).ToArray();
            double total = weights.Sum();
            double[] pi0 = weights.Select(w => w / total).ToArray();

            double u = random.NextDouble(), cumulative = 0;
            int action = k - 1;
            for (int a = 0; a < k - 1; a++)
            {
                cumulative += pi0[a];
                if (u < cumulative) { action = a; break; }
            }
            double reward = random.NextDouble() < q[action] ? 1 : 0;
            rounds[i] = new ClickRound(Array.AsReadOnly(x), action, reward, pi0[action], Array.AsReadOnly(pi0), Array.AsReadOnly(q));
        }
        return new ClickLog(Array.AsReadOnly(rounds), options);
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
