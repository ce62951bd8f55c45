using Orleans.Messaging;
using Orleans.Runtime;

namespace MarketLab.Cluster;

/// <summary>Clients find the gateways of active silos in <see cref="PostgresMembershipTable"/>.</summary>
internal sealed class PostgresGatewayListProvider(ClusterConnection connection) : IGatewayListProvider
{
    private readonly PostgresMembershipTable _table = new(connection);

    public TimeSpan MaxStaleness => TimeSpan.FromSeconds(5);

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => _table.InitializeMembershipTable(tryInitTableVersion: false);

    public async Task<IList<Uri>> GetGateways()
    {
        var data = await _table.ReadAll();
        return data.Members
            .Where(m => m.Item1.Status == SiloStatus.Active && m.Item1.ProxyPort > 0)
            .Select(m => SiloAddress.New(m.Item1.SiloAddress.Endpoint.Address, m.Item1.ProxyPort, m.Item1.SiloAddress.Generation).ToGatewayUri())
            .ToList();
    }
}
