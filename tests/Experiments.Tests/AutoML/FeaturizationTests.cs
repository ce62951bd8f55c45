using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Tests.AutoML;

public sealed class FeaturizationTests
{
    [Fact]
    public void Csv_columns_get_kinds_from_their_values()
    {
        var (_, kinds) = AutoMLTestData.Load("n,b,c,t\n1.5,true,red,the quick brown fox\n,false,blue,a lazy dog sleeps here\n3,TRUE,red,nothing to see here\n");
        Assert.Equal(ColumnKind.Numeric, kinds["n"]);
        Assert.Equal(ColumnKind.Boolean, kinds["b"]);
        Assert.Equal(ColumnKind.Categorical, kinds["c"]);
        Assert.Equal(ColumnKind.Text, kinds["t"]);
    }

    [Fact]
    public void Plan_one_hot_encodes_small_categoricals_and_hashes_large_ones()
    {
        var csv = "small,large,y\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"s{i % 3},shop{i % 100},{i % 2}\n"));
        var (data, kinds) = AutoMLTestData.Load(csv);
        var plan = Featurizer.Plan(data, "y", AutoMLTask.BinaryClassification, kinds);
        Assert.False(plan.Features.Single(f => f.Name == "small").Hashed);
        Assert.True(plan.Features.Single(f => f.Name == "large").Hashed);
        Assert.Equal(ColumnKind.Numeric, plan.LabelKind);
    }

    [Theory]
    [InlineData(AutoMLTask.BinaryClassification)]
    [InlineData(AutoMLTask.MulticlassClassification)]
    [InlineData(AutoMLTask.Regression)]
    public void Featurizer_produces_label_and_feature_vector_per_task(AutoMLTask task)
    {
        var (data, kinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 40, text: true));
        var plan = Featurizer.Plan(data, "label", task, kinds);
        Assert.True(plan.HasText);
        var ml = new MLContext(0);
        var parameters = FeaturizerSearchSpace.Text.Default;
        var output = Featurizer.Build(ml, plan, parameters).Fit(data).Transform(data);
        var features = output.Schema[FeaturizationPlan.FeaturesColumn];
        Assert.True(((Microsoft.ML.Data.VectorDataViewType)features.Type).Size > 5);
        var labelType = output.Schema[FeaturizationPlan.LabelColumn].Type;
        Assert.Equal(task switch
        {
            AutoMLTask.BinaryClassification => typeof(bool),
            AutoMLTask.MulticlassClassification => typeof(uint),
            _ => typeof(float),
        }, labelType.RawType);
    }

    [Fact]
    public void Missing_label_column_lists_the_columns()
    {
        var (data, _) = AutoMLTestData.Load("a,b\n1,2\n3,4\n");
        var e = Assert.Throws<AutoMLDataException>(() => Featurizer.Plan(data, "y", AutoMLTask.Regression));
        Assert.Equal("y", e.Column);
        Assert.Contains("columns: a, b", e.Message);
    }

    [Fact]
    public void Single_class_label_is_an_error_naming_the_column()
    {
        var (data, _) = AutoMLTestData.Load("a,y\n1,true\n2,true\n");
        var e = Assert.Throws<AutoMLDataException>(() => Featurizer.Plan(data, "y", AutoMLTask.BinaryClassification));
        Assert.Contains("'y' has a single class", e.Message);
    }

    [Fact]
    public void Constant_regression_label_is_an_error()
    {
        var (data, _) = AutoMLTestData.Load("a,y\n1,5\n2,5\n");
        var e = Assert.Throws<AutoMLDataException>(() => Featurizer.Plan(data, "y", AutoMLTask.Regression));
        Assert.Contains("'y' is constant", e.Message);
    }

    [Fact]
    public void All_missing_feature_is_an_error_naming_it()
    {
        var (data, _) = AutoMLTestData.Load("a,empty,y\n1,,0\n2,NA,1\n");
        var e = Assert.Throws<AutoMLDataException>(() => Featurizer.Plan(data, "y", AutoMLTask.BinaryClassification));
        Assert.Equal("empty", e.Column);
    }

    [Fact]
    public void Header_only_file_is_an_error()
    {
        var e = Assert.Throws<AutoMLDataException>(() => AutoMLTestData.Load("a,y\n"));
        Assert.Contains("no data rows", e.Message);
    }

    [Fact]
    public void Zero_byte_file_is_an_error_naming_the_file()
    {
        var path = AutoMLTestData.TempPath(".csv");
        File.WriteAllText(path, "");
        try
        {
            var e = Assert.ThrowsAny<Exception>(() => CsvDataLoader.Load(path));
            Assert.True(e is AutoMLDataException or MarketLab.Evaluation.Data.CsvFormatException, e.GetType().Name + ": " + e.Message);
            Assert.Contains(Path.GetFileName(path), e.Message);
        }
        finally { File.Delete(path); }
    }
}
