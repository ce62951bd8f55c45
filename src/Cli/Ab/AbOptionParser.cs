using System.Globalization;
using MarketLab.Experiments.Data.Sql;
using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;

namespace MarketLab.Cli.Ab;

/// <summary>Parses the <c>ab</c> verb's textual option values into library types; errors name the option and token.</summary>
internal static class AbOptionParser
{
    private static readonly string[] Kinds = ["proportion", "mean", "ratio"];

    /// <summary>One <c>--metric</c> token: <c>NAME:proportion|mean[:COLUMN]</c> or <c>NAME:ratio:NUM/DEN</c>.</summary>
    public static (string Name, MetricKind Kind, string[] Columns) ParseMetric(string token)
    {
        const string Option = "--metric";
        string[] parts = token.Split(':');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Trim().Length == 0))
            throw new CliInputException(Option, $"'{token}' is not NAME:KIND[:COLUMN] or NAME:ratio:NUM/DEN (e.g. conversion:proportion, revenue:mean:rev, ctr:ratio:clicks/impressions); kinds: {string.Join(", ", Kinds)}");
        string name = parts[0].Trim();
        MetricKind kind = parts[1].Trim().ToLowerInvariant() switch
        {
            "proportion" => MetricKind.Proportion,
            "mean" => MetricKind.Mean,
            "ratio" => MetricKind.Ratio,
            _ => throw new CliInputException(Option, $"'{token}' has unknown kind '{parts[1]}'; allowed: {string.Join(", ", Kinds)}"),
        };
        if (kind == MetricKind.Ratio)
        {
            if (parts.Length != 3)
                throw new CliInputException(Option, $"'{token}' is a ratio and needs numerator/denominator columns, as in {name}:ratio:clicks/impressions");
            return (name, kind, SplitPair(Option, token, parts[2], "numerator/denominator"));
        }
        string column = parts.Length == 3 ? parts[2].Trim() : name;
        if (column.Contains('/'))
            throw new CliInputException(Option, $"'{token}': only ratio metrics take NUM/DEN columns; a {parts[1]} metric takes one column");
        return (name, kind, [column]);
    }

    /// <summary>Builds the metric definitions from <c>--metric</c> and <c>--covariate</c> tokens.</summary>
    public static IReadOnlyList<UnitLogMetric> ParseMetrics(IReadOnlyList<string> metricTokens, IReadOnlyList<string> covariateTokens)
    {
        if (metricTokens.Count == 0) throw new CliInputException("--metric", "at least one metric is required, e.g. --metric conversion:proportion");
        var parsed = new List<(string Name, MetricKind Kind, string[] Columns)>();
        foreach (string token in metricTokens)
        {
            var metric = ParseMetric(token);
            if (parsed.Any(p => p.Name == metric.Name)) throw new CliInputException("--metric", $"'{token}' repeats the metric name '{metric.Name}'");
            parsed.Add(metric);
        }

        var covariates = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string token in covariateTokens)
        {
            const string Option = "--covariate";
            int eq = token.IndexOf('=');
            if (eq <= 0 || eq == token.Length - 1)
                throw new CliInputException(Option, $"'{token}' is not METRIC=COLUMN (or METRIC=PRENUM/PREDEN for a ratio)");
            string name = token[..eq].Trim();
            int index = parsed.FindIndex(p => p.Name == name);
            if (index < 0)
                throw new CliInputException(Option, $"'{token}' names metric '{name}', which no --metric defines; metrics: {string.Join(", ", parsed.Select(p => p.Name))}");
            if (covariates.ContainsKey(name)) throw new CliInputException(Option, $"'{token}' gives metric '{name}' a second covariate");
            string value = token[(eq + 1)..];
            covariates[name] = parsed[index].Kind == MetricKind.Ratio
                ? SplitPair(Option, token, value, "PRENUM/PREDEN")
                : value.Contains('/')
                    ? throw new CliInputException(Option, $"'{token}': metric '{name}' is a {parsed[index].Kind.ToString().ToLowerInvariant()} and takes one covariate column")
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

    /// <summary><c>--weights a=0.5,b=0.5</c>: positive planned traffic shares by arm.</summary>
    public static IReadOnlyDictionary<string, double> ParseWeights(string text)
    {
        const string Option = "--weights";
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string item in text.Split(','))
        {
            int eq = item.IndexOf('=');
            string arm = eq > 0 ? item[..eq].Trim() : "";
            if (arm.Length == 0 || !double.TryParse(item[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double w))
                throw new CliInputException(Option, $"'{item}' is not ARM=WEIGHT; write e.g. --weights control=0.5,b=0.5");
            if (!double.IsFinite(w) || w <= 0) throw new CliInputException(Option, $"'{item}': a weight must be a positive finite number");
            if (!weights.TryAdd(arm, w)) throw new CliInputException(Option, $"'{item}' repeats arm '{arm}'");
        }
        return weights;
    }

    /// <summary><c>--cap revenue=0.99</c>: winsorise a mean metric at a percentile in (0, 1) (SQL sources).</summary>
    public static IReadOnlyDictionary<string, double> ParseCaps(IReadOnlyList<string> tokens)
    {
        const string Option = "--cap";
        var caps = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string token in tokens)
        {
            int eq = token.IndexOf('=');
            string metric = eq > 0 ? token[..eq].Trim() : "";
            if (metric.Length == 0 || !double.TryParse(token[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double p))
                throw new CliInputException(Option, $"'{token}' is not METRIC=PERCENTILE; write e.g. --cap revenue=0.99");
            if (!(p > 0 && p < 1)) throw new CliInputException(Option, $"'{token}': the percentile must lie in (0, 1), e.g. 0.99");
            if (!caps.TryAdd(metric, p)) throw new CliInputException(Option, $"'{token}' caps metric '{metric}' twice");
        }
        return caps;
    }

    /// <summary><c>--unit user_id [--window day&lt;14]</c>: the roll-up of an event table to units, or null without --unit.</summary>
    public static EventRollup? ParseRollup(string? unit, string? window)
    {
        if (unit is null)
            return window is null ? null : throw new CliInputException("--window", "needs --unit (the window applies when events are rolled up to units)");
        if (window is null) return new EventRollup(unit);
        int lt = window.IndexOf('<');
        if (lt <= 0 || !double.TryParse(window[(lt + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double end) || !double.IsFinite(end))
            throw new CliInputException("--window", $"'{window}' is not COLUMN<END, e.g. day<14 (events with day below 14 count)");
        return new EventRollup(unit, window[..lt].Trim(), end);
    }

    /// <summary><c>--alpha</c>: strictly between 0 and 1.</summary>
    public static double CheckAlpha(double alpha) =>
        alpha is > 0 and < 1 ? alpha : throw new CliInputException("--alpha", $"{alpha.ToString(CultureInfo.InvariantCulture)} is outside (0, 1); use e.g. 0.05");

    /// <summary>Matches a token against allowed names (case-insensitive); the error lists them.</summary>
    public static T ParseChoice<T>(string option, string token, IReadOnlyList<(string Name, T Value)> allowed)
    {
        foreach (var (name, value) in allowed)
            if (string.Equals(name, token.Trim(), StringComparison.OrdinalIgnoreCase)) return value;
        throw new CliInputException(option, $"'{token}' is not allowed; use one of: {string.Join(", ", allowed.Select(a => a.Name).Distinct())}");
    }

    private static string[] SplitPair(string option, string token, string value, string shape)
    {
        string[] pair = value.Split('/');
        if (pair.Length != 2 || pair.Any(p => p.Trim().Length == 0))
            throw new CliInputException(option, $"'{token}': '{value}' is not {shape} (two column names separated by '/')");
        return [pair[0].Trim(), pair[1].Trim()];
    }
}
