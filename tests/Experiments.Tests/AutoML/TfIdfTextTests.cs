using System.Text.Json;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Trainers;
using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.Tests.AutoML;

/// <summary>
/// The sparse TF-IDF text featurizer against scikit-learn's <c>TfidfVectorizer</c>, and its behaviour in the AutoML pipeline.
/// The reference vectors are in Fixtures/tfidf/tfidf_reference.json, written once by the script beside it
/// (Fixtures/tfidf/tfidf_reference.py, Debian's python3-sklearn 1.2.1 under /usr/bin/python3; it fits
/// <c>TfidfVectorizer(lowercase=True, smooth_idf=True, norm="l2", ...)</c> in four settings on an 8-document corpus and
/// transforms 4 held-out documents). Spot values from that file: setting word_1_2_sublinear, train row 0, column 2:
/// 0.21677990465218963; char_wb_2_5_sublinear, train row 0, column 4: 0.0989522921704681.
/// </summary>
public sealed class TfIdfTextTests
{
    private static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfidf", "tfidf_reference.json"))).RootElement);

    private sealed class Row
    {
        public string Text { get; set; } = "";
    }

    private static IDataView Texts(MLContext ml, IEnumerable<string> texts) => ml.Data.LoadFromEnumerable(texts.Select(t => new Row { Text = t }));

    private static TfIdfTextOptions OptionsOf(JsonElement p)
    {
        var range = p.GetProperty("ngram_range");
        var ngrams = new NgramRange(range[0].GetInt32(), range[1].GetInt32());
        var word = p.GetProperty("analyzer").GetString() == "word";
        return new TfIdfTextOptions(
            word ? ngrams : null,
            word ? null : ngrams,
            SublinearTf: p.GetProperty("sublinear_tf").GetBoolean(),
            MinDf: p.TryGetProperty("min_df", out var minDf) ? minDf.GetInt32() : 1,
            MaxFeatures: p.TryGetProperty("max_features", out var cap) && cap.ValueKind == JsonValueKind.Number ? cap.GetInt32() : null,
            RemoveStopWords: p.TryGetProperty("stop_words", out var stop) && stop.GetString() == "english");
    }

    [Theory]
    [InlineData("word_1_2_sublinear")]
    [InlineData("char_wb_2_5_sublinear")]
    [InlineData("word_1_3_stop_min_df_2")]
    [InlineData("char_wb_1_3_capped")]
    public void Vectors_equal_scikit_learns_TfidfVectorizer(string setting)
    {
        var root = Reference.Value;
        var s = root.GetProperty("settings").GetProperty(setting);
        var ml = new MLContext(0);
        var train = root.GetProperty("train").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var heldOut = root.GetProperty("held_out").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var model = new TfIdfTextEstimator("v", nameof(Row.Text), OptionsOf(s.GetProperty("params"))).Fit(Texts(ml, train));

        Assert.Equal(s.GetProperty("vocabulary").EnumerateArray().Select(e => e.GetString()!), model.Vocabulary);
        var idf = s.GetProperty("idf").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (var i = 0; i < idf.Length; i++) Assert.Equal(idf[i], model.Idf[i], 1e-12);

        foreach (var (texts, rows) in new[] { (train, "train_rows"), (heldOut, "held_out_rows") })
        {
            // Through the data view (as the pipeline reads it), compared densely with the reference's non-zeros.
            var vectors = model.Transform(Texts(ml, texts)).GetColumn<VBuffer<float>>("v").ToArray();
            var expected = s.GetProperty(rows).EnumerateArray().ToArray();
            Assert.Equal(expected.Length, vectors.Length);
            for (var r = 0; r < vectors.Length; r++)
            {
                var dense = new double[model.Size];
                foreach (var entry in expected[r].EnumerateArray()) dense[entry[0].GetInt32()] = entry[1].GetDouble();
                var actual = vectors[r].DenseValues().ToArray();
                Assert.Equal(model.Size, actual.Length);
                for (var j = 0; j < dense.Length; j++)
                    Assert.True(Math.Abs(dense[j] - actual[j]) <= 1e-6, $"{setting} {rows}[{r}] slot {j} ('{model.Vocabulary[j]}'): scikit-learn {dense[j]}, ours {actual[j]}");
            }
        }
    }

