using System.Globalization;
using System.Text;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;
using MarketLab.Experiments.Data.Tabular;
using Microsoft.ML;

namespace MarketLab.Experiments.Tests.AutoML;

/// <summary>Validation folds that keep nested texts (SST-2's sub-phrases) or a group column's rows together.</summary>
public sealed class ValidationGroupsTests
{
    [Fact]
    public void Phrases_join_the_longest_text_that_holds_them_word_aligned_ignoring_case_and_spacing()
    {
        string[] texts =
        [
            "it is a fine film .",      // 0: root
            "a fine film",              // 1: inside 0
            "A  Fine film",             // 2: same words as 1, other case and spacing
            "fine",                     // 3: inside 0
            "the goodness of it all",   // 4: root
            "good",                     // 5: not inside "goodness": its own root
            "a fine film",              // 6: a repeat of 1
            "",                         // 7: empty, its own root
        ];

        var (group, nested, groups) = NestedTexts.Find(texts);

        Assert.Equal([0, 0, 0, 0, 4, 5, 0, 7], group);
        Assert.Equal(4, nested); // rows 1, 2, 3 and 6
        Assert.Equal(4, groups);
    }

    /// <summary>
    /// Seeded simulation against a brute-force reference: every distinct text, longest first, joins the first earlier
    /// root whose text holds it word-aligned. The indexed search must find the same groups (the candidate cap is not
    /// reached on this data).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_indexed_search_matches_a_brute_force_containment_search(int seed)
    {
        var texts = PhraseTexts(seed, sentences: 60).Select(r => r.Text).ToArray();

        var (group, _, groups) = NestedTexts.Find(texts);

        var norm = texts.Select(t => " " + string.Join(' ', t.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) + " ").ToArray();
        var distinct = norm.Distinct().ToList();
        var order = distinct.OrderByDescending(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length).ThenBy(t => distinct.IndexOf(t)).ToList();
        var roots = new List<string>();
        var rootOf = new Dictionary<string, string>();
        foreach (var t in order)
        {
            var holder = roots.FirstOrDefault(r => r.Contains(t, StringComparison.Ordinal));
            if (holder is null) roots.Add(holder = t);
            rootOf[t] = holder;
        }

        Assert.Equal(roots.Count, groups);
        for (var i = 0; i < texts.Length; i++)
            for (var j = i + 1; j < texts.Length; j++)
                Assert.Equal(rootOf[norm[i]] == rootOf[norm[j]], group[i] == group[j]);
    }

    /// <summary>
    /// GLUE's SST-2 training split is every sub-phrase of the Stanford Sentiment Treebank's binary training sentences
    /// (Socher et al. 2013): 6,920, with 872 dev and 1,821 test sentences (9,613 in all, as Kim 2014, Table 1, counts;
    /// GLUE's dev split is the 872). The grouping should
    /// find about one group per sentence (a sentence inside another one joins it; a phrase whose candidates exceed the
    /// cap may start its own) and far more than a tenth of the rows nested.
    /// </summary>
    [SharedDataFact("text/sst2/train.tsv")]
    public void On_sst2_the_groups_are_the_treebanks_training_sentences()
    {
        var texts = File.ReadLines(MarketLab.Experiments.Data.SharedDatasets.Resolve("text/sst2/train.tsv")).Skip(1).Select(l => l.Split('\t')[0]).ToArray();

        var (_, nested, groups) = NestedTexts.Find(texts);

        Assert.Equal(67_349, texts.Length);
        Assert.InRange(groups, 6_800, 6_920);
        Assert.InRange((double)nested / texts.Length, 0.85, 0.95);
    }

    /// <summary>BANKING77's queries are whole questions (a few repeats): below the threshold, so its validation split stays the plain stratified one.</summary>
    [SharedDataFact("text/banking77/train.csv")]
    public void On_banking77_few_queries_nest_and_auto_leaves_the_split_alone()
    {
        var (data, kinds) = CsvDataLoader.Load(MarketLab.Experiments.Data.SharedDatasets.Resolve("text/banking77/train.csv"));
        var texts = InMemoryDataView.From(data).Values<ReadOnlyMemory<char>>("text").Select(m => m.ToString()).ToArray();

        var (_, nested, _) = NestedTexts.Find(texts);

        Assert.InRange((double)nested / texts.Length, 0.0, 0.03);
        Assert.True((double)nested / texts.Length < NestedTexts.MinShare);
    }

