using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Tests.Bert.Support;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Tests.Bert;

[Collection(TorchCollection.Name)]
public sealed class StateDictLoaderTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("marketlab-sd-").FullName;

    [LinuxFact]
    public void Torch_tensors_round_trip_through_a_file_in_every_float_type_and_int64()
    {
        ScalarType[] types = [ScalarType.Float32, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Int64];
        var tensors = types.ToDictionary(t => t.ToString(), t => arange(12).reshape(3, 4).to_type(t));
        string path = Path.Combine(directory, "t.safetensors");
        SafetensorsTorch.Save(tensors, path);

        Dictionary<string, Tensor> read = SafetensorsTorch.LoadStateDict(path);

        foreach ((string name, Tensor original) in tensors)
        {
            Assert.Equal(original.dtype, read[name].dtype);
            Assert.Equal(original.shape, read[name].shape);
            Assert.True(Same(original, read[name]), name);
        }
    }

    [LinuxFact]
    public void A_matching_checkpoint_is_copied_into_the_module()
    {
        var source = nn.Linear(3, 2);
        var target = nn.Linear(3, 2);
        string path = Path.Combine(directory, "linear.safetensors");
        SafetensorsTorch.Save(source, path);

        StateDictLoader.LoadSafetensors(target, path);

        Assert.True(Same(source.weight!, target.weight!));
        Assert.True(Same(source.bias!, target.bias!));
    }

    [LinuxFact]
    public void Missing_unexpected_and_mismatched_keys_are_all_listed()
    {
        var module = nn.Linear(3, 2);
        var state = new Dictionary<string, Tensor>
        {
            ["weight"] = zeros(2, 4),       // shape mismatch
            ["extra.bias"] = zeros(2),      // unexpected
        };                                  // "bias" missing

        var error = Assert.Throws<CheckpointMismatchException>(() => StateDictLoader.LoadStrict(module, state, "test.safetensors"));

        Assert.Equal(["bias"], error.Missing);
        Assert.Equal(["extra.bias"], error.Unexpected);
        Assert.Equal(["weight: checkpoint [2, 4] vs module [2, 3]"], error.Mismatched);
        Assert.Contains("test.safetensors", error.Message);
    }

    [LinuxFact]
    public void Nothing_is_copied_when_the_checkpoint_does_not_match()
    {
        var module = nn.Linear(3, 2);
        Tensor before = module.weight!.detach().clone();
        var state = new Dictionary<string, Tensor> { ["weight"] = ones(2, 3) };
        Assert.Throws<CheckpointMismatchException>(() => StateDictLoader.LoadStrict(module, state, "partial"));
        Assert.True(Same(before, module.weight!));
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
