using System.Text.Json;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Experiments.Tests.AutoML;

public class ParameterSetTests
{
    private static readonly ParameterSet Sample = new([
        new("NumberOfTrees", ParameterValue.Int(4)),
        new("LearningRate", ParameterValue.Float(1.0)),
        new("Tiny", ParameterValue.Float(1e-7)),
        new("Loss", ParameterValue.Choice("Hinge")),
        new("Trainer", ParameterValue.Choice("LightGbm", new ParameterSet([
            new("NumberOfLeaves", ParameterValue.Int(31)), new("L2Regularization", ParameterValue.Float(0.1 + 0.2))]))),
    ]);

    [Fact]
    public void Json_round_trip_preserves_types_values_and_nesting()
    {
        var json = Sample.ToJson();
        var back = ParameterSet.FromJson(json);
        Assert.Equal(Sample, back);
        Assert.Equal(ParameterKind.Float, back["LearningRate"].Kind);
        Assert.Equal(ParameterKind.Int, back["NumberOfTrees"].Kind);
        Assert.Equal(0.1 + 0.2, back.GetNested("Trainer").GetDouble("L2Regularization"));
    }

    [Fact]
    public void Json_is_ordered_and_readable()
    {
        Assert.Equal(
            """{"LearningRate":1.0,"Loss":"Hinge","NumberOfTrees":4,"Tiny":1E-07,"Trainer":{"choice":"LightGbm","parameters":{"L2Regularization":0.30000000000000004,"NumberOfLeaves":31}}}""",
            Sample.ToJson());
    }

    [Fact]
    public void Works_with_JsonSerializer_inside_other_records()
    {
        var trial = new Trial(3, Sample, "LightGbm");
        var back = JsonSerializer.Deserialize<Trial>(JsonSerializer.Serialize(trial));
        Assert.Equal(trial, back);
    }

    [Fact]
    public void Sampled_sets_of_a_nested_space_round_trip_through_json()
    {
        var space = TrainerSearchSpaces.Nested(TrainerSearchSpaces.For(AutoMLTask.BinaryClassification));
        var random = new Random(3);
        for (var i = 0; i < 100; i++)
        {
            var p = space.Sample(random);
            var back = ParameterSet.FromJson(p.ToJson());
            Assert.Equal(p, back);
            Assert.Equal(space.ToVector(p), space.ToVector(back));
        }
    }

    [Fact]
    public void Equality_and_hash_ignore_insertion_order()
    {
        var a = new ParameterSet([new("a", ParameterValue.Int(1)), new("b", ParameterValue.Float(2))]);
        var b = new ParameterSet([new("b", ParameterValue.Float(2)), new("a", ParameterValue.Int(1))]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new ParameterSet([new("a", ParameterValue.Float(1)), new("b", ParameterValue.Float(2))]));
    }

    [Fact]
    public void Errors_name_the_parameter()
    {
        Assert.Throws<ArgumentException>(() => new ParameterSet([new("a", ParameterValue.Int(1)), new("a", ParameterValue.Int(2))]));
        Assert.Contains("'zz'", Assert.Throws<KeyNotFoundException>(() => Sample["zz"]).Message);
        Assert.Throws<InvalidOperationException>(() => Sample.GetInt("LearningRate"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterValue.Float(double.NaN));
    }
}
