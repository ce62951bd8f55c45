namespace MarketLab.Cluster;

/// <summary>The cluster cannot be joined as configured (unreachable clustering database, malformed --cluster).</summary>
public sealed class ClusterConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