    [Fact]
    public void Grouped_holdout_keeps_each_group_on_one_side_near_the_asked_share_and_follows_the_seed()
    {
        var random = new Random(5);
        var groups = Enumerable.Range(0, 2_000).Select(_ => random.Next(300)).ToArray(); // 300 groups of about 7 rows

        var (train, validation) = FoldSplitter.Split(new string[groups.Length], 0, 0.2, seed: 1, groups).Single();

        Assert.Equal(groups.Length, train.Length + validation.Length);
        Assert.Empty(train.Select(i => groups[i]).Intersect(validation.Select(i => groups[i])));
        Assert.InRange(validation.Length, 0.2 * groups.Length, 0.2 * groups.Length + groups.GroupBy(g => g).Max(g => g.Count()));
        Assert.Equal(validation, FoldSplitter.Split(new string[groups.Length], 0, 0.2, seed: 1, groups).Single().Validation);
        Assert.NotEqual(validation, FoldSplitter.Split(new string[groups.Length], 0, 0.2, seed: 2, groups).Single().Validation);
    }

    [Fact]
    public void Grouped_k_fold_validates_every_row_once_with_whole_groups_and_balanced_folds()
    {
        var random = new Random(6);
        var groups = Enumerable.Range(0, 1_000).Select(_ => random.Next(120)).ToArray();

        var folds = FoldSplitter.Split(new string[groups.Length], 4, 0.2, seed: 0, groups);

        Assert.Equal(4, folds.Count);
        Assert.Equal(Enumerable.Range(0, groups.Length), folds.SelectMany(f => f.Validation).Order());
        foreach (var (train, validation) in folds)
        {
            Assert.Empty(train.Select(i => groups[i]).Intersect(validation.Select(i => groups[i])));
            Assert.InRange(validation.Length, 250 - 25, 250 + 25); // largest groups first, each to the emptiest fold
        }
    }

    [Fact]
    public async Task Phrase_level_data_is_validated_on_whole_sentences_and_the_choice_is_logged_and_reported()
    {
        var (data, kinds) = AutoMLTestData.Load(PhraseCsv(seed: 4, sentences: 80));
        var lines = new List<string>();
        var options = Options() with { Log = line => { lock (lines) lines.Add(line); } };

        var workbench = TrialWorkbench.Prepare(options, data, kinds);
        var result = await new MLContext(0).Auto().CreateExperiment(options).RunAsync(data, null, default, kinds);

        var texts = InMemoryDataView.From(data).Values<ReadOnlyMemory<char>>("text").Select(m => m.ToString()).ToArray();
        var (group, _, _) = NestedTexts.Find(texts);
        var (train, validation) = workbench.Folds.Single();
        Assert.Empty(train.Select(i => group[i]).Intersect(validation.Select(i => group[i])));
        Assert.Contains("Validation keeps nested texts together", workbench.ValidationGrouping);
        Assert.Contains("of 'text'", workbench.ValidationGrouping);
        Assert.Equal(workbench.ValidationGrouping, result.ValidationGrouping);
        Assert.Contains(workbench.ValidationGrouping, lines);
        Assert.NotEmpty(result.Leaderboard);

        // A random holdout puts phrases of one sentence on both sides.
        var free = TrialWorkbench.Prepare(options with { ValidationGroups = ValidationGroups.None }, data, kinds);
        var (freeTrain, freeValidation) = free.Folds.Single();
        Assert.Null(free.ValidationGrouping);
        Assert.NotEmpty(freeTrain.Select(i => group[i]).Intersect(freeValidation.Select(i => group[i])));
    }

    [Fact]
    public async Task The_stacked_ensemble_fits_its_meta_learner_on_grouped_validation_rows()
    {
        var (data, kinds) = AutoMLTestData.Load(PhraseCsv(seed: 5, sentences: 80));
        var experiment = new MLContext(0).Auto().CreateExperiment(Options() with { MaxTrials = 3 });
        var result = await experiment.RunAsync(data, null, default, kinds);
        Assert.NotNull(result.ValidationGrouping);

        var stacked = experiment.TryStackEnsemble(result, library: 3, metaFolds: 5);

        Assert.NotNull(stacked);
        Assert.InRange(stacked.Metric, 0.5, 1.0);
    }

    [Fact]
    public void Data_with_few_repeated_texts_is_split_freely()
    {
        var (data, kinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 200, text: true));

        var workbench = TrialWorkbench.Prepare(Options(), data, kinds);

