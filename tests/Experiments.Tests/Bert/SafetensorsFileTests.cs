using MarketLab.Experiments.Tests.Bert.Support;
using System.Buffers.Binary;
using System.Text;
using MarketLab.Experiments.Bert.Checkpoints;

namespace MarketLab.Experiments.Tests.Bert;

[Collection(TorchCollection.Name)]
public sealed class SafetensorsFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("marketlab-st-").FullName;

    private string PathOf(string name) => Path.Combine(directory, name);

    [Fact]
    public void Round_trip_keeps_every_dtype_shape_byte_and_the_metadata()
    {
        var tensors = new Dictionary<string, SafetensorsTensor>
        {
            ["a.f32"] = new(SafetensorsDType.F32, [2, 3], Bytes(24, seed: 1)),
            ["b.f16"] = new(SafetensorsDType.F16, [5], Bytes(10, seed: 2)),
            ["c.bf16"] = new(SafetensorsDType.BF16, [1, 1, 3], Bytes(6, seed: 3)),
            ["d.i64"] = new(SafetensorsDType.I64, [4], Bytes(32, seed: 4)),
            ["e.scalar"] = new(SafetensorsDType.F32, [], Bytes(4, seed: 5)),
            ["f.empty"] = new(SafetensorsDType.F32, [0, 7], Array.Empty<byte>()),
        };
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode" };
        new SafetensorsFile(tensors, metadata).Write(PathOf("x.safetensors"));

        SafetensorsFile read = SafetensorsFile.Read(PathOf("x.safetensors"));

        Assert.Equal(metadata, read.Metadata);
        Assert.Equal(tensors.Keys, read.Tensors.Keys);
        foreach ((string name, SafetensorsTensor t) in tensors)
        {
            Assert.Equal(t.DType, read.Tensors[name].DType);
            Assert.Equal(t.Shape, read.Tensors[name].Shape);
            Assert.Equal(t.Data.ToArray(), read.Tensors[name].Data.ToArray());
        }
    }

    [Fact]
    public void The_header_is_padded_to_eight_bytes_and_the_buffer_follows_it()
    {
        new SafetensorsFile(new Dictionary<string, SafetensorsTensor> { ["w"] = new(SafetensorsDType.F32, [1], Bytes(4, 9)) }).Write(PathOf("p.safetensors"));
        byte[] bytes = File.ReadAllBytes(PathOf("p.safetensors"));
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, n % 8);
        Assert.Equal(8 + (long)n + 4, bytes.Length);
    }

    [Fact]
    public void A_file_written_by_hand_from_the_spec_is_read()
    {
        // The format's own example: {"TENSOR_NAME": {"dtype": "F16", "shape": [1, 2], "data_offsets": [0, 4]}} (+ metadata).
        string json = """{"__metadata__":{"format":"pt"},"t":{"dtype":"F16","shape":[1,2],"data_offsets":[0,4]}}""";
        WriteRaw("spec.safetensors", json, [0x00, 0x3C, 0x00, 0xC0]); // 1.0, -2.0 in IEEE half
        SafetensorsFile read = SafetensorsFile.Read(PathOf("spec.safetensors"));
        Assert.Equal("pt", read.Metadata["format"]);
        Assert.Equal([(Half)1, (Half)(-2)], [BitConverter.ToHalf(read.Tensors["t"].Data.Span), BitConverter.ToHalf(read.Tensors["t"].Data.Span[2..])]);
    }

    [Theory]
    [InlineData("""{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", 4, "needs 8 bytes")]
    [InlineData("""{"t":{"dtype":"Q4","shape":[1],"data_offsets":[0,4]}}""", 4, "dtype 'Q4'")]
    [InlineData("""{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 8, "the tensors cover 4")]
    [InlineData("""{"t":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "hole of 4 bytes")]
    [InlineData("""{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 6, "past the 6-byte data buffer")]
    [InlineData("""{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"u":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}""", 8, "overlaps")]
    [InlineData("""{"t":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4, "negative dimension")]
    [InlineData("""{"t":{"shape":[1],"data_offsets":[0,4]}}""", 4, "has no dtype")]
    [InlineData("""{"__metadata__":{"k":1}}""", 0, "is not a string")]
    [InlineData("""{"t": [1, 2""", 0, "does not parse")]
    [InlineData("""[1, 2]""", 0, "not an object")]
    public void A_bad_header_names_the_file_and_the_problem(string json, int bufferBytes, string problem)
    {
        WriteRaw("bad.safetensors", json, new byte[bufferBytes]);
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Read(PathOf("bad.safetensors")));
        Assert.Contains(PathOf("bad.safetensors"), error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_header_length_beyond_the_file_is_reported()
    {
        byte[] bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        File.WriteAllBytes(PathOf("long.safetensors"), bytes);
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Read(PathOf("long.safetensors")));
        Assert.Contains("header length 1000 exceeds the 8 bytes", error.Message);
    }

    [Fact]
    public void A_file_shorter_than_the_length_field_is_reported()
    {
        File.WriteAllBytes(PathOf("tiny.safetensors"), [1, 2, 3]);
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Read(PathOf("tiny.safetensors")));
        Assert.Contains("3 bytes is shorter", error.Message);
    }

    [Fact]
    public void A_missing_file_names_its_path()
    {
        var error = Assert.Throws<FileNotFoundException>(() => SafetensorsFile.Read(PathOf("absent.safetensors")));
        Assert.Contains(PathOf("absent.safetensors"), error.Message);
    }

    private void WriteRaw(string name, string json, byte[] buffer)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        using var stream = File.Create(PathOf(name));
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        stream.Write(buffer);
    }

    private static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
