using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Tests;

public class SpellingsTests
{
    [Fact]
    public void CorrectionSpellingsAreTheCliAndSpecTable()
    {
        Assert.Equal("holm, bh, benjamini-hochberg, none", CorrectionMethodNames.Valid);
        Assert.True(CorrectionMethodNames.TryParse(" Benjamini-Hochberg ", out var bh));
        Assert.Equal(CorrectionMethod.BenjaminiHochberg, bh);
        Assert.Equal("bh", CorrectionMethodNames.Name(CorrectionMethod.BenjaminiHochberg)); // the first spelling is the short name
        Assert.False(CorrectionMethodNames.TryParse("bonferroni", out _));
        Assert.False(CorrectionMethodNames.TryParse(null, out _));
    }

    [Fact]
    public void CaseCanMatterAndUnknownValuesAreNamed()
    {
        var table = new Spellings<AnalysisMethod>([("frequentist", AnalysisMethod.Frequentist)], ignoreCase: false);
        Assert.True(table.TryParse("frequentist", out _));
        Assert.False(table.TryParse("Frequentist", out _));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => table.Name(AnalysisMethod.Bayesian));
        Assert.Contains("use one of frequentist", e.Message);
    }
}