        Assert.Null(workbench.ValidationGrouping);
        var strata = InMemoryDataView.From(data).Values<bool>("label").Select(b => b.ToString()).ToArray();
        Assert.Equal(FoldSplitter.Split(strata, 0, 0.2, 3).Single().Validation, workbench.Folds.Single().Validation);
    }

    [Fact]
    public void A_group_column_keeps_its_rows_together_and_is_not_a_feature()
    {
        var csv = new StringBuilder("customer,x1,label\n");
        var random = new Random(8);
        for (var i = 0; i < 300; i++)
        {
            var x = random.NextDouble() * 2 - 1;
            csv.Append(CultureInfo.InvariantCulture, $"c{i % 40},{x:R},{x + random.NextDouble() - 0.5 > 0}\n");
        }

        var (data, kinds) = AutoMLTestData.Load(csv.ToString());

        var workbench = TrialWorkbench.Prepare(Options() with { ValidationGroups = "customer" }, data, kinds);

        var customers = InMemoryDataView.From(data).Values<ReadOnlyMemory<char>>("customer").Select(m => m.ToString()).ToArray();
        Assert.Equal(5, workbench.Folds.Count); // small tabular data: cross-validated, each fold grouped (GroupKFold)
        foreach (var (train, validation) in workbench.Folds)
            Assert.Empty(train.Select(i => customers[i]).Intersect(validation.Select(i => customers[i])));
        Assert.Equal(Enumerable.Range(0, 300), workbench.Folds.SelectMany(f => f.Validation).Order());
        Assert.DoesNotContain(workbench.Plan.Features, f => f.Name == "customer");
        Assert.Equal("Validation splits by 'customer': each of its 40 values stays in one fold; the column is not a feature.", workbench.ValidationGrouping);
    }

    [Theory]
    [InlineData("nosuch", "Validation group column 'nosuch' is not in the data; columns: customer, single, x1, label")]
    [InlineData("label", "Validation group column 'label' is the label")]
    [InlineData("single", "Validation group column 'single' has 1 distinct value(s); 2 or more are needed", 0)]
    [InlineData("customer", "Validation group column 'customer' has 4 distinct value(s); 5 or more are needed to split the rows into training and validation (5 folds; folds 0, a holdout, needs 2).", 5)]
    public void A_bad_group_column_is_refused_naming_it(string column, string message, int? folds = 0)
    {
        var (data, kinds) = AutoMLTestData.Load("customer,single,x1,label\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"c{i % 4},s,{i},{i % 2 == 0}\n")));

        var e = Assert.Throws<AutoMLDataException>(() => TrialWorkbench.Prepare(Options() with { ValidationGroups = column, Folds = folds }, data, kinds));

        Assert.Equal(column, e.Column);
        Assert.StartsWith(message, e.Message);
    }

    // Two CFO trials of L-BFGS on the binary label; ValidationChoiceTests uses them too.
    internal static AutoMLExperimentOptions Options() => new()
    {
        Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Tuner = TunerKind.Cfo, MaxTrials = 2, Seed = 3,
        TimeBudget = TimeSpan.FromMinutes(2), Trainers = [TrainerName.LbfgsLogisticRegression],
    };

    /// <summary>Sentences of sentiment words and fillers, each with some of its contiguous sub-phrases (same label), as in SST-2's training split.</summary>
    internal static IReadOnlyList<(string Text, bool Label)> PhraseTexts(int seed, int sentences)
    {
        var random = new Random(seed);
        string[] good = ["fine", "moving", "witty", "superb", "charming"], bad = ["dull", "tedious", "flat", "clumsy", "bland"];
        string[] filler = ["the", "film", "is", "a", "story", "with", "plot", "and", "cast", "of", "its", "director"];
        var rows = new List<(string, bool)>();
        for (var s = 0; s < sentences; s++)
        {
            var label = random.Next(2) == 0;
            var words = Enumerable.Range(0, random.Next(6, 12))
                .Select(_ => random.Next(3) == 0 ? (label ? good : bad)[random.Next(5)] : filler[random.Next(filler.Length)]).ToArray();
            words[random.Next(words.Length)] = $"w{s}"; // a word of this sentence only, as a real sentence has
            rows.Add((string.Join(' ', words), label));
            for (var p = 0; p < 6; p++)
            {
                var start = random.Next(words.Length);
                var length = random.Next(1, words.Length - start + 1);
                rows.Add((string.Join(' ', words.Skip(start).Take(length)), label));
            }
        }

        return rows;
    }

    private static string PhraseCsv(int seed, int sentences) =>
        "text,label\n" + string.Concat(PhraseTexts(seed, sentences).Select(r => $"{r.Text},{r.Label}\n"));
}
