using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace MarketLab.Cluster;

/// <summary>
/// Places a slot grain on the silo named in its key (<c>{silo}/{slot}</c>, see <see cref="SlotKey"/>): the coordinator
/// decides which silo trains a trial (one with a free slot), not Orleans' random or load-based placement.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class SlotPlacementStrategy : PlacementStrategy;

/// <summary>Marks a grain class for <see cref="SlotPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SlotPlacementAttribute() : PlacementAttribute(new SlotPlacementStrategy());

/// <summary>The director: the silo in the key if it is active; otherwise the activation fails (the coordinator re-queues).</summary>
internal sealed class SlotPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silo = SlotKey.Silo(target.GrainIdentity.Key.ToString()!);
        if (!context.GetCompatibleSilos(target).Contains(silo))
            throw new SiloUnavailableException($"Slot grain {target.GrainIdentity}: silo {silo} is not active.");
        return Task.FromResult(silo);
    }
}

/// <summary>Slot grain keys: <c>{SiloAddress.ToParsableString()}/{slot}</c>.</summary>
public static class SlotKey
{
    public static string Of(SiloAddress silo, int slot) => $"{silo.ToParsableString()}/{slot}";

    public static SiloAddress Silo(string key) => SiloAddress.FromParsableString(key[..key.LastIndexOf('/')]);
}
