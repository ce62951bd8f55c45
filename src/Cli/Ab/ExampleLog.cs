using MarketLab.Experiments.Data.Synthetic;

namespace MarketLab.Cli.Ab;

/// <summary>The seeded example unit log of <c>marketlab ab --example</c>; the generator lives in <see cref="AbUnitLog"/>.</summary>
internal static class ExampleLog
{
    public const int DefaultRows = AbUnitLog.DefaultRows;
    public const int DefaultSeed = AbUnitLog.DefaultSeed;

    public static void Write(TextWriter writer, int rows = DefaultRows, int seed = DefaultSeed) => AbUnitLog.Write(writer, rows, seed);

    public static void Write(string path, int rows = DefaultRows, int seed = DefaultSeed) => AbUnitLog.Write(path, rows, seed);
}
