namespace MarketLab.Experiments.Models;

/// <summary>
/// Where installed pretrained models live: the folder named by <c>MARKETLAB_MODELS</c>, else
/// <c>$XDG_CACHE_HOME/marketlab/models</c>, else <c>~/.cache/marketlab/models</c>. Never derived from the program's
/// location, so an installed CLI behaves the same anywhere. Each model is a folder named after its catalog entry.
/// </summary>
public static class ModelCache
{
    /// <summary>Environment variable naming the models folder.</summary>
    public const string EnvironmentVariable = "MARKETLAB_MODELS";

    /// <summary>The models folder (it may not exist yet).</summary>
    public static string Root
    {
        get
        {
            if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } explicitRoot) return Path.GetFullPath(explicitRoot);
            string cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.GetFullPath(Path.Combine(cache, "marketlab", "models"));
        }
    }

    /// <summary>The folder of model <paramref name="name"/> under <paramref name="root"/> (default <see cref="Root"/>).</summary>
    public static string FolderOf(string name, string? root = null) => Path.Combine(root ?? Root, name);
}
