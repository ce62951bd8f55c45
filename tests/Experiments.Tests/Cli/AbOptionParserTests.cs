using MarketLab.Cli.Ab;
using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Experiments.Tests.Cli;

public class AbOptionParserTests
{
    [Fact]
    public void ProportionColumnDefaultsToTheName()
    {
        var (name, kind, columns) = AbOptionParser.ParseMetric("conversion:proportion");
        Assert.Equal(("conversion", MetricKind.Proportion), (name, kind));
        Assert.Equal(["conversion"], columns);
    }

    [Fact]
    public void MeanMayNameItsColumn() =>
        Assert.Equal(["rev"], AbOptionParser.ParseMetric("revenue:Mean:rev").Columns);

    [Fact]
    public void RatioTakesNumeratorAndDenominator()
    {
        var metric = AbOptionParser.ParseMetric("ctr:ratio:clicks/impressions");
        Assert.Equal(MetricKind.Ratio, metric.Kind);
        Assert.Equal(["clicks", "impressions"], metric.Columns);
    }

    [Theory]
    [InlineData("ctr:ratio", "needs numerator/denominator")]
    [InlineData("ctr:ratio:clicks", "not numerator/denominator")]
    [InlineData("x:median", "unknown kind 'median'; allowed: proportion, mean, ratio")]
    [InlineData("conversion", "is not NAME:KIND")]
    [InlineData("a:mean:b:c", "is not NAME:KIND")]
    [InlineData("rev:mean:a/b", "only ratio metrics take NUM/DEN")]
    public void BadMetricSpecsNameOptionAndToken(string token, string expected)
    {
        var e = Assert.Throws<CliInputException>(() => AbOptionParser.ParseMetric(token));
        Assert.StartsWith("--metric: ", e.Message);
        Assert.Contains($"'{token}'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void CovariatesAttachToTheirMetrics()
    {
        var metrics = AbOptionParser.ParseMetrics(["revenue:mean", "ctr:ratio:c/i"], ["revenue=revenue_pre", "ctr=c0/i0"]);
        Assert.Equal(["revenue", "revenue_pre"], metrics[0].Columns);
        Assert.Equal(["c", "i", "c0", "i0"], metrics[1].Columns);
        Assert.True(metrics[1].HasCovariate);
    }

    [Theory]
    [InlineData("aov=x", "no --metric defines; metrics: revenue, ctr")]
    [InlineData("ctr=c0", "not PRENUM/PREDEN")]
    [InlineData("revenue=a/b", "takes one covariate column")]
    [InlineData("revenue", "is not METRIC=COLUMN")]
    public void BadCovariatesNameTheOption(string token, string expected)
    {
        var e = Assert.Throws<CliInputException>(() => AbOptionParser.ParseMetrics(["revenue:mean", "ctr:ratio:c/i"], [token]));
        Assert.StartsWith("--covariate: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void WeightsParseAndRejectNonsense()
    {
        var weights = AbOptionParser.ParseWeights("control=0.5, b=0.25,c=0.25");
        Assert.Equal(0.25, weights["b"]);
        Assert.Contains("--weights: 'b=-1'", Assert.Throws<CliInputException>(() => AbOptionParser.ParseWeights("a=1,b=-1")).Message);
        Assert.Contains("--weights: 'b'", Assert.Throws<CliInputException>(() => AbOptionParser.ParseWeights("a=1,b")).Message);
    }

    [Fact]
    public void ChoicesListTheAllowedValues()
    {
        Assert.Equal(CorrectionMethod.BenjaminiHochberg, AbOptionParser.ParseCorrection("BH"));
        var e = Assert.Throws<CliInputException>(() => AbOptionParser.ParseMethod("bayes"));
        Assert.Equal("--method: 'bayes' is not allowed; use one of: frequentist, sequential, bayesian", e.Message);
    }
}
