using System.Globalization;
using MarketLab.Experiments.Data.Sql;
using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;

namespace MarketLab.Cli.Ab;

/// <summary>Parses the <c>ab</c> verb's textual option values into library types; errors name the option and token.</summary>
internal static class AbOptionParser
{

    /// <summary>One <c>--metric</c> token (<see cref="UnitLogMetricSyntax.ParseMetric"/>); errors as <see cref="CliInputException"/>.</summary>
    public static (string Name, MetricKind Kind, string[] Columns) ParseMetric(string token) =>
        Cli(() => UnitLogMetricSyntax.ParseMetric(token));

    /// <summary>The metric definitions of <c>--metric</c> and <c>--covariate</c> (<see cref="UnitLogMetricSyntax.Parse"/>).</summary>
    public static IReadOnlyList<UnitLogMetric> ParseMetrics(IReadOnlyList<string> metricTokens, IReadOnlyList<string> covariateTokens) =>
        Cli(() => UnitLogMetricSyntax.Parse(metricTokens, covariateTokens));

    private static T Cli<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (MetricSyntaxException e)
        {
            throw new CliInputException(e.Option, e.Detail);
        }
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

    /// <summary><c>--segment-file FILE --segment-join COLUMN</c>: the file's assignments and the log's id column, or null without them.</summary>
    public static (SegmentAssignments Segments, string JoinColumn)? ParseSegmentFile(string? file, string? join)
    {
        if (file is null)
            return join is null ? null : throw new CliInputException("--segment-join", "needs --segment-file (the user,segment CSV to join)");
        if (join is not { Length: > 0 })
            throw new CliInputException("--segment-join", $"is required with --segment-file: name the log's column holding the user ids of {file}");
        return (SegmentAssignments.Read(file), join);
    }

    /// <summary><c>--alpha</c>: strictly between 0 and 1.</summary>
    public static double CheckAlpha(double alpha) =>
        alpha is > 0 and < 1 ? alpha : throw new CliInputException("--alpha", $"{alpha.ToString(CultureInfo.InvariantCulture)} is outside (0, 1); use e.g. 0.05");

    /// <summary>Matches a token against allowed names (case-insensitive); the error lists them.</summary>
    /// <summary>--correction through the one spelling table (<see cref="CorrectionMethodNames"/>) the spec loader uses too.</summary>
    public static CorrectionMethod ParseCorrection(string token) =>
        CorrectionMethodNames.TryParse(token, out var method) ? method
        : throw new CliInputException("--correction", $"'{token}' is not allowed; use one of: {CorrectionMethodNames.Valid}");

    /// <summary>--method through the one spelling table (<see cref="AnalysisMethodNames"/>) the ab spec candidate uses too.</summary>
    public static AnalysisMethod ParseMethod(string token) =>
        AnalysisMethodNames.TryParse(token, out var method) ? method
        : throw new CliInputException("--method", $"'{token}' is not allowed; use one of: {AnalysisMethodNames.Valid}");
}
