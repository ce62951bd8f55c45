using System.Collections.Concurrent;
using System.Security.Cryptography;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;

namespace MarketLab.Cluster;

/// <summary>
/// The data of a search, read once per silo (not once per trial): workbenches keyed by the data file's SHA-256 and the
/// options that shape the plan and folds. A file whose bytes differ from the client's (<see cref="SearchJob.DataSha256"/>)
/// is refused, so no silo scores a trial on other data.
/// </summary>
internal sealed class WorkbenchCache
{
    private readonly ConcurrentDictionary<string, Lazy<TrialWorkbench>> _workbenches = new();
    private readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), string> _hashes = new();

    public TrialWorkbench Get(SearchJob job) =>
        _workbenches.GetOrAdd($"{job.DataSha256};{job.Fingerprint()}", _ => new Lazy<TrialWorkbench>(() =>
        {
            var hash = Sha256(job.DataPath);
            if (!string.Equals(hash, job.DataSha256, StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(
                    $"{job.DataPath}: this silo reads data with SHA-256 {hash}, the search was started on {job.DataSha256}. Every silo must read the same file.");
            var (data, kinds) = CsvDataLoader.Load(job.DataPath);
            var workbench = TrialWorkbench.Prepare(job.ToWorkerOptions(), data, kinds);
            workbench.EmbedTexts(); // sentence embeddings, once per silo and search, outside every trial's time limit
            return workbench;
        }, LazyThreadSafetyMode.PublicationOnly)).Value; // a failure (file not there yet) is not cached

    /// <summary>SHA-256 of a file, hex (cached by path, length and write time).</summary>
    public string Sha256(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path}: the search's data file is not readable on this silo ({Environment.MachineName}).", path);
        return _hashes.GetOrAdd((info.FullName, info.Length, info.LastWriteTimeUtc), _ => HashOf(path));
    }

    public static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
