using MarketLab.Evaluation.Data;
using MarketLab.Experiments.Data.Sql;

namespace MarketLab.Experiments.Tests.Data.Sql;

/// <summary>Source parsing, quoting and the generated statistics SQL, without a database.</summary>
public class SqlSourceTests
{
    [Fact]
    public void QuotingDoublesEmbeddedQuotesAndSplitsSchemaParts()
    {
        Assert.Equal("\"x\"\"; DROP TABLE t; --\"", SqlDialect.DuckDb.Quote(SqlBadInputTests.Evil));
        Assert.Equal("\"sales\".\"units\"", SqlDialect.Postgres.QuoteTable("sales.units"));
        Assert.Equal("'it''s.csv'", SqlDialect.Literal("it's.csv"));
        Assert.Throws<ArgumentException>(() => SqlDialect.DuckDb.Quote("a\0b"));
        Assert.Throws<ArgumentException>(() => SqlDialect.DuckDb.QuoteTable("a..b"));
    }

    [Fact]
    public void ParseAcceptsTheTwoSchemesAndNamesTheFormsOtherwise()
    {
        Assert.Equal(SqlEngine.Postgres, SqlSource.Parse("postgres:Host=db;Database=shop").Engine);
        Assert.Equal(SqlEngine.Postgres, SqlSource.Parse("postgresql:Host=db").Engine);
        var e = Assert.Throws<ArgumentException>(() => SqlSource.Parse("mysql:Host=db"));
        Assert.Contains("duckdb:PATH", e.Message);
        Assert.Throws<FileNotFoundException>(() => SqlSource.Parse("duckdb:/nowhere/x.duckdb"));
    }

    [Fact]
    public void DescribeMasksThePassword()
    {
        string text = SqlSource.Parse("postgres:Host=db;Username=analyst;Password=s3cret").Describe();
        Assert.DoesNotContain("s3cret", text);
        Assert.Contains("Password=***", text);
    }

    [Fact]
    public void RatioWithCupedReadsEachColumnOnceAndEveryProductOnce()
    {
        UnitLogMetric[] metrics =
        [
            UnitLogMetric.Ratio("ctr", "clicks", "impressions", "clicks_pre", "impressions_pre"),
            UnitLogMetric.Mean("clicks", "clicks"),
            UnitLogMetric.Proportion("converted", "converted"),
        ];
        var sql = SufficientStatisticsSql.Build(SqlDialect.Postgres, SqlRelation.ForTable("units"), "arm", metrics);
        Assert.Equal(["clicks", "impressions", "clicks_pre", "impressions_pre", "converted"], sql.Columns);
        Assert.Equal(10 + 1, sql.Pairs.Count); // the ten products of (num, den, num_pre, den_pre), then converted²
        Assert.Equal([4], sql.BinaryColumns);
        Assert.Equal([1, 3], sql.NonNegativeColumns);
        Assert.Contains("CAST(\"impressions_pre\" AS DOUBLE PRECISION) AS v3", sql.Sql);
        Assert.Contains("GROUP BY ml_arm", sql.Sql);
        Assert.DoesNotContain("$", sql.Sql); // no values in the statistics query
    }
}
