namespace MarketLab.Cluster.Tests;

/// <summary>
/// A fact that needs PostgreSQL: the connection string comes from <c>MARKETLAB_TEST_POSTGRES</c> (.ci/postgres.sh starts a
/// throwaway server and exports it). Skipped with this reason when absent, never skipped when CI=true.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string EnvironmentVariable = "MARKETLAB_TEST_POSTGRES";

    public PostgresFactAttribute() =>
        Skip = ConnectionString is not null || Environment.GetEnvironmentVariable("CI") == "true"
            ? null
            : $"needs a PostgreSQL server: set {EnvironmentVariable} (.ci/postgres.sh starts one); runs whenever CI=true";

    internal static string? ConnectionString => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } s ? s : null;

    internal static string Require() => ConnectionString
        ?? throw new InvalidOperationException($"CI=true but {EnvironmentVariable} is not set: .ci/run must start PostgreSQL through .ci/postgres.sh before the tests.");
}
