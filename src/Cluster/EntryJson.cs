using System.Globalization;
using System.Text.Json;
using Orleans.Runtime;

namespace MarketLab.Cluster;

/// <summary>A <see cref="MembershipEntry"/> as JSON for <see cref="PostgresMembershipTable"/> (addresses in their parsable form).</summary>
internal static class EntryJson
{
    private sealed record Row(string Address, int Status, string HostName, string SiloName, int ProxyPort, string? RoleName,
        int UpdateZone, int FaultZone, DateTime StartTime, DateTime IAmAliveTime, string[] Suspects);

    public static string Write(MembershipEntry e) => JsonSerializer.Serialize(new Row(
        e.SiloAddress.ToParsableString(), (int)e.Status, e.HostName ?? "", e.SiloName ?? "", e.ProxyPort, e.RoleName, e.UpdateZone, e.FaultZone,
        e.StartTime.ToUniversalTime(), e.IAmAliveTime.ToUniversalTime(),
        (e.SuspectTimes ?? []).Select(s => $"{s.Item1.ToParsableString()}|{s.Item2.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)}").ToArray()));

    public static MembershipEntry Read(string json)
    {
        var r = JsonSerializer.Deserialize<Row>(json) ?? throw new FormatException("An empty membership row.");
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(r.Address), Status = (SiloStatus)r.Status, HostName = r.HostName, SiloName = r.SiloName,
            ProxyPort = r.ProxyPort, RoleName = r.RoleName, UpdateZone = r.UpdateZone, FaultZone = r.FaultZone,
            StartTime = DateTime.SpecifyKind(r.StartTime, DateTimeKind.Utc), IAmAliveTime = DateTime.SpecifyKind(r.IAmAliveTime, DateTimeKind.Utc),
            SuspectTimes = r.Suspects.Select(s =>
            {
                var bar = s.LastIndexOf('|');
                return Tuple.Create(SiloAddress.FromParsableString(s[..bar]), new DateTime(long.Parse(s[(bar + 1)..], CultureInfo.InvariantCulture), DateTimeKind.Utc));
            }).ToList(),
        };
    }
}
