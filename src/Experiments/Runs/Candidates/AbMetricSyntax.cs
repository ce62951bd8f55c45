using MarketLab.Evaluation.Data;

namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>
/// Reads a spec's A/B metrics in the syntax of <c>marketlab ab</c> (docs/ab-cli.md): <c>NAME:proportion|mean[:COLUMN]</c>,
/// <c>NAME:ratio:NUM/DEN</c>, and covariates <c>METRIC=COLUMN</c> or <c>METRIC=PRENUM/PREDEN</c>.
/// </summary>
internal static class AbMetricSyntax
{
    public static IReadOnlyList<UnitLogMetric> Parse(IReadOnlyList<string> metrics, IReadOnlyList<string> covariates, bool useCovariates)
    {
        if (metrics.Count == 0) throw new ArgumentException("evaluation.metrics: an A/B test needs at least one metric, e.g. conversion:proportion:converted.");
        var pre = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string token in useCovariates ? covariates : [])
        {
            int eq = token.IndexOf('=');
            if (eq <= 0 || eq == token.Length - 1) throw new ArgumentException($"evaluation.covariates: '{token}' is not METRIC=COLUMN or METRIC=PRENUM/PREDEN.");
            if (!pre.TryAdd(token[..eq].Trim(), token[(eq + 1)..].Split('/').Select(s => s.Trim()).ToArray()))
                throw new ArgumentException($"evaluation.covariates: '{token}' gives metric '{token[..eq]}' a second covariate.");
        }
        var result = new List<UnitLogMetric>();
        foreach (string token in metrics)
        {
            string[] parts = token.Split(':').Select(p => p.Trim()).ToArray();
            if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
                throw new ArgumentException($"evaluation.metrics: '{token}' is not NAME:KIND[:COLUMN] or NAME:ratio:NUM/DEN; kinds: proportion, mean, ratio.");
            string name = parts[0], column = parts.Length == 3 ? parts[2] : name;
            string[]? covariate = pre.GetValueOrDefault(name);
            pre.Remove(name);
            result.Add(parts[1] switch
            {
                "proportion" => UnitLogMetric.Proportion(name, column, covariate?[0]),
                "mean" => UnitLogMetric.Mean(name, column, covariate?[0]),
                "ratio" when column.Split('/') is [var num, var den] && covariate is null or [_, _] =>
                    UnitLogMetric.Ratio(name, num, den, covariate?[0], covariate?[1]),
                "ratio" => throw new ArgumentException($"evaluation: ratio metric '{token}' needs NUM/DEN columns (and a PRENUM/PREDEN covariate, if any)."),
                _ => throw new ArgumentException($"evaluation.metrics: '{token}' has unknown kind '{parts[1]}'; kinds: proportion, mean, ratio."),
            });
        }
        if (pre.Count > 0) throw new ArgumentException($"evaluation.covariates: metric '{pre.Keys.First()}' is not in evaluation.metrics.");
        return result;
    }
}
