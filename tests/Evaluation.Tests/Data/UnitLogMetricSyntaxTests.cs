using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;

namespace MarketLab.Evaluation.Tests.Data;

/// <summary>The one A/B metric syntax reader, as the spec candidate calls it (its option names in every error).</summary>
public class UnitLogMetricSyntaxTests
{
    private static MetricSyntaxException Bad(string[] metrics, string[] covariates) =>
        Assert.Throws<MetricSyntaxException>(() => UnitLogMetricSyntax.Parse(metrics, covariates, "evaluation.metrics", "evaluation.covariates"));

    [Fact]
    public void MetricsAndCovariatesBecomeUnitLogMetrics()
    {
        var metrics = UnitLogMetricSyntax.Parse(["conversion:proportion:converted", "ctr:ratio:c/i", "revenue:mean"], ["ctr=c0/i0", "revenue=rev_pre"]);
        Assert.Equal([MetricKind.Proportion, MetricKind.Ratio, MetricKind.Mean], metrics.Select(m => m.Kind));
        Assert.Equal(["converted"], metrics[0].Columns);
        Assert.Equal(["c", "i", "c0", "i0"], metrics[1].Columns);
        Assert.Equal(["revenue", "rev_pre"], metrics[2].Columns);
        Assert.False(metrics[0].HasCovariate);
    }

    [Fact]
    public void ErrorsNameTheSpecKeyAndTheToken()
    {
        MetricSyntaxException repeated = Bad(["a:mean", "a:proportion"], []);
        Assert.Equal("evaluation.metrics", repeated.Option);
        Assert.Contains("'a:proportion' repeats the metric name 'a'", repeated.Message);
        Assert.StartsWith("evaluation.covariates: 'b=x' names metric 'b', which no evaluation.metrics defines", Bad(["a:mean"], ["b=x"]).Message);
        Assert.Contains("gives metric 'a' a second covariate", Bad(["a:mean"], ["a=x", "a=y"]).Message);
        Assert.Contains("at least one metric", Bad([], []).Message);
        Assert.Contains("is a ratio and needs numerator/denominator", Bad(["r:ratio"], []).Message);
    }
}
