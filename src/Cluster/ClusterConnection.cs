using Npgsql;

namespace MarketLab.Cluster;

/// <summary>How silos and clients find each other: the <c>--cluster CONN</c> option.</summary>
public enum ClusterMode
{
    /// <summary><c>localhost:PORT</c>: Orleans development clustering on one machine; the primary silo listens on PORT (silo) and PORT+1 (gateway).</summary>
    Localhost,

    /// <summary>An Npgsql connection string: membership in PostgreSQL (<see cref="PostgresMembershipTable"/>), any number of machines.</summary>
    Postgres,
}

/// <summary>A parsed <c>--cluster</c> value.</summary>
public sealed record ClusterConnection
{
    private ClusterConnection() { }

    public ClusterMode Mode { get; private init; }

    /// <summary>Localhost mode: the primary silo's silo port (its gateway is the next port).</summary>
    public int PrimaryPort { get; private init; }

    /// <summary>Postgres mode: the Npgsql connection string.</summary>
    public string ConnectionString { get; private init; } = "";

    /// <summary>Orleans cluster id (several clusters may share one database).</summary>
    public string ClusterId { get; init; } = ClusterHosting.ClusterId;

    /// <summary>Parses <c>localhost:PORT</c> or an Npgsql connection string (<c>Host=...;Username=...;Database=...</c>, optionally with <c>ClusterId=NAME</c>).</summary>
    /// <exception cref="ClusterConfigurationException">Neither form.</exception>
    public static ClusterConnection Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ClusterConfigurationException("--cluster is empty: give localhost:PORT or a PostgreSQL connection string (Host=...;Username=...;Database=...).");
        var colon = text.LastIndexOf(':');
        if (!text.Contains('=') && colon > 0 && text[..colon] is "localhost" or "127.0.0.1")
            return int.TryParse(text[(colon + 1)..], out var port) && port is > 0 and < 65535
                ? new ClusterConnection { Mode = ClusterMode.Localhost, PrimaryPort = port }
                : throw new ClusterConfigurationException($"--cluster '{text}': the port must be a number from 1 to 65534.");
        // Our own key, ClusterId=NAME, separates clusters that share one database (a fresh id per deployment, as Orleans advises).
        var clusterId = ClusterHosting.ClusterId;
        var parts = text.Split(';', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (parts.FirstOrDefault(p => p.Split('=')[0].Trim().Equals("ClusterId", StringComparison.OrdinalIgnoreCase)) is { } idPart)
        {
            clusterId = idPart[(idPart.IndexOf('=') + 1)..].Trim();
            if (clusterId.Length == 0) throw new ClusterConfigurationException($"--cluster '{text}': ClusterId= is empty.");
            parts.Remove(idPart);
            text = string.Join(';', parts);
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            if (string.IsNullOrEmpty(builder.Host)) throw new ClusterConfigurationException($"--cluster '{text}': a PostgreSQL connection string needs Host=.");
            return new ClusterConnection { Mode = ClusterMode.Postgres, ConnectionString = builder.ConnectionString, ClusterId = clusterId };
        }
        catch (ArgumentException e)
        {
            throw new ClusterConfigurationException($"--cluster '{text}': neither localhost:PORT nor a PostgreSQL connection string ({e.Message}).", e);
        }
    }

    /// <summary>Where it points, without credentials.</summary>
    public string Describe()
    {
        if (Mode == ClusterMode.Localhost) return $"localhost:{PrimaryPort}";
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port}, database {b.Database ?? "(default)"}" + (ClusterId == ClusterHosting.ClusterId ? "" : $", cluster {ClusterId}");
    }
}
