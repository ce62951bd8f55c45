using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MarketLab.Experiments.Runs.Statistics;

namespace MarketLab.Experiments.Runs.Store;

/// <summary>
/// The SQLite run store: a <c>runs</c> table (spec text and SHA-256, git commit, package versions, hardware,
/// seed, start/end, status) and a <c>candidates</c> table (metrics and report details as JSON, duration,
/// artifacts, status) and a <c>run_statistics</c> table (statistics across a run's candidates, as JSON). Each write
/// is its own transaction, so a run killed with SIGKILL keeps every candidate
/// that had finished, and the next <c>marketlab run</c> of the same spec resumes from there.
/// </summary>
public sealed class RunStore : IDisposable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
    private readonly SqliteConnection _connection;

    private RunStore(SqliteConnection connection) => _connection = connection;

    /// <summary>The database file.</summary>
    public string Path => _connection.DataSource;

    /// <summary>Opens (creating when needed) the store at <paramref name="path"/>.</summary>
    public static RunStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        var store = new RunStore(connection);
        store.Execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS runs (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, spec_path TEXT, spec_text TEXT NOT NULL, spec_sha256 TEXT NOT NULL,
              git_commit TEXT, packages TEXT NOT NULL, hardware TEXT NOT NULL, seed INTEGER NOT NULL,
              started_at TEXT NOT NULL, ended_at TEXT, status TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS candidates (
              run_id TEXT NOT NULL REFERENCES runs(id), position INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
              status TEXT NOT NULL, outcome TEXT, duration_s REAL NOT NULL, error TEXT, finished_at TEXT NOT NULL,
              PRIMARY KEY (run_id, name));
            CREATE TABLE IF NOT EXISTS run_statistics (
              run_id TEXT PRIMARY KEY REFERENCES runs(id), statistics TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS runs_by_spec ON runs(spec_sha256, started_at);
            """);
        return store;
    }

    /// <summary>Adds a new run.</summary>
    public void AddRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Execute("INSERT INTO runs VALUES ($id, $name, $path, $text, $sha, $git, $packages, $hardware, $seed, $start, NULL, $status)",
            ("$id", run.Id), ("$name", run.Name), ("$path", run.SpecPath), ("$text", run.SpecText), ("$sha", run.SpecSha256),
            ("$git", run.GitCommit), ("$packages", JsonSerializer.Serialize(run.Packages, Json)), ("$hardware", JsonSerializer.Serialize(run.Hardware, Json)),
            ("$seed", run.Seed), ("$start", Time(run.StartedAt)), ("$status", run.Status.ToString()));
    }

    /// <summary>Stores a finished candidate (replacing an earlier failed attempt of the same name).</summary>
    public void SaveCandidate(CandidateRecord candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        Execute("INSERT OR REPLACE INTO candidates VALUES ($run, $pos, $name, $kind, $status, $outcome, $duration, $error, $finished)",
            ("$run", candidate.RunId), ("$pos", candidate.Position), ("$name", candidate.Name), ("$kind", candidate.Kind),
            ("$status", candidate.Status.ToString()), ("$outcome", candidate.Outcome is null ? null : JsonSerializer.Serialize(candidate.Outcome, Json)),
            ("$duration", candidate.DurationSeconds), ("$error", candidate.Error), ("$finished", Time(candidate.FinishedAt)));
    }

    /// <summary>Stores (replacing) the statistics across a run's candidates.</summary>
    public void SaveStatistics(string runId, RunStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        Execute("INSERT OR REPLACE INTO run_statistics VALUES ($run, $statistics)", ("$run", runId), ("$statistics", JsonSerializer.Serialize(statistics, Json)));
    }

    /// <summary>The statistics stored for a run; null for a run that has none (unfinished, or stored before they were kept).</summary>
    public RunStatistics? Statistics(string runId)
    {
        using var command = Command("SELECT statistics FROM run_statistics WHERE run_id = $run", ("$run", runId));
        return command.ExecuteScalar() is string text ? JsonSerializer.Deserialize<RunStatistics>(text, Json) : null;
    }

    /// <summary>Marks a run finished.</summary>
    public void FinishRun(string runId, RunStatus status, DateTimeOffset endedAt) =>
        Execute("UPDATE runs SET status = $status, ended_at = $end WHERE id = $id", ("$status", status.ToString()), ("$end", Time(endedAt)), ("$id", runId));

    /// <summary>The newest run of this spec that did not complete (interrupted or with failed candidates), if any.</summary>
    public RunRecord? FindResumable(string specSha256) =>
        Runs("WHERE spec_sha256 = $sha AND status <> 'Completed' ORDER BY started_at DESC, id DESC LIMIT 1", ("$sha", specSha256)).FirstOrDefault();

    /// <summary>All runs, newest first.</summary>
    public IReadOnlyList<RunRecord> ListRuns() => Runs("ORDER BY started_at DESC, id DESC");

    /// <summary>The run with this id, or the only run whose id starts with it; null when none matches.</summary>
    /// <exception cref="ArgumentException">The prefix matches several runs.</exception>
    public RunRecord? FindRun(string idOrPrefix)
    {
        var matches = Runs("WHERE id = $id OR id LIKE $prefix ESCAPE '\\' ORDER BY id", ("$id", idOrPrefix),
            ("$prefix", idOrPrefix.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%"));
        if (matches.FirstOrDefault(r => r.Id == idOrPrefix) is { } exact) return exact;
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new ArgumentException($"Run id '{idOrPrefix}' is ambiguous: {string.Join(", ", matches.Select(m => m.Id))}."),
        };
    }

    /// <summary>The stored candidates of a run, in spec order.</summary>
    public IReadOnlyList<CandidateRecord> Candidates(string runId)
    {
        using var command = Command("SELECT * FROM candidates WHERE run_id = $run ORDER BY position", ("$run", runId));
        using var reader = command.ExecuteReader();
        var list = new List<CandidateRecord>();
        while (reader.Read())
        {
            list.Add(new CandidateRecord(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                Enum.Parse<CandidateStatus>(reader.GetString(4)),
                reader.IsDBNull(5) ? null : JsonSerializer.Deserialize<CandidateOutcome>(reader.GetString(5), Json),
                reader.GetDouble(6), reader.IsDBNull(7) ? null : reader.GetString(7), Parse(reader.GetString(8))));
        }
        return list;
    }

    public void Dispose() => _connection.Dispose();

    private List<RunRecord> Runs(string where, params (string, object?)[] parameters)
    {
        using var command = Command($"SELECT * FROM runs {where}", parameters);
        using var reader = command.ExecuteReader();
        var list = new List<RunRecord>();
        while (reader.Read())
        {
            list.Add(new RunRecord(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                JsonSerializer.Deserialize<SortedDictionary<string, string>>(reader.GetString(6), Json)!,
                JsonSerializer.Deserialize<SortedDictionary<string, string>>(reader.GetString(7), Json)!,
                reader.GetInt32(8), Parse(reader.GetString(9)), reader.IsDBNull(10) ? null : Parse(reader.GetString(10)),
                Enum.Parse<RunStatus>(reader.GetString(11))));
        }
        return list;
    }

    private void Execute(string sql, params (string, object?)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
