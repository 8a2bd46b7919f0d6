using System;
using CachingArchitect;

namespace CachingArchitect.Benchmarks;

/// <summary>The ShopKeys schema plus a three-placeholder key with a Guid and a bounded string.</summary>
[CacheKeySchema(Prefix = "shop", Version = 2)]
public static partial class ShopKeys
{
    [CacheKey("user:{userId}:profile", Ttl = "00:15:00", JitterPercent = 10,
              Strategy = CacheStrategy.CacheAside, MaxStaleness = "00:01:00",
              Justification = "Profile edits are rare; one minute of staleness is acceptable.")]
    public static partial CacheKey UserProfile(int userId);

    [CacheKey("product:{productId}:price", Ttl = "00:00:30", Strategy = CacheStrategy.EventDriven)]
    public static partial CacheKey<decimal> ProductPrice(long productId);

    [CacheKey("tenant:{tenantId}:user:{userName}:cart:{cartId}", Ttl = "00:05:00", JitterPercent = 20)]
    public static partial CacheKey Cart(Guid tenantId, [CacheKeyPart(MaxLength = 64)] string userName, long cartId);
}
