namespace MarketLab.Experiments.Models;

/// <summary>A NuGet package could not be put into the global packages folder; the message names it and NuGet's errors.</summary>
public sealed class PackageDownloadException(string message) : Exception(message);
