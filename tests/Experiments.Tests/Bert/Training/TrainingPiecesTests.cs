using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Tests.Bert.Support;

namespace MarketLab.Experiments.Tests.Bert.Training;

[Collection(TorchCollection.Name)]
public sealed class TrainingPiecesTests
{
    [Fact]
    public void Schedule_warms_up_linearly_then_decays_to_zero()
    {
        // transformers' get_linear_schedule_with_warmup(num_warmup_steps=4, num_training_steps=10): step/4, then (10-step)/6.
        var schedule = new LinearWarmupSchedule(4, 10);
        double[] expected = [0, 0.25, 0.5, 0.75, 1, 5 / 6.0, 4 / 6.0, 3 / 6.0, 2 / 6.0, 1 / 6.0, 0, 0];
        Assert.Equal(expected, Enumerable.Range(0, 12).Select(schedule.Multiplier), new DoubleTolerance(1e-12));
    }

    [Fact]
    public void Schedule_without_warmup_starts_at_the_peak()
    {
        var schedule = LinearWarmupSchedule.FromFraction(0, 8);
        Assert.Equal(1.0, schedule.Multiplier(0));
        Assert.Equal(0.5, schedule.Multiplier(4));
    }

    [LinuxFact]
    public void No_decay_group_holds_every_bias_and_LayerNorm_weight()
    {
        using var model = new BertForSequenceClassification(TinyBert.Config);
        (var decay, var noDecay) = ParameterGroups.Split(model);
        Assert.All(noDecay, p => Assert.True(p.Name.EndsWith(".bias", StringComparison.Ordinal) || p.Name.Contains("LayerNorm.weight", StringComparison.Ordinal), p.Name));
        Assert.Contains(noDecay, p => p.Name == "bert.embeddings.LayerNorm.weight");
        Assert.Contains(noDecay, p => p.Name == "classifier.bias");
        Assert.All(decay, p => Assert.EndsWith(".weight", p.Name));
        Assert.DoesNotContain(decay, p => p.Name.Contains("LayerNorm", StringComparison.Ordinal));
        Assert.Contains(decay, p => p.Name == "bert.embeddings.word_embeddings.weight");
        Assert.Equal(model.parameters().Count(), decay.Count + noDecay.Count);
    }

    [Fact]
    public void Counts_add_across_uneven_batches()
    {
        // Regression test: ML.NET's NAS-BERT validation loop overwrote its counters with the last batch's.
        var counts = new ClassificationCounts(2);
        counts.Add([1, 1, 0, 0, 1], [1, 0, 0, 0, 1], meanBatchLoss: 0.2); // 4 of 5 right
        counts.Add([0], [1], meanBatchLoss: 1.0);                         // 0 of 1 right
        counts.Add([1, 0], [1, 0], meanBatchLoss: 0.1);                   // 2 of 2 right
        Assert.Equal(8, counts.Total);
        Assert.Equal(6, counts.Correct);
        Assert.Equal(0.75, counts.Accuracy, 12);
        Assert.Equal((0.2 * 5 + 1.0 + 0.1 * 2) / 8, counts.MeanLoss, 12);
        Assert.Equal(1, counts[0, 1]);
        Assert.Equal(1, counts[1, 0]);
    }

    [Fact]
    public void Unknown_label_is_named()
    {
        var labels = new LabelSet(["neg", "pos"]);
        var error = Assert.Throws<ArgumentException>(() => labels.IdOf("neutral", row: 7));
        Assert.Contains("'neutral'", error.Message);
        Assert.Contains("row 7", error.Message);
    }

    [Fact]
    public void Options_reject_bad_values_naming_them()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BertTrainingOptions { WarmupFraction = 1.5 }.Validate());
        Assert.Contains("WarmupFraction", error.Message);
        Assert.Throws<ArgumentException>(() => new BertTrainingOptions { Resume = true }.Validate());
    }

    private sealed class DoubleTolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
