using System.Net.Sockets;
using System.Text.Json;
using Npgsql;
using Orleans.Runtime;

namespace MarketLab.Cluster;

/// <summary>
/// Orleans cluster membership in PostgreSQL (<see cref="IMembershipTable"/>): one row per silo and one version row per
/// cluster, written under the table-version check that Orleans' membership protocol relies on (an insert or update
/// succeeds only when the caller read the current table version; the row update also checks the row's etag). Silos find
/// each other, and clients find gateways (<see cref="PostgresGatewayListProvider"/>), through it.
/// Why not Orleans' ADO.NET provider: it needs its SQL scripts in the database, and the 10.4.2 packages do not ship
/// them (docs/cluster.md); this table creates its own two tables on first use.
/// </summary>
internal sealed class PostgresMembershipTable(ClusterConnection connection) : IMembershipTable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS marketlab_membership_version (
            cluster_id TEXT PRIMARY KEY, version INTEGER NOT NULL, etag INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS marketlab_membership (
            cluster_id TEXT NOT NULL, address TEXT NOT NULL, entry TEXT NOT NULL, etag INTEGER NOT NULL,
            status INTEGER NOT NULL, i_am_alive TIMESTAMPTZ NOT NULL, PRIMARY KEY (cluster_id, address));
        """;

    private string Cluster => connection.ClusterId;

    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        await using var db = await OpenAsync();
        // Two silos starting together may both create the tables; the advisory lock makes that one at a time.
        await Execute(db, null, "SELECT pg_advisory_lock(718281828)");
        try
        {
            await Execute(db, null, Schema);
            if (tryInitTableVersion)
                await Execute(db, null, "INSERT INTO marketlab_membership_version VALUES (@c, 0, 0) ON CONFLICT DO NOTHING", ("c", Cluster));
        }
        finally
        {
            await Execute(db, null, "SELECT pg_advisory_unlock(718281828)");
        }
    }

    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        await using var db = await OpenAsync();
        await Execute(db, null, "DELETE FROM marketlab_membership WHERE cluster_id = @c; DELETE FROM marketlab_membership_version WHERE cluster_id = @c", ("c", clusterId));
    }

    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        await using var db = await OpenAsync();
        await Execute(db, null, "DELETE FROM marketlab_membership WHERE cluster_id = @c AND status = @dead AND i_am_alive < @before",
            ("c", Cluster), ("dead", (int)SiloStatus.Dead), ("before", beforeDate.UtcDateTime));
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => Read(key.ToParsableString());

    public Task<MembershipTableData> ReadAll() => Read(null);

    public async Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        await using var db = await OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        if (!await LockVersion(db, tx, tableVersion)) return false;
        var inserted = await Execute(db, tx, """
            INSERT INTO marketlab_membership VALUES (@c, @a, @e, 0, @s, @alive) ON CONFLICT DO NOTHING
            """, ("c", Cluster), ("a", entry.SiloAddress.ToParsableString()), ("e", EntryJson.Write(entry)), ("s", (int)entry.Status),
            ("alive", entry.IAmAliveTime.ToUniversalTime()));
        if (inserted != 1) return false;
        await SetVersion(db, tx, tableVersion);
        await tx.CommitAsync();
        return true;
    }

    public async Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        await using var db = await OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        if (!await LockVersion(db, tx, tableVersion)) return false;
        var updated = await Execute(db, tx, """
            UPDATE marketlab_membership SET entry = @e, etag = etag + 1, status = @s, i_am_alive = @alive
            WHERE cluster_id = @c AND address = @a AND etag = @etag
            """, ("c", Cluster), ("a", entry.SiloAddress.ToParsableString()), ("e", EntryJson.Write(entry)), ("s", (int)entry.Status),
            ("alive", entry.IAmAliveTime.ToUniversalTime()), ("etag", int.Parse(etag, System.Globalization.CultureInfo.InvariantCulture)));
        if (updated != 1) return false;
        await SetVersion(db, tx, tableVersion);
        await tx.CommitAsync();
        return true;
    }

    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        // Heartbeats touch only the time column: they change neither the row's etag nor the table version.
        await using var db = await OpenAsync();
        await Execute(db, null, "UPDATE marketlab_membership SET i_am_alive = @alive WHERE cluster_id = @c AND address = @a",
            ("c", Cluster), ("a", entry.SiloAddress.ToParsableString()), ("alive", entry.IAmAliveTime.ToUniversalTime()));
    }

    private async Task<MembershipTableData> Read(string? address)
    {
        await using var db = await OpenAsync();
        await using var tx = await db.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        var version = new TableVersion(0, "0");
        await using (var command = Command(db, tx, "SELECT version, etag FROM marketlab_membership_version WHERE cluster_id = @c", ("c", Cluster)))
        await using (var reader = await command.ExecuteReaderAsync())
            if (await reader.ReadAsync()) version = new TableVersion(reader.GetInt32(0), reader.GetInt32(1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var rows = new List<Tuple<MembershipEntry, string>>();
        var sql = "SELECT entry, etag, i_am_alive FROM marketlab_membership WHERE cluster_id = @c" + (address is null ? "" : " AND address = @a");
        await using (var command = Command(db, tx, sql, ("c", Cluster), ("a", address ?? "")))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                var entry = EntryJson.Read(reader.GetString(0));
                entry.IAmAliveTime = DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc);
                rows.Add(Tuple.Create(entry, reader.GetInt32(1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

        await tx.CommitAsync();
        return new MembershipTableData(rows, version);
    }

    // Locks the cluster's version row; true when the caller's view (etag) is current.
    private async Task<bool> LockVersion(NpgsqlConnection db, NpgsqlTransaction tx, TableVersion expected)
    {
        await using var command = Command(db, tx, "SELECT etag FROM marketlab_membership_version WHERE cluster_id = @c FOR UPDATE", ("c", Cluster));
        var etag = await command.ExecuteScalarAsync();
        return etag is int current && current.ToString(System.Globalization.CultureInfo.InvariantCulture) == expected.VersionEtag;
    }

    private Task<int> SetVersion(NpgsqlConnection db, NpgsqlTransaction tx, TableVersion next) =>
        Execute(db, tx, "UPDATE marketlab_membership_version SET version = @v, etag = etag + 1 WHERE cluster_id = @c", ("c", Cluster), ("v", next.Version));

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var db = new NpgsqlConnection(connection.ConnectionString);
        try
        {
            await db.OpenAsync();
            return db;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            await db.DisposeAsync();
            throw new ClusterConfigurationException(
                $"The clustering database is unreachable ({connection.Describe()}): {e.Message}. Start PostgreSQL or fix --cluster.", e);
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection db, NpgsqlTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, db, tx);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    private static async Task<int> Execute(NpgsqlConnection db, NpgsqlTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(db, tx, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }
}
