using System.Text.Json;
using Microsoft.Data.Sqlite;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Experiments.AutoML.Store;

/// <summary>
/// SQLite store of one AutoML search's trials (not to be confused with the run store of spec runs,
/// <c>Runs/Store/RunStore</c>). Every proposal (trial id and how many results the tuner had seen) and every finished trial is written at once in its own transaction, so a run killed at any point leaves
/// only whole rows; <see cref="AutoMLExperiment"/> replays them into a fresh tuner to resume.
/// A <c>config</c> row guards against resuming with a different task, label, tuner or seed.
/// </summary>
public sealed class TrialStore : IDisposable
{
    private readonly SqliteConnection _connection;

    private TrialStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> for a run with configuration <paramref name="config"/>.</summary>
    /// <exception cref="InvalidOperationException">The store holds a run of another configuration.</exception>
    public static TrialStore Open(string path, string config)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        var store = new TrialStore(connection);
        store.Execute("""
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS proposals (id INTEGER PRIMARY KEY, proposed_after INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS trials (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, learner TEXT NOT NULL,
                parameters TEXT NOT NULL, fold_metrics TEXT NOT NULL, metric REAL, duration_s REAL NOT NULL,
                peak_memory_bytes INTEGER NOT NULL, status TEXT NOT NULL, error TEXT);
            """);
        using var read = store.Command("SELECT value FROM meta WHERE key = 'config'");
        if (read.ExecuteScalar() is string existing && existing != config)
        {
            store.Dispose();
            throw new InvalidOperationException($"{path}: the store holds a run with configuration {existing}; this run is {config}. Use another --store file.");
        }

        store.Execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('config', $v)", ("$v", config));
        return store;
    }

    /// <summary>Records that trial <paramref name="id"/> was proposed after the tuner had seen <paramref name="proposedAfter"/> results.</summary>
    public void WriteProposal(int id, int proposedAfter) =>
        Execute("INSERT OR REPLACE INTO proposals (id, proposed_after) VALUES ($id, $after)", ("$id", id), ("$after", proposedAfter));

    /// <summary>Writes a finished trial as the <paramref name="seq"/>-th result reported to the tuner.</summary>
    public void WriteTrial(TrialRecord r, int seq) =>
        Execute("""
            INSERT INTO trials (id, seq, learner, parameters, fold_metrics, metric, duration_s, peak_memory_bytes, status, error)
            VALUES ($id, $seq, $learner, $parameters, $folds, $metric, $duration, $peak, $status, $error)
            """,
            ("$id", r.Id), ("$seq", seq), ("$learner", r.Learner), ("$parameters", r.Parameters.ToJson()),
            ("$folds", JsonSerializer.Serialize(r.FoldMetrics.Select(m => double.IsFinite(m) ? m : (double?)null))),
            ("$metric", double.IsFinite(r.Metric) ? r.Metric : null), ("$duration", r.DurationSeconds), ("$peak", r.PeakMemoryBytes),
            ("$status", r.Status.ToString()), ("$error", r.Error));

    /// <summary>Proposal order: id → results seen before it was proposed.</summary>
    public IReadOnlyDictionary<int, int> Proposals()
    {
        using var command = Command("SELECT id, proposed_after FROM proposals ORDER BY id");
        using var reader = command.ExecuteReader();
        var result = new Dictionary<int, int>();
        while (reader.Read()) result[reader.GetInt32(0)] = reader.GetInt32(1);
        return result;
    }

    /// <summary>Finished trials in the order their results reached the tuner.</summary>
    public IReadOnlyList<TrialRecord> Trials() => Query("SELECT * FROM trials ORDER BY seq");

    /// <summary>The best <paramref name="top"/> succeeded trials for <paramref name="metric"/>'s direction.</summary>
    public IReadOnlyList<TrialRecord> Leaderboard(AutoMLMetric metric, int top = 10) =>
        Query($"SELECT * FROM trials WHERE status = 'Succeeded' ORDER BY metric {(AutoMLMetrics.Goal(metric) == OptimizationGoal.Minimize ? "ASC" : "DESC")}, id LIMIT {top}");

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private List<TrialRecord> Query(string sql)
    {
        using var command = Command(sql);
        using var reader = command.ExecuteReader();
        var list = new List<TrialRecord>();
        while (reader.Read())
        {
            var folds = JsonSerializer.Deserialize<double?[]>(reader.GetString(reader.GetOrdinal("fold_metrics")))!.Select(m => m ?? double.NaN).ToArray();
            int metric = reader.GetOrdinal("metric"), error = reader.GetOrdinal("error");
            list.Add(new TrialRecord(
                reader.GetInt32(reader.GetOrdinal("id")), reader.GetString(reader.GetOrdinal("learner")),
                ParameterSet.FromJson(reader.GetString(reader.GetOrdinal("parameters"))), folds,
                reader.IsDBNull(metric) ? double.NaN : reader.GetDouble(metric),
                reader.GetDouble(reader.GetOrdinal("duration_s")), reader.GetInt64(reader.GetOrdinal("peak_memory_bytes")),
                Enum.Parse<TrialStatus>(reader.GetString(reader.GetOrdinal("status"))),
                reader.IsDBNull(error) ? null : reader.GetString(error)));
        }

        return list;
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    // One statement (or script) per transaction: a crash between calls never leaves part of a row.
    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var transaction = _connection.BeginTransaction();
        using var command = Command(sql);
        command.Transaction = transaction;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}