    [Fact]
    public void A_fitted_featurizer_ignores_unseen_ngrams()
    {
        var ml = new MLContext(0);
        var words = new TfIdfTextEstimator("v", nameof(Row.Text), new TfIdfTextOptions(new NgramRange(1, 2), null)).Fit(Texts(ml, ["good movie", "bad movie"]));
        Assert.Equal(["bad", "bad movie", "good", "good movie", "movie"], words.Vocabulary);
        Assert.All(words.Vectorize("zebra quokka").DenseValues(), v => Assert.Equal(0f, v));
        // An unseen word adds nothing, not even to the norm: "good zebra" is exactly "good".
        Assert.Equal(words.Vectorize("good").DenseValues(), words.Vectorize("good zebra").DenseValues());
        var chars = new TfIdfTextEstimator("v", nameof(Row.Text), new TfIdfTextOptions(null, new NgramRange(3, 3))).Fit(Texts(ml, ["good movie", "bad movie"]));
        Assert.All(chars.Vectorize("qqq").DenseValues(), v => Assert.Equal(0f, v));
        Assert.Equal(chars.Size, chars.Vectorize("qqq").Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t  ")]
    [InlineData("\n")]
    public void Empty_or_whitespace_text_is_the_zero_vector(string text)
    {
        var ml = new MLContext(0);
        var model = new TfIdfTextEstimator("v", nameof(Row.Text), TfIdfTextOptions.Default).Fit(Texts(ml, ["some words here", "other words"]));
        var vector = model.Vectorize(text);
        Assert.Equal(model.Size, vector.Length);
        Assert.All(vector.DenseValues(), v => Assert.Equal(0f, v));
        var viaView = model.Transform(Texts(ml, [text])).GetColumn<VBuffer<float>>("v").Single();
        Assert.All(viaView.DenseValues(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void The_vocabulary_cap_keeps_the_most_frequent_ngrams()
    {
        var ml = new MLContext(0);
        // Total counts: apple 6, pear 4, plum 3, fig 1, kiwi 1 (fig and kiwi each in one document only).
        string[] corpus = ["apple apple pear plum", "apple pear pear fig", "apple apple plum plum", "apple pear kiwi"];
        var capped = new TfIdfTextEstimator("v", nameof(Row.Text), new TfIdfTextOptions(new NgramRange(1, 1), null, MaxFeatures: 3)).Fit(Texts(ml, corpus));
        Assert.Equal(["apple", "pear", "plum"], capped.Vocabulary); // ordinal order, as scikit-learn's vocabulary_
        var minDf = new TfIdfTextEstimator("v", nameof(Row.Text), new TfIdfTextOptions(new NgramRange(1, 1), null, MinDf: 2)).Fit(Texts(ml, corpus));
        Assert.Equal(["apple", "pear", "plum"], minDf.Vocabulary);
        var all = new TfIdfTextEstimator("v", nameof(Row.Text), new TfIdfTextOptions(new NgramRange(1, 1), null)).Fit(Texts(ml, corpus));
        Assert.Equal(["apple", "fig", "kiwi", "pear", "plum"], all.Vocabulary);
        // smooth idf: apple in all 4 documents -> ln(5/5) + 1 = 1; fig in 1 -> ln(5/2) + 1.
        Assert.Equal(1.0, all.Idf[0], 12);
        Assert.Equal(Math.Log(5.0 / 2.0) + 1.0, all.Idf[1], 12);
    }

    [Fact]
    public void Stop_words_are_scikit_learns_english_list()
    {
        var words = TfIdfTextAnalyzer.EnglishStopWords;
        Assert.Equal(318, words.Count); // len(sklearn.feature_extraction.text.ENGLISH_STOP_WORDS) in scikit-learn 1.2.1
        Assert.Contains("the", words);
        Assert.Contains("not", words);
        Assert.DoesNotContain("movie", words);
    }

    [Fact]
    public void A_pipeline_with_tfidf_text_saves_loads_and_scores_identically()
    {
        var (data, kinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 120, text: true));
        var plan = Featurizer.Plan(data, "label", AutoMLTask.BinaryClassification, kinds);
        Assert.True(plan.HasText);
        var ml = new MLContext(3);
        var space = TrainerSearchSpaces.For(AutoMLTask.BinaryClassification, TrainerName.LbfgsLogisticRegression);
        var model = Featurizer.Build(ml, plan, FeaturizerSearchSpace.Text.Default)
            .Append(TrainerFactory.Create(ml, AutoMLTask.BinaryClassification, TrainerName.LbfgsLogisticRegression, space.Default, scaleFeatures: Featurizer.ScalesFeatures(plan)))
            .Fit(data);
        var expected = model.Transform(data).GetColumn<float>("Probability").ToArray();

        var path = AutoMLTestData.TempPath(".zip");
        try
        {
            // ML.NET's own Model.Save cannot hold the transformer, and says what to use instead.
            var e = Assert.Throws<NotSupportedException>(() => ml.Model.Save(model, data.Schema, path));
            Assert.Contains("AutoMLModelFile", e.Message);
            AutoMLModelFile.Save(ml, model, data.Schema, path);
            var loaded = AutoMLModelFile.Load(new MLContext(99), path, out var schema);
            Assert.Equal(data.Schema.Select(c => c.Name), schema.Select(c => c.Name));
            var actual = loaded.Transform(data).GetColumn<float>("Probability").ToArray();
            Assert.Equal(expected, actual);
            Assert.True(expected.Distinct().Count() > 10, "the probabilities vary across rows");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_pipeline_without_text_is_saved_by_mlnet_unchanged()
    {
        var (data, kinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 60));
        var plan = Featurizer.Plan(data, "label", AutoMLTask.BinaryClassification, kinds);
        var ml = new MLContext(3);
        var space = TrainerSearchSpaces.For(AutoMLTask.BinaryClassification, TrainerName.LbfgsLogisticRegression);
        var model = Featurizer.Build(ml, plan).Append(TrainerFactory.Create(ml, AutoMLTask.BinaryClassification, TrainerName.LbfgsLogisticRegression, space.Default)).Fit(data);
        var path = AutoMLTestData.TempPath(".zip");
        try
        {
            AutoMLModelFile.Save(ml, model, data.Schema, path);
            var plain = ml.Model.Load(path, out _); // an ordinary ML.NET model file
            Assert.Equal(model.Transform(data).GetColumn<float>("Probability"), plain.Transform(data).GetColumn<float>("Probability"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_search_space_defaults_are_word_1_2_char_wb_2_5_sublinear()
    {
        var options = FeaturizerSearchSpace.Options(FeaturizerSearchSpace.Text.Default);
        Assert.Equal(TfIdfTextOptions.Default, options);
        Assert.Equal(new NgramRange(1, 2), options.Words);
        Assert.Equal(new NgramRange(2, 5), options.Chars);
        Assert.True(options.SublinearTf);
        var custom = FeaturizerSearchSpace.Options(new ParameterSet([
            new(FeaturizerSearchSpace.WordNgrams, ParameterValue.Choice("1-3")), new(FeaturizerSearchSpace.CharNgrams, ParameterValue.Choice("none")),
            new(FeaturizerSearchSpace.SublinearTf, ParameterValue.Choice("Off")), new(FeaturizerSearchSpace.MinDf, ParameterValue.Choice("2")),
            new(FeaturizerSearchSpace.MaxFeatures, ParameterValue.Choice("50000")), new(FeaturizerSearchSpace.StopWords, ParameterValue.Choice("Remove"))]));
        Assert.Equal(new TfIdfTextOptions(new NgramRange(1, 3), null, false, 2, 50000, true), custom);
    }

    [Theory]
    [InlineData("On", true, true)]
    [InlineData("Off", false, false)]
    [InlineData("Words", true, false)]
    [InlineData("Chars", false, true)]
    public void The_sublinear_choice_sets_each_block(string choice, bool words, bool chars)
    {
        var options = FeaturizerSearchSpace.Options(new ParameterSet([new(FeaturizerSearchSpace.SublinearTf, ParameterValue.Choice(choice))]));
        Assert.Equal(words, options.SublinearTf);
        Assert.Equal(chars, options.CharsSublinear);
    }

    [Fact]
    public void Each_block_weighs_its_counts_by_its_own_sublinear_setting()
    {
        // Both blocks in one featurizer are the two single-block featurizers side by side (word slots first), each
        // normalised on its own; the single blocks are checked against scikit-learn above. The reference corpus repeats
        // words ("bad bad bad bad", "great ... great"), so raw and sublinear counts differ in both blocks.
        var ml = new MLContext(0);
        var root = Reference.Value;
        var train = Texts(ml, root.GetProperty("train").EnumerateArray().Select(e => e.GetString()!));
        string[] probe = [.. root.GetProperty("held_out").EnumerateArray().Select(e => e.GetString()!), "bad bad bad bad movie"];
        var (words, chars) = (new NgramRange(1, 2), new NgramRange(2, 4));
        var mixed = new TfIdfTextEstimator("v", nameof(Row.Text), new TfIdfTextOptions(words, chars, SublinearTf: true, CharSublinearTf: false)).Fit(train);
        var wordBlock = new TfIdfTextEstimator("v", nameof(Row.Text), new TfIdfTextOptions(words, null, SublinearTf: true)).Fit(train);
        var rawChars = new TfIdfTextEstimator("v", nameof(Row.Text), new TfIdfTextOptions(null, chars, SublinearTf: false)).Fit(train);
        var sublinearChars = new TfIdfTextEstimator("v", nameof(Row.Text), new TfIdfTextOptions(null, chars, SublinearTf: true)).Fit(train);
        Assert.Equal(wordBlock.Size + rawChars.Size, mixed.Size);
        foreach (var text in probe)
        {
            var expected = wordBlock.Vectorize(text).DenseValues().Concat(rawChars.Vectorize(text).DenseValues()).ToArray();
            Assert.Equal(expected, mixed.Vectorize(text).DenseValues().ToArray());
        }

        // And the character block really is raw: "bad bad bad bad" counts " ba" 4 times, which sublinear TF would damp.
        var last = probe[^1];
        Assert.NotEqual(sublinearChars.Vectorize(last).DenseValues().ToArray(), rawChars.Vectorize(last).DenseValues().ToArray());
    }

    [Fact]
    public void A_written_featurizer_reads_back_with_its_per_block_setting_and_version_1_files_still_read()
    {
        var ml = new MLContext(0);
        var train = Texts(ml, ["the movie was great great great", "bad bad plot", "an average film"]);
        var mixed = new TfIdfTextEstimator("v", nameof(Row.Text), new TfIdfTextOptions(new NgramRange(1, 2), new NgramRange(2, 3), SublinearTf: false, CharSublinearTf: true)).Fit(train);
        using var stream = new MemoryStream();
        mixed.Write(stream);
        stream.Position = 0;
        var back = TfIdfTextTransformer.Read(stream);
        Assert.Equal(mixed.Options, back.Options);
        Assert.Equal(mixed.Vectorize("great great bad movie").DenseValues(), back.Vectorize("great great bad movie").DenseValues());

        // A version-1 file (one flag for both blocks, written before the per-block setting) reads with both blocks alike.
        var uniform = new TfIdfTextEstimator("v", nameof(Row.Text), new TfIdfTextOptions(new NgramRange(1, 1), new NgramRange(2, 3))).Fit(train);
        using var v2 = new MemoryStream();
        uniform.Write(v2);
        var v1 = AsVersion1(v2.ToArray());
        var old = TfIdfTextTransformer.Read(new MemoryStream(v1));
        Assert.Equal(uniform.Options, old.Options);
        Assert.True(old.Options.CharsSublinear);
        Assert.Equal(uniform.Vectorize("great great film").DenseValues(), old.Vectorize("great great film").DenseValues());
    }

    // Rewrites a version-2 stream as version 1: the older header, and without the character block's flag that follows
    // the settings (header, two column names, two ranges, sublinear, min_df, cap, stop words).
    private static byte[] AsVersion1(byte[] v2)
    {
        using var input = new BinaryReader(new MemoryStream(v2));
        using var output = new MemoryStream();
        using var w = new BinaryWriter(output);
        Assert.Equal("MarketLab.TfIdfText/2", input.ReadString());
        w.Write("MarketLab.TfIdfText/1");
        for (var i = 0; i < 4; i++) w.Write(input.ReadString());
        w.Write(input.ReadBoolean());
        w.Write(input.ReadInt32());
        w.Write(input.ReadInt32());
        w.Write(input.ReadBoolean());
        input.ReadBoolean(); // the version-2 flag
        var rest = input.ReadBytes(v2.Length);
        w.Write(rest);
        w.Flush();
        return output.ToArray();
    }

    [Fact]
    public async Task With_cfo_on_text_tree_learners_start_from_a_capped_vocabulary_and_linear_learners_from_all_ngrams()
    {
        var (data, kinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 120, text: true));
        var result = await new MLContext(0).Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Tuner = TunerKind.Cfo, MaxTrials = 4, Seed = 1, Workers = 1,
            TimeBudget = TimeSpan.FromMinutes(10), DeterministicCost = true,
            Trainers = [TrainerName.LightGbm, TrainerName.FastTree, TrainerName.LbfgsLogisticRegression],
        }).RunAsync(data, null, default, kinds);

        // CFO's first trial of each learner is its default point.
        var first = result.Trials.GroupBy(t => t.Learner).ToDictionary(g => g.Key, g => g.OrderBy(t => t.Id).First().Parameters.GetChoice(FeaturizerSearchSpace.MaxFeatures));
        Assert.Equal(3, first.Count);
        Assert.Equal("10000", first[nameof(TrainerName.LightGbm)]);
        Assert.Equal("10000", first[nameof(TrainerName.FastTree)]);
        Assert.Equal("All", first[nameof(TrainerName.LbfgsLogisticRegression)]);
        // The tree learners' space never offers the uncapped vocabulary.
        Assert.Equal(["10000", "2000", "50000"], ((ChoiceParameter)FeaturizerSearchSpace.TextForTrees.Parameters.Single(p => p.Name == FeaturizerSearchSpace.MaxFeatures)).Options.Select(o => o.Name));
        Assert.All(result.Trials.Where(t => FeaturizerSearchSpace.IsTreeLearner(t.Learner)), t => Assert.NotEqual("All", t.Parameters.GetChoice(FeaturizerSearchSpace.MaxFeatures)));
    }

    [Theory]
    [InlineData(5000, true, false, "Lbfgs,Sdca")]      // text only, 5,000 rows: the linear learners
    [InlineData(4999, true, false, "all")]             // fewer rows: every learner
    [InlineData(5000, false, false, "all")]            // a numeric column beside the text: every learner
    [InlineData(5000, true, true, "LightGbm")]         // trainers listed: exactly those
    public void Large_text_only_data_is_searched_with_the_linear_learners_unless_the_trainers_are_listed(int rows, bool textOnly, bool listed, string expected)
    {
        var plan = new FeaturizationPlan(AutoMLTask.BinaryClassification, "label", ColumnKind.Boolean,
            textOnly ? [new ColumnPlan("review", ColumnKind.Text)] : [new ColumnPlan("review", ColumnKind.Text), new ColumnPlan("price", ColumnKind.Numeric)]);
        var options = new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Trainers = listed ? [TrainerName.LightGbm] : null,
        };
        var learners = TunerFactory.Learners(options, plan, rows).Select(l => l.Name).ToArray();
        var all = TrainerSearchSpaces.For(AutoMLTask.BinaryClassification).Select(l => l.Name).ToArray();
        Assert.Equal(expected switch
        {
            "all" => all,
            "LightGbm" => [nameof(TrainerName.LightGbm)],
            _ => [nameof(TrainerName.SdcaLogisticRegression), nameof(TrainerName.LbfgsLogisticRegression)],
        }, learners);
    }

    [Fact]
    public void Text_features_are_not_min_max_scaled_and_other_columns_are()
    {
        var (data, kinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 80, text: true));
        var plan = Featurizer.Plan(data, "label", AutoMLTask.BinaryClassification, kinds);
        Assert.False(Featurizer.ScalesFeatures(plan));
        var ml = new MLContext(0);
        var output = Featurizer.Build(ml, plan, FeaturizerSearchSpace.Text.Default).Fit(data).Transform(data);
        // Read lazily: ML.NET's GetColumn hands out vectors whose buffers the next row may reuse.
        var features = output.GetColumn<VBuffer<float>>(FeaturizationPlan.FeaturesColumn);
        // The non-text block comes first (x1, x2, the flag and the one-hot segment: ML.NET's one-hot may add a slot).
        var tabular = ((VectorDataViewType)output.Schema["__tab"].Type).Size;
        Assert.InRange(tabular, 6, 8);
        foreach (var v in features)
        {
            var dense = v.DenseValues().ToArray();
            Assert.All(dense.Take(tabular), x => Assert.InRange(x, -1f - 1e-6f, 1f + 1e-6f)); // scaled by the largest magnitude (ML.NET's min-max with zero fixed)
            // The text slots: the word block and the character block each have norm 1 (both non-empty here).
            var text = dense.Skip(tabular).Select(x => (double)x * x).Sum();
            Assert.Equal(2.0, text, 4);
        }
    }

    [Fact]
    public void On_text_the_linear_learners_start_weakly_regularised_and_other_learners_keep_their_defaults()
    {
        foreach (var learner in TrainerSearchSpaces.For(AutoMLTask.BinaryClassification).Concat(TrainerSearchSpaces.For(AutoMLTask.MulticlassClassification)))
        {
            var text = TrainerSearchSpaces.WithTextDefaults(learner);
            var (l1, l2, tabularL2) = learner.Name switch
            {
                _ when learner.Name.StartsWith("Lbfgs", StringComparison.Ordinal) => (1.0 / 32768, TrainerSearchSpaces.TextLbfgsL2, 1.0),
                _ when learner.Name.StartsWith("Sdca", StringComparison.Ordinal) => (1e-4, TrainerSearchSpaces.TextSdcaL2, 0.01),
                _ => (double.NaN, double.NaN, double.NaN),
            };
            if (double.IsNaN(l1))
            {
                Assert.Same(learner, text);
                continue;
            }

            Assert.Equal(l2, text.Space.Default.GetDouble("L2Regularization"), 12); // log-scale encoding rounds
            Assert.Equal(l1, text.Space.Default.GetDouble("L1Regularization"), 12);
            Assert.Equal(tabularL2, learner.Space.Default.GetDouble("L2Regularization"), 12); // the tabular default is unchanged
        }
    }
}
