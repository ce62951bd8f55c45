using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Data;

/// <summary>A metric or covariate token that does not parse; <see cref="Option"/> names where it came from.</summary>
public sealed class MetricSyntaxException(string option, string detail) : ArgumentException($"{option}: {detail}")
{
    /// <summary>The option or spec key the token came from (<c>--metric</c>, <c>evaluation.metrics</c>, ...).</summary>
    public string Option { get; } = option;

    /// <summary>What is wrong, without the option.</summary>
    public string Detail { get; } = detail;
}

/// <summary>
/// The one reader of the A/B metric syntax (docs/ab-cli.md), for <c>marketlab ab</c> and the <c>ab</c> spec candidate
/// alike: metrics <c>NAME:proportion|mean[:COLUMN]</c> or <c>NAME:ratio:NUM/DEN</c>, covariates <c>METRIC=COLUMN</c> or
/// <c>METRIC=PRENUM/PREDEN</c> (CUPED). Errors name the option and the token.
/// </summary>
public static class UnitLogMetricSyntax
{
    private static readonly string[] Kinds = ["proportion", "mean", "ratio"];

    /// <summary>One metric token.</summary>
    public static (string Name, MetricKind Kind, string[] Columns) ParseMetric(string token, string option = "--metric")
    {
        string[] parts = token.Split(':');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Trim().Length == 0))
            throw new MetricSyntaxException(option, $"'{token}' is not NAME:KIND[:COLUMN] or NAME:ratio:NUM/DEN (e.g. conversion:proportion, revenue:mean:rev, ctr:ratio:clicks/impressions); kinds: {string.Join(", ", Kinds)}");
        string name = parts[0].Trim();
        MetricKind kind = parts[1].Trim().ToLowerInvariant() switch
        {
            "proportion" => MetricKind.Proportion,
            "mean" => MetricKind.Mean,
            "ratio" => MetricKind.Ratio,
            _ => throw new MetricSyntaxException(option, $"'{token}' has unknown kind '{parts[1]}'; allowed: {string.Join(", ", Kinds)}"),
        };
        if (kind == MetricKind.Ratio)
        {
            if (parts.Length != 3)
                throw new MetricSyntaxException(option, $"'{token}' is a ratio and needs numerator/denominator columns, as in {name}:ratio:clicks/impressions");
            return (name, kind, SplitPair(option, token, parts[2], "numerator/denominator"));
        }

        string column = parts.Length == 3 ? parts[2].Trim() : name;
        if (column.Contains('/'))
            throw new MetricSyntaxException(option, $"'{token}': only ratio metrics take NUM/DEN columns; a {parts[1]} metric takes one column");
        return (name, kind, [column]);
    }

    /// <summary>The metric definitions of <paramref name="metricTokens"/>, with the CUPED covariates of <paramref name="covariateTokens"/>.</summary>
    public static IReadOnlyList<UnitLogMetric> Parse(IReadOnlyList<string> metricTokens, IReadOnlyList<string> covariateTokens,
        string metricOption = "--metric", string covariateOption = "--covariate")
    {
        if (metricTokens.Count == 0) throw new MetricSyntaxException(metricOption, "at least one metric is required, e.g. conversion:proportion");
        var parsed = new List<(string Name, MetricKind Kind, string[] Columns)>();
        foreach (string token in metricTokens)
        {
            var metric = ParseMetric(token, metricOption);
            if (parsed.Any(p => p.Name == metric.Name)) throw new MetricSyntaxException(metricOption, $"'{token}' repeats the metric name '{metric.Name}'");
            parsed.Add(metric);
        }

        var covariates = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string token in covariateTokens)
        {
            int eq = token.IndexOf('=');
            if (eq <= 0 || eq == token.Length - 1)
                throw new MetricSyntaxException(covariateOption, $"'{token}' is not METRIC=COLUMN (or METRIC=PRENUM/PREDEN for a ratio)");
            string name = token[..eq].Trim();
            int index = parsed.FindIndex(p => p.Name == name);
            if (index < 0)
                throw new MetricSyntaxException(covariateOption, $"'{token}' names metric '{name}', which no {metricOption} defines; metrics: {string.Join(", ", parsed.Select(p => p.Name))}");
            if (covariates.ContainsKey(name)) throw new MetricSyntaxException(covariateOption, $"'{token}' gives metric '{name}' a second covariate");
            string value = token[(eq + 1)..];
            covariates[name] = parsed[index].Kind == MetricKind.Ratio
                ? SplitPair(covariateOption, token, value, "PRENUM/PREDEN")
                : value.Contains('/')
                    ? throw new MetricSyntaxException(covariateOption, $"'{token}': metric '{name}' is a {parsed[index].Kind.ToString().ToLowerInvariant()} and takes one covariate column")
                    : [value.Trim()];
        }

        var metrics = new List<UnitLogMetric>();
        foreach (var (name, kind, columns) in parsed)
        {
            string[]? pre = covariates.GetValueOrDefault(name);
            metrics.Add(kind switch
            {
                MetricKind.Proportion => UnitLogMetric.Proportion(name, columns[0], pre?[0]),
                MetricKind.Mean => UnitLogMetric.Mean(name, columns[0], pre?[0]),
                _ => UnitLogMetric.Ratio(name, columns[0], columns[1], pre?[0], pre?[1]),
            });
        }

        return metrics;
    }

    private static string[] SplitPair(string option, string token, string value, string what)
    {
        string[] pair = value.Split('/');
        if (pair.Length != 2 || pair.Any(p => p.Trim().Length == 0))
            throw new MetricSyntaxException(option, $"'{token}': '{value}' is not {what} (two column names separated by '/')");
        return [pair[0].Trim(), pair[1].Trim()];
    }
}
