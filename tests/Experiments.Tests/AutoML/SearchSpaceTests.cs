using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;

namespace MarketLab.Experiments.Tests.AutoML;

public class SearchSpaceTests
{
    private static readonly SearchSpace Mixed = new(
        new FloatParameter("Rate", 1e-3, 1, 0.1, ParameterScale.Log),
        new FloatParameter("Fraction", 0, 1, 0.5),
        new IntParameter("Trees", 4, 32768, 4, ParameterScale.Log, CostDirection.LowIsCheap),
        new IntParameter("Depth", 1, 10, 3),
        new ChoiceParameter("Learner",
            [new ChoiceOption("Linear", new SearchSpace(new FloatParameter("L2", 0.01, 100, 1, ParameterScale.Log))),
             new ChoiceOption("Trees", new SearchSpace(new IntParameter("Leaves", 4, 1024, 4, ParameterScale.Log), new ChoiceParameter("Boost", "gbdt", "dart"))),
             "Constant"],
            "Trees"));

    [Fact]
    public void Dimension_counts_nested_sub_spaces()
    {
        Assert.Equal(4 + 1 + 1 + 2, Mixed.Dimension); // 4 numeric; Learner: choice + L2 + (Leaves, Boost)
    }

    [Fact]
    public void Float_vector_round_trips_exactly_on_linear_and_log_scales()
    {
        var space = new SearchSpace(new FloatParameter("a", -2, 3), new FloatParameter("b", 1e-4, 10, 1, ParameterScale.Log));
        var random = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            var u = space.SampleVector(random);
            var back = space.ToVector(space.ToParameters(u));
            Assert.Equal(u[0], back[0], 12);
            Assert.Equal(u[1], back[1], 12);
        }
    }

    [Fact]
    public void Canonical_vectors_are_fixed_points_for_every_kind_and_nesting()
    {
        var random = new Random(2);
        for (var i = 0; i < 500; i++)
        {
            var p = Mixed.Sample(random);
            var u = Mixed.ToVector(p);
            Assert.Equal(p, Mixed.ToParameters(u));
            Assert.Equal(u, Mixed.ToVector(Mixed.ToParameters(u)));
            Assert.All(u, x => Assert.InRange(x, 0, 1));
        }
    }

    [Fact]
    public void Every_int_value_round_trips_on_linear_and_log_scale()
    {
        var lin = new IntParameter("n", -3, 40);
        var log = new IntParameter("n", 1, 3000, scale: ParameterScale.Log);
        foreach (var p in new[] { lin, log })
        {
            var space = new SearchSpace(p);
            for (var v = p.Min; v <= p.Max; v++)
                Assert.Equal(v, space.ToParameters(space.ToVector(new ParameterSet([new("n", ParameterValue.Int(v))]))).GetInt("n"));
        }
    }

    [Fact]
    public void Log_int_buckets_are_equal_width_in_log_space()
    {
        var space = new SearchSpace(new IntParameter("n", 1, 1023, scale: ParameterScale.Log));
        Assert.Equal(1, space.ToParameters([0.0]).GetInt("n"));
        Assert.Equal(32, space.ToParameters([0.5]).GetInt("n")); // exp(0.5·ln 1024) = 32
        Assert.Equal(1023, space.ToParameters([1.0]).GetInt("n"));
    }

    [Fact]
    public void Choices_map_to_equal_width_buckets()
    {
        var space = new SearchSpace(new ChoiceParameter("c", "a", "b", "c", "d"));
        Assert.Equal(["a", "a", "b", "c", "d", "d"], new[] { 0.0, 0.2499, 0.25, 0.6, 0.75, 1.0 }.Select(u => space.ToParameters([u]).GetChoice("c")));
        Assert.Equal(0.625, space.ToVector(space.ToParameters([0.6]))[0]);
    }

    [Fact]
    public void Nested_choice_decodes_only_the_chosen_options_sub_space()
    {
        var p = Mixed.Default;
        Assert.Equal("Trees", p.GetChoice("Learner"));
        Assert.Equal(["Boost", "Leaves"], p.GetNested("Learner").Keys);
        Assert.Equal(4, p.GetNested("Learner").GetInt("Leaves"));
    }

    [Fact]
    public void Default_is_the_declared_cheap_point()
    {
        var p = Mixed.Default;
        Assert.Equal(0.1, p.GetDouble("Rate"), 12);
        Assert.Equal(4, p.GetInt("Trees"));
        Assert.Equal(3, p.GetInt("Depth"));
        Assert.Equal(1, new IntParameter("n", 1, 9, cheap: CostDirection.LowIsCheap).Default.AsInt());
        Assert.Equal(9, new IntParameter("n", 1, 9, cheap: CostDirection.HighIsCheap).Default.AsInt());
    }

    [Fact]
    public void Parameter_order_is_by_name_not_declaration()
    {
        var a = new SearchSpace(new FloatParameter("b", 0, 1), new FloatParameter("a", 0, 1));
        Assert.Equal(["a", "b"], a.Parameters.Select(p => p.Name));
        Assert.Equal(["a", "b"], a.Default.Keys);
    }

    [Fact]
    public void Same_seed_samples_the_same_parameters()
    {
        Assert.Equal(Mixed.Sample(new Random(7)), Mixed.Sample(new Random(7)));
    }

    [Fact]
    public void Invalid_ranges_and_values_throw_naming_the_value()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new FloatParameter("lr", 0, 1, scale: ParameterScale.Log));
        Assert.Contains("lr", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntParameter("n", 5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntParameter("n", 1, 9, 10));
        Assert.Throws<ArgumentException>(() => new SearchSpace(new FloatParameter("a", 0, 1), new IntParameter("a", 0, 1)));
        var bad = new ParameterSet([new("Depth", ParameterValue.Int(11))]);
        var oor = Assert.Throws<ArgumentOutOfRangeException>(() => new SearchSpace(new IntParameter("Depth", 1, 10)).ToVector(bad));
        Assert.Contains("[1, 10]", oor.Message);
        Assert.Throws<ArgumentException>(() => Mixed.ToParameters([0.5]));
    }
}
