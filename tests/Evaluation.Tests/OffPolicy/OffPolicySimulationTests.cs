using MarketLab.Evaluation.OffPolicy;

namespace MarketLab.Evaluation.Tests.OffPolicy;

/// <summary>
/// Seeded Monte Carlo checks on a contextual bandit with known reward probabilities: 5 context types,
/// 3 actions, a stochastic logging policy and a different (partly deterministic) target policy whose true
/// value V(π) = Σₓ P(x) Σₐ π(a|x) q(x, a) is known exactly. 500 logs of 1,000 rounds each.
/// </summary>
public class OffPolicySimulationTests
{
    private const int Logs = 500, Rounds = 1000;
    private static readonly double[] ContextShare = [0.3, 0.25, 0.2, 0.15, 0.1];
    private static readonly double[][] Q =
    [
        [0.10, 0.30, 0.05], [0.40, 0.20, 0.25], [0.15, 0.15, 0.50], [0.60, 0.35, 0.20], [0.05, 0.10, 0.30],
    ];
    private static readonly double[][] Logging =
    [
        [0.6, 0.2, 0.2], [0.2, 0.5, 0.3], [0.4, 0.4, 0.2], [0.3, 0.3, 0.4], [0.5, 0.3, 0.2],
    ];
    private static readonly double[][] TargetPolicy =
    [
        [0, 1, 0], [0.8, 0.1, 0.1], [0, 0, 1], [1, 0, 0], [0.2, 0.2, 0.6],
    ];

    private static readonly Lazy<Dictionary<OffPolicyEstimator, (double[] Errors, int Covered)>> Results = new(Run);

    private static double TrueValue()
    {
        double v = 0;
        for (int x = 0; x < Q.Length; x++)
            for (int a = 0; a < 3; a++) v += ContextShare[x] * TargetPolicy[x][a] * Q[x][a];
        return v;
    }

    private static Dictionary<OffPolicyEstimator, (double[] Errors, int Covered)> Run()
    {
        var sim = new Simulation(20240611);
        double truth = TrueValue();
        var errors = Enum.GetValues<OffPolicyEstimator>().ToDictionary(e => e, _ => new double[Logs]);
        var covered = Enum.GetValues<OffPolicyEstimator>().ToDictionary(e => e, _ => 0);
        var r = new double[Rounds]; var p = new double[Rounds]; var t = new double[Rounds];
        var qLogged = new double[Rounds]; var qTarget = new double[Rounds];
        for (int log = 0; log < Logs; log++)
        {
            // A good outcome model: the true q plus small noise, fixed for this log.
            var qHat = Q.Select(row => row.Select(q => q + sim.Normal(0, 0.02)).ToArray()).ToArray();
            for (int i = 0; i < Rounds; i++)
            {
                int x = Draw(sim, ContextShare), a = Draw(sim, Logging[x]);
                r[i] = sim.Bernoulli(Q[x][a]);
                p[i] = Logging[x][a];
                t[i] = TargetPolicy[x][a];
                qLogged[i] = qHat[x][a];
                qTarget[i] = TargetPolicy[x][0] * qHat[x][0] + TargetPolicy[x][1] * qHat[x][1] + TargetPolicy[x][2] * qHat[x][2];
            }
            var all = OffPolicyEvaluation.EstimateAll(LoggedFeedback.Create(r, p, t), OutcomePredictions.Create(qLogged, qTarget));
            foreach (var e in all)
            {
                errors[e.Estimator][log] = e.Value - truth;
                if (e.Interval.Contains(truth)) covered[e.Estimator]++;
            }
        }
        return errors.Keys.ToDictionary(e => e, e => (errors[e], covered[e]));
    }

    private static int Draw(Simulation sim, double[] probabilities)
    {
        double u = sim.Uniform(), cumulative = 0;
        for (int k = 0; k < probabilities.Length - 1; k++)
        {
            cumulative += probabilities[k];
            if (u < cumulative) return k;
        }
        return probabilities.Length - 1;
    }

    private static (double Mean, double Variance) Moments(double[] v)
    {
        double mean = v.Average();
        return (mean, v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
    }

    [Theory]
    [InlineData(OffPolicyEstimator.InversePropensityScoring)]
    [InlineData(OffPolicyEstimator.SelfNormalizedInversePropensityScoring)]
    [InlineData(OffPolicyEstimator.DoublyRobust)]
    public void MeanErrorIsWithinTwoStandardErrorsOfZero(OffPolicyEstimator estimator)
    {
        var (mean, variance) = Moments(Results.Value[estimator].Errors);
        double se = Math.Sqrt(variance / Logs);
        Assert.True(Math.Abs(mean) < 2 * se, $"{estimator}: mean error {mean:G4}, 2 SE = {2 * se:G4}");
    }

    [Fact]
    public void DoublyRobustWithAGoodModelHasTheSmallestVarianceOfTheUnbiasedEstimators()
    {
        double dr = Moments(Results.Value[OffPolicyEstimator.DoublyRobust].Errors).Variance;
        double ips = Moments(Results.Value[OffPolicyEstimator.InversePropensityScoring].Errors).Variance;
        double snips = Moments(Results.Value[OffPolicyEstimator.SelfNormalizedInversePropensityScoring].Errors).Variance;
        Assert.True(dr < snips && dr < ips, $"variances: DR {dr:G4}, SNIPS {snips:G4}, IPS {ips:G4}");
    }

    [Theory]
    [InlineData(OffPolicyEstimator.InversePropensityScoring)]
    [InlineData(OffPolicyEstimator.SelfNormalizedInversePropensityScoring)]
    [InlineData(OffPolicyEstimator.DoublyRobust)]
    public void NormalIntervalCoverageIsNearNominal(OffPolicyEstimator estimator)
    {
        // 95% nominal; with 500 logs the binomial SD of the coverage is about 1%, so [0.92, 0.98] is ±3 SD.
        double coverage = Results.Value[estimator].Covered / (double)Logs;
        Assert.InRange(coverage, 0.92, 0.98);
    }

    [Fact]
    public void StandardErrorMatchesTheSpreadOfEstimates()
    {
        // The reported SE of IPS (one log) should be close to the SD of IPS across logs.
        double sd = Math.Sqrt(Moments(Results.Value[OffPolicyEstimator.InversePropensityScoring].Errors).Variance);
        var sim = new Simulation(5);
        var r = new double[Rounds]; var p = new double[Rounds]; var t = new double[Rounds];
        for (int i = 0; i < Rounds; i++)
        {
            int x = Draw(sim, ContextShare), a = Draw(sim, Logging[x]);
            r[i] = sim.Bernoulli(Q[x][a]); p[i] = Logging[x][a]; t[i] = TargetPolicy[x][a];
        }
        double se = OffPolicyEvaluation.InversePropensityScoring(LoggedFeedback.Create(r, p, t)).StandardError;
        Assert.InRange(se / sd, 0.8, 1.25);
    }
}
