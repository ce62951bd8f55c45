using MarketLab.Evaluation.Data;

namespace MarketLab.Evaluation.Tests.Data;

public class CsvReaderTests
{
    private static CsvReader Open(string text) => new(new StringReader(text), "log.csv");

    private static List<string[]> ReadAll(string text)
    {
        using CsvReader csv = Open(text);
        var rows = new List<string[]>();
        while (csv.Read())
        {
            var row = new string[csv.Header.Count];
            for (int i = 0; i < row.Length; i++) row[i] = csv.Field(i).ToString();
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public void ReadsHeaderAndPlainRows()
    {
        using CsvReader csv = Open("arm,y\na,1\nb,0\n");
        Assert.Equal(["arm", "y"], csv.Header);
        Assert.True(csv.Read());
        Assert.Equal("a", csv.Field(0).ToString());
        Assert.Equal(1.0, csv.GetDouble(1));
        Assert.Equal(2, csv.Line);
        Assert.True(csv.Read());
        Assert.False(csv.Read());
    }

    [Fact]
    public void QuotedFieldsKeepCommasEscapedQuotesAndNewlines()
    {
        var rows = ReadAll("name,note\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",\"\"\r\n");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["a,b", "say \"hi\""], rows[0]);
        Assert.Equal(["multi\nline", ""], rows[1]);
    }

    [Fact]
    public void CountsLinesAcrossQuotedNewlinesAndCrlf()
    {
        using CsvReader csv = Open("a,b\r\n\"x\ny\",1\r\n\r\nz,2");
        Assert.True(csv.Read());
        Assert.Equal(2, csv.Line);
        Assert.True(csv.Read());
        Assert.Equal(5, csv.Line); // line 4 is blank and skipped
        Assert.Equal(2.0, csv.GetDouble(1));
        Assert.False(csv.Read());
    }

    [Fact]
    public void HandlesFieldsLongerThanTheBuffer()
    {
        string big = new('x', 200_000);
        var rows = ReadAll($"a,b\n{big},\"{big}\"\n");
        Assert.Equal(big, rows[0][0]);
        Assert.Equal(big, rows[0][1]);
    }

    [Fact]
    public void RaggedRowNamesFileLineAndColumn()
    {
        using CsvReader csv = Open("arm,y\na,1\nb,0,7\n");
        Assert.True(csv.Read());
        var e = Assert.Throws<CsvFormatException>(() => csv.Read());
        Assert.Equal(3, e.Line);
        Assert.Contains("log.csv: line 3, column 3", e.Message);
        Assert.Contains("3 fields but the header has 2", e.Message);
    }

    [Fact]
    public void UnterminatedQuoteNamesTheLineWhereItOpened()
    {
        using CsvReader csv = Open("arm,y\na,1\nb,\"0\n\n");
        Assert.True(csv.Read());
        var e = Assert.Throws<CsvFormatException>(() => csv.Read());
        Assert.Contains("log.csv: line 3, column 2 ('y')", e.Message);
        Assert.Contains("not terminated", e.Message);
    }

    [Fact]
    public void QuoteInsideUnquotedFieldIsAnError()
    {
        using CsvReader csv = Open("arm,y\na\"b,1\n");
        var e = Assert.Throws<CsvFormatException>(() => csv.Read());
        Assert.Contains("line 2, column 1 ('arm')", e.Message);
    }

    [Theory]
    [InlineData("abc", "'abc' is not a number")]
    [InlineData("NaN", "'NaN' is not a finite number")]
    [InlineData("Infinity", "'Infinity' is not a finite number")]
    [InlineData("-Infinity", "not a finite number")]
    [InlineData("1e999", "not a finite number")]
    [InlineData("", "empty")]
    public void NonNumericValuesAreErrorsNamingTheCell(string value, string expected)
    {
        using CsvReader csv = Open($"arm,y\na,1\nb,{value}\n");
        Assert.True(csv.Read());
        Assert.True(csv.Read());
        var e = Assert.Throws<CsvFormatException>(() => csv.GetDouble(1));
        Assert.Contains("log.csv: line 3, column 2 ('y')", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void UnknownColumnListsTheAvailableOnes()
    {
        using CsvReader csv = Open("arm,revenue\n");
        var e = Assert.Throws<CsvFormatException>(() => csv.ColumnIndex("revenu", "metric 'revenue'"));
        Assert.Contains("log.csv: line 1", e.Message);
        Assert.Contains("'revenu'", e.Message);
        Assert.Contains("available columns: arm, revenue", e.Message);
    }

    [Fact]
    public void EmptyFileAndDuplicateHeaderAreErrors()
    {
        Assert.Contains("empty", Assert.Throws<CsvFormatException>(() => Open("")).Message);
        var e = Assert.Throws<CsvFormatException>(() => Open("a,b,a\n"));
        Assert.Contains("line 1, column 3", e.Message);
    }

    [Fact]
    public void ParsesInvariantNumbers()
    {
        using CsvReader csv = Open("v\n-1.5e3\n 42 \n");
        Assert.True(csv.Read());
        Assert.Equal(-1500.0, csv.GetDouble(0));
        Assert.True(csv.Read());
        Assert.Equal(42.0, csv.GetDouble(0));
    }

    [Fact]
    public void EscapedQuotesAcrossBufferBoundariesSurvive()
    {
        string value = string.Concat(Enumerable.Repeat("a\"", 70_000)); // 140k chars, crosses the 64k buffer twice
        var rows = ReadAll($"a\n\"{value.Replace("\"", "\"\"")}\"\n");
        Assert.Equal(value, rows[0][0]);
    }

    [Fact]
    public void RandomFieldsRoundTripThroughRfcQuoting()
    {
        var random = new Random(2026);
        const string alphabet = "ab,\"\n\r x1";
        var expected = new List<string[]>();
        var text = new System.Text.StringBuilder("c1,c2,c3\r\n");
        for (int r = 0; r < 300; r++)
        {
            var row = new string[3];
            for (int c = 0; c < 3; c++)
            {
                var chars = new char[random.Next(0, 8)];
                for (int i = 0; i < chars.Length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
                row[c] = new string(chars);
            }
            if (row.All(f => f.Length == 0)) row[0] = "x"; // a fully empty row would be a blank line
            expected.Add(row);
            text.AppendJoin(',', row.Select(f => f.IndexOfAny([',', '"', '\n', '\r']) >= 0 || f.Length == 0 ? $"\"{f.Replace("\"", "\"\"")}\"" : f));
            text.Append(r % 2 == 0 ? "\r\n" : "\n");
        }
        Assert.Equal(expected, ReadAll(text.ToString()));
    }

    [Fact]
    public void UnnamedIndexColumnIsAllowed()
    {
        // Regression: pandas writes an unnamed index column first (the Open Bandit logs do); it used to be rejected.
        using var csv = Open(",item_id,click\n0,14,0\n1,10,1\n");
        Assert.Equal(["", "item_id", "click"], csv.Header);
        int click = csv.ColumnIndex("click");
        Assert.True(csv.Read());
        Assert.True(csv.Read());
        Assert.Equal(1.0, csv.GetDouble(click));
    }
}
