namespace MarketLab.Experiments.Tests.Data.Sql;

/// <summary>
/// A fact that needs a PostgreSQL server: the connection string comes from <c>MARKETLAB_TEST_POSTGRES</c>, which
/// .ci/postgres.sh exports after starting a throwaway cluster. Skipped with this reason outside CI when the variable
/// is absent; never skipped when CI=true, where a missing server must fail the test.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string EnvironmentVariable = "MARKETLAB_TEST_POSTGRES";

    /// <param name="sharedData">A file under ../shared/datasets the test also needs (as <see cref="SharedDataFactAttribute"/>).</param>
    public PostgresFactAttribute(string? sharedData = null) => Skip = SkipReason(sharedData);

    internal static string? SkipReason(string? sharedData = null) =>
        ConnectionString is not null || SharedDataFactAttribute.IsCi
            ? sharedData is null ? null : SharedDataFactAttribute.SkipReason(sharedData)
            : $"needs a PostgreSQL server: set {EnvironmentVariable} to an Npgsql connection string (.ci/postgres.sh starts one); runs whenever CI=true";

    internal static string? ConnectionString => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } s ? s : null;

    /// <summary>The connection string, or a failure that says how CI should have provided it.</summary>
    internal static string Require() => ConnectionString
        ?? throw new InvalidOperationException($"CI=true but {EnvironmentVariable} is not set: .ci/run must start PostgreSQL through .ci/postgres.sh before the tests.");
}

/// <summary>The theory form of <see cref="PostgresFactAttribute"/>.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute() => Skip = PostgresFactAttribute.SkipReason();
}
