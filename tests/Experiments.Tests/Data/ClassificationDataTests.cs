using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Data.Behaviour;
using MarketLab.Experiments.Data.Catalog;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Tests.Data;

public sealed class ClassificationDataTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("marketlab-cls-data-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private string Write(string name, string text, bool bom = false)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new System.Text.UTF8Encoding(bom));
        return path;
    }

    [Fact]
    public void TextCsvReadsQuotedMultiLineTextsWithBomAndCrlf()
    {
        string path = Write("intents.csv", "flags,utterance,category,intent\r\nB,\"cancel my order, please\",ORDER,cancel_order\r\nBL,\"where is\r\nmy parcel?\",SHIPPING,track_order\r\n", bom: true);
        var examples = TextCsv.Load(path, "utterance", "intent");
        Assert.Equal(["cancel my order, please", "where is\r\nmy parcel?"], examples.Texts);
        Assert.Equal(["cancel_order", "track_order"], examples.Labels);
        Assert.Equal(["ORDER", "SHIPPING"], TextCsv.Load(path, "utterance", "category").Labels);
        var e = Assert.Throws<ArgumentException>(() => TextCsv.Load(path, "text", "intent"));
        Assert.Contains("no column 'text'", e.Message);
        Assert.Contains("flags, utterance, category, intent", e.Message);
    }

    [Fact]
    public void TextCsvNamesTheLineOfAnEmptyLabel()
    {
        string path = Write("bad.csv", "text,category\nhello,greet\nbye,\n");
        var e = Assert.Throws<FormatException>(() => TextCsv.Load(path, "text", "category"));
        Assert.Contains("bad.csv, line 3", e.Message);
    }

    [Fact]
    public void TabularCsvTypesColumnsDropsAndForcesCategories()
    {
        string path = Write("t.csv", ",ts,item,price,member,segment,click\n0,2020-01-01,3,1.5,TRUE,gold,1\n1,2020-01-02,4,,FALSE,silver,0\n2,2020-01-03,3,2.5,TRUE,gold,0\n");
        var table = TabularCsv.Load(path, "click", drop: ["ts"], categorical: ["item"]);
        Assert.Equal(["item", "price", "member", "segment"], table.Names); // the unnamed index column is dropped too
        Assert.Equal(ColumnKind.Categorical, table.Kinds["item"]);
        Assert.Equal(ColumnKind.Numeric, table.Kinds["price"]);
        Assert.Equal(ColumnKind.Boolean, table.Kinds["member"]);
        Assert.Equal(ColumnKind.Categorical, table.Kinds["segment"]);
        Assert.Equal(["3", "4", "3"], ((ReadOnlyMemory<char>[])table.Columns[0]).Select(m => m.ToString()));
        Assert.True(float.IsNaN(((float[])table.Columns[1])[1]));
        Assert.Equal(["1", "0", "0"], table.Labels);
        Assert.Equal(["0", "1"], table.Classes);
        Assert.Contains("no column 'clicked'", Assert.Throws<ArgumentException>(() => TabularCsv.Load(path, "clicked")).Message);
    }

    [Fact]
    public void LabelledTableSplitIsStratifiedSeededAndKeepsRowsTogether()
    {
        var labels = Enumerable.Range(0, 40).Select(i => i % 4 == 0 ? "yes" : "no").ToArray();
        var table = new LabelledTable(["x"], [Enumerable.Range(0, 40).Select(i => (float)i).ToArray()],
            new Dictionary<string, ColumnKind> { ["x"] = ColumnKind.Numeric }, labels);
        var (train, test) = table.Split(0.25, 7);
        var (train2, test2) = table.Split(0.25, 7);
        Assert.Equal((float[])test.Columns[0], (float[])test2.Columns[0]);
        Assert.Equal(3, test.Labels.Count(l => l == "yes")); // per class, 0.25 of the rows rounded half away from zero: 2.5 → 3
        Assert.Equal(8, test.Labels.Count(l => l == "no"));  // 7.5 → 8
        Assert.All(Enumerable.Range(0, test.Count), i => Assert.Equal(labels[(int)((float[])test.Columns[0])[i]], test.Labels[i]));
        Assert.Equal(40, train.Count + test.Count);
        Assert.Empty(((float[])train.Columns[0]).Intersect((float[])test.Columns[0]));
    }

    [Fact]
    public void TaobaoUsersGetFeaturesSequencesAndLabelsFromBeforeAndAfterTheCut()
    {
        long ws = TaobaoBehaviour.WindowStart, day = 86400;
        string path = Write("taobao.csv", string.Join('\n',
            $"1,100,5,pv,{ws + 10}",
            $"1,100,5,cart,{ws + 6 * day + 100}",
            $"1,101,6,pv,{ws + 6 * day + 200}",
            $"1,100,5,buy,{ws + 7 * day + 50}",   // in the held-out days: user 1 buys
            $"1,999,5,pv,{ws - 10}",              // before the window: dropped
            $"2,200,6,pv,{ws + 3 * day}",
            $"2,200,6,buy,{ws + 4 * day}",
            $"2,201,7,fav,{ws + 5 * day}",
            $"3,300,5,buy,{ws + 8 * day}") + "\n"); // user 3 has no history before the cut: dropped
        var users = TaobaoBehaviour.Load(path, labelDays: 2);
        Assert.Equal([1L, 2L], users.UserIds);
        Assert.Equal([TaobaoBehaviour.Buys, TaobaoBehaviour.DoesNotBuy], users.Features.Labels);
        Assert.Equal(users.Features.Labels, users.Sequences.Labels);
        // Categories ranked by events before the cut: 6 (3 events) → c1, 5 (2) → c2, 7 (1) → c3.
        Assert.Equal(["pv c2 cart c2 pv c1", "pv c1 buy c1 fav c3"], users.Sequences.Texts);
        float F(string name, int user) => ((float[])users.Features.Columns[users.Features.Names.ToList().IndexOf(name)])[user];
        Assert.Equal([2f, 1f, 0f, 0f], new[] { "pv", "cart", "fav", "buy" }.Select(n => F(n, 0)));
        Assert.Equal([1f, 0f, 1f, 1f], new[] { "pv", "cart", "fav", "buy" }.Select(n => F(n, 1)));
        Assert.Equal(1f, F("pv_last_day", 0));
        Assert.Equal(1f, F("cart_last_day", 0));
        Assert.Equal(2f, F("events_last_3_days", 0));
        Assert.Equal(2f, F("active_days", 0));
        Assert.Equal(3f, F("active_days", 1));
        Assert.Equal((day - 200) / (float)day, F("days_since_last_event", 0), 5);
        Assert.Equal((day - 100) / (float)day, F("days_since_last_cart", 0), 5);
        Assert.True(float.IsNaN(F("days_since_last_buy", 0)));
        Assert.Equal(3f, F("days_since_last_buy", 1), 5);
        Assert.Equal(1f, F("carted_items_not_bought", 0));
        Assert.Equal(0f, F("buy_per_pv", 0));
        Assert.Equal(1f, F("buy_per_pv", 1));
        Assert.Equal("buy c1 fav c3", TaobaoBehaviour.Load(path, 2, maxEvents: 2).Sequences.Texts[1]); // last two events kept
    }

    [Fact]
    public void TaobaoNamesTheBadLine()
    {
        string path = Write("bad.csv", $"1,2,3,pv,{TaobaoBehaviour.WindowStart}\n1,2,3,click,{TaobaoBehaviour.WindowStart}\n");
        Assert.Contains("line 2: behavior_type 'click'", Assert.Throws<FormatException>(() => TaobaoBehaviour.Load(path)).Message);
    }

    [SharedDataFact("text/banking77/train.csv")]
    public void Banking77HasItsPublishedSizes()
    {
        var dataset = DatasetCatalog.Default.Resolve("banking77");
        var train = TextCsv.Load(dataset.FilePath!, "text", "category");
        var test = TextCsv.Load(Path.Combine(Path.GetDirectoryName(dataset.FilePath)!, "test.csv"), "text", "category");
        Assert.Equal(10003, train.Count);
        Assert.Equal(3080, test.Count);
        Assert.Equal(77, train.Classes.Count);
        Assert.Equal(train.Classes, test.Classes);
    }

    [SharedDataFact("text/bitext_customer_service/Bitext_Sample_Customer_Service_Training_Dataset.csv")]
    public void BitextHas27IntentsIn11Categories()
    {
        var dataset = DatasetCatalog.Default.Resolve("bitext_customer_service");
        var intents = TextCsv.Load(dataset.FilePath!, "utterance", "intent");
        Assert.Equal(8359, intents.Count);
        Assert.Equal(27, intents.Classes.Count);
        Assert.Equal(11, TextCsv.Load(dataset.FilePath!, "utterance", "category").Classes.Count);
        Assert.Equal("cancel_order", intents.Labels[0]); // the BOM does not leak into the header
    }

    [SharedDataFact("behaviour/uci-online-shoppers/online_shoppers_intention.csv")]
    public void OnlineShoppersHas1908PurchasesAndCategoricalCodes()
    {
        var d = DatasetCatalog.Default.Resolve("online_shoppers");
        var table = TabularCsv.Load(d.FilePath!, d.Parameters["label"], TabularCsv.Names(d.Parameters["drop"]), TabularCsv.Names(d.Parameters["categorical"]));
        Assert.Equal(12330, table.Count);
        Assert.Equal(1908, table.Labels.Count(l => l == "TRUE"));
        Assert.Equal(17, table.Names.Count);
        Assert.Equal(ColumnKind.Categorical, table.Kinds["Browser"]);
        Assert.Equal(ColumnKind.Boolean, table.Kinds["Weekend"]);
    }

    [SharedDataFact("ctr/open-bandit/random/men/men.csv")]
    public void OpenBanditClicksHave46ClicksAndNoLeakingColumns()
    {
        var d = DatasetCatalog.Default.Resolve("open_bandit_clicks_men");
        var table = TabularCsv.Load(d.FilePath!, d.Parameters["label"], TabularCsv.Names(d.Parameters["drop"]), TabularCsv.Names(d.Parameters["categorical"]));
        Assert.Equal(10000, table.Count);
        Assert.Equal(46, table.Labels.Count(l => l == "1"));
        Assert.DoesNotContain("propensity_score", table.Names);
        Assert.DoesNotContain("timestamp", table.Names);
        Assert.Equal(ColumnKind.Categorical, table.Kinds["item_id"]);
        Assert.Equal(2 + 4 + 34, table.Names.Count);
    }

    [SharedDataFact("ctr/open-bandit/random/women/women.csv")]
    public void OpenBanditReaderGivesTheTableTabularCsvReadsFromTheSameFile()
    {
        // Issue 14: one Open Bandit reader. The spec path now reads the log through OpenBanditLog; its click table must be
        // the table the generic CSV reader made before (names, kinds, every value, labels), so no run result moves.
        var d = DatasetCatalog.Default.Resolve("open_bandit_clicks_women");
        var drop = TabularCsv.Names(d.Parameters["drop"]);
        var categorical = TabularCsv.Names(d.Parameters["categorical"]);
        var expected = TabularCsv.Load(d.FilePath!, "click", drop, categorical);
        var log = OpenBanditLog.LoadFile(d.FilePath!);
        var actual = log.ToClickTable("click", drop, categorical);
        Assert.Equal(("random", "women"), (log.Policy, log.Campaign));
        Assert.Equal(expected.Names, actual.Names);
        Assert.Equal(expected.Kinds, actual.Kinds);
        Assert.Equal(expected.Labels, actual.Labels);
        for (int k = 0; k < expected.Columns.Count; k++)
        {
            var (e, a) = (expected.Columns[k], actual.Columns[k]);
            Assert.Equal(e.GetType(), a.GetType());
            if (e is ReadOnlyMemory<char>[] text) Assert.Equal(text.Select(m => m.ToString()), ((ReadOnlyMemory<char>[])a).Select(m => m.ToString()));
            else Assert.Equal(e.Cast<object>(), a.Cast<object>());
        }
        // The typed view agrees with the raw one.
        Assert.Equal(expected.Labels.Count(l => l == "1"), (int)log.Clicks.Sum());
    }

    [SharedDataFact("behaviour/taobao-userbehavior/UserBehavior_814users.csv")]
    public void TaobaoLogGivesOneRowPerUserWithHistory()
    {
        var users = TaobaoBehaviour.Load(DatasetCatalog.Default.Resolve("taobao_userbehavior").FilePath!);
        Assert.InRange(users.UserIds.Count, 700, 814);
        Assert.Equal(users.UserIds.Count, users.UserIds.Distinct().Count());
        Assert.InRange(users.Features.Labels.Count(l => l == TaobaoBehaviour.Buys) / (double)users.UserIds.Count, 0.1, 0.6);
        Assert.All(users.Sequences.Texts, t => Assert.Matches(@"^(?:(?:pv|cart|fav|buy) c\d{1,2} ?)+$", t));
    }
}
