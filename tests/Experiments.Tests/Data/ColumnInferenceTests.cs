using System.Globalization;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Data.Tabular;
using MarketLab.Experiments.Tests.AutoML;

namespace MarketLab.Experiments.Tests.Data;

/// <summary>Column kinds as a careful analyst decides them (issue 16), on small synthetic tables and on Hillstrom.</summary>
public sealed class ColumnInferenceTests
{
    private static readonly string[] Segments = ["1) $0 - $100", "2) $100 - $200", "3) $200 - $350", "4) $350 - $500", "5) $500 - $750", "6) $750 - $1,000", "7) $1,000 +"];

    [Fact]
    public void A_repeating_multi_word_string_is_categorical_not_text()
    {
        // Regression (issue 16): history_segment's values have four words each, and the old rule (mean words >= 3) made it free text.
        var values = Enumerable.Range(0, 200).Select(i => Segments[i % 7]).ToArray();
        var column = ColumnInference.Infer("history_segment", values);
        Assert.Equal(ColumnKind.Categorical, column.Kind);
        Assert.Equal(7, column.Distinct);
        Assert.False(column.Hashed);
        Assert.Equal("history_segment: categorical, one-hot (7 values)", column.Describe());
    }

    [Fact]
    public void Long_distinct_strings_are_free_text()
    {
        var values = Enumerable.Range(0, 100).Select(i => $"the battery of phone {i} lasted {i % 9} days and the screen was fine").ToArray();
        Assert.Equal(ColumnKind.Text, ColumnInference.Infer("review", values).Kind);
    }

    [Fact]
    public void A_repeating_string_of_high_cardinality_is_hashed()
    {
        var values = Enumerable.Range(0, 400).Select(i => $"shop{i % 100}").ToArray();
        var column = ColumnInference.Infer("shop", values);
        Assert.Equal(ColumnKind.Categorical, column.Kind);
        Assert.True(column.Hashed);
    }

    [Fact]
    public void All_distinct_single_tokens_are_an_identifier()
    {
        var values = Enumerable.Range(0, 50).Select(i => $"cust-{i:0000}").ToArray();
        Assert.Equal(ColumnKind.Identifier, ColumnInference.Infer("customer", values).Kind);
        // Too few rows to tell an identifier from a category: kept.
        Assert.Equal(ColumnKind.Categorical, ColumnInference.Infer("customer", values.Take(10).ToArray()).Kind);
    }

    [Theory]
    [InlineData("customer_id", ColumnKind.Identifier)]
    [InlineData("userId", ColumnKind.Identifier)]
    [InlineData("ID", ColumnKind.Identifier)]
    [InlineData("amount", ColumnKind.Numeric)] // distinct integers, but not named like a key
    [InlineData("paid", ColumnKind.Numeric)]   // ends in "id" without a separator
    public void Distinct_integers_are_an_identifier_only_when_named_like_one(string name, ColumnKind expected)
    {
        var values = Enumerable.Range(0, 40).Select(i => (1000 + 7 * i).ToString(CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected, ColumnInference.Infer(name, values).Kind);
    }

    [Fact]
    public void Yes_no_is_boolean_and_iso_dates_are_dates()
    {
        Assert.Equal(ColumnKind.Boolean, ColumnInference.Infer("member", ["yes", "No", "YES", ""]).Kind);
        Assert.Equal(ColumnKind.Date, ColumnInference.Infer("signup", ["2024-03-15", "2023-12-31T08:30:00", "NA"]).Kind);
        Assert.Equal(ColumnKind.Categorical, ColumnInference.Infer("month", ["Feb", "Mar", "Feb", "Mar"]).Kind);
    }

    [Fact]
    public void A_date_expands_into_numeric_parts()
    {
        var parts = ColumnTyping.Materialize("t.csv", "signup", ColumnKind.Date, ["2024-03-15 18:30:00", ""]).ToArray();
        Assert.Equal(["signup.year", "signup.month", "signup.day", "signup.dayofweek", "signup.hour", "signup.days"], parts.Select(p => p.Name));
        Assert.All(parts, p => Assert.Equal(ColumnKind.Numeric, p.Kind));
        float[] first = parts.Select(p => ((float[])p.Values)[0]).ToArray();
        // Python: d = datetime.date(2024, 3, 15); d.weekday() == 4 (Monday = 0, so .NET's Sunday = 0 gives 5);
        // (d - datetime.date(1970, 1, 1)).days == 19797, plus 18.5 h = 0.7708 days.
        Assert.Equal([2024f, 3f, 15f, 5f, 18.5f], first[..5]);
        Assert.Equal(19797.7708f, first[5], 0.001f);
        Assert.All(parts, p => Assert.True(float.IsNaN(((float[])p.Values)[1])));
    }

    [Fact]
    public void Overrides_replace_inferred_kinds_and_bad_values_name_row_and_column()
    {
        var csv = "code,note,y\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i % 4},n{i},{i % 2}\n"));
        var path = AutoMLTestData.TempPath(".csv");
        File.WriteAllText(path, csv);
        try
        {
            var typed = CsvDataLoader.LoadTyped(path, ColumnTyping.ParseOverrides(["code:categorical", "note:identifier"]), label: "y");
            Assert.Equal(ColumnKind.Categorical, typed.Kinds["code"]);
            Assert.False(typed.Kinds.ContainsKey("note")); // an identifier is dropped
            Assert.True(typed.Columns.Single(c => c.Name == "code").Overridden);
            Assert.Equal(["code", "note"], typed.Columns.Select(c => c.Name));
            var plan = Featurizer.Plan(typed.Data, "y", AutoMLTask.BinaryClassification, typed.Kinds);
            Assert.Equal(["code"], plan.Features.Select(f => f.Name));

            var e = Assert.Throws<FormatException>(() => CsvDataLoader.LoadTyped(path, ColumnTyping.ParseOverrides(["note:numeric"]), label: "y"));
            Assert.Contains("row 1, column 'note': 'n0' is not a number", e.Message);
            Assert.Contains("no column 'nope'", Assert.Throws<ArgumentException>(() => CsvDataLoader.LoadTyped(path, ColumnTyping.ParseOverrides(["nope:text"]))).Message);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("history_segment", "is not NAME:KIND")]
    [InlineData("history_segment:cat", "'cat' is not a column kind; allowed: numeric, boolean, categorical, text, identifier, ignore, date")]
    public void Bad_overrides_name_the_entry_and_the_allowed_kinds(string entry, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => ColumnTyping.ParseOverrides([entry])).Message);

    [SharedDataFact("uplift/hillstrom.csv")]
    public void Hillstrom_history_segment_is_categorical()
    {
        var typed = CsvDataLoader.LoadTyped(SharedDatasets.Resolve("uplift/hillstrom.csv"), label: "visit");
        var segment = typed.Columns.Single(c => c.Name == "history_segment");
        Assert.Equal(ColumnKind.Categorical, segment.Kind);
        Assert.Equal(7, segment.Distinct);
        Assert.Equal(ColumnKind.Categorical, typed.Kinds["zip_code"]);
        Assert.Equal(ColumnKind.Categorical, typed.Kinds["channel"]);
        Assert.Equal(ColumnKind.Numeric, typed.Kinds["history"]);
        Assert.Equal(ColumnKind.Numeric, typed.Kinds["recency"]);
        Assert.DoesNotContain(typed.Columns, c => c.Kind is ColumnKind.Text or ColumnKind.Identifier);
        var plan = Featurizer.Plan(typed.Data, "visit", AutoMLTask.BinaryClassification, typed.Kinds);
        Assert.False(plan.HasText);
    }
}
