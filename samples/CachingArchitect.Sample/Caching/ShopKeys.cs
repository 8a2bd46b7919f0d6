using CachingArchitect;

namespace CachingArchitect.Sample.Caching;

// The key schema of the shop, declared once: the generator (CachingArchitect.Generators) writes the key builders,
// one CacheKeyDefinition per key and ShopKeys.Schema. See docs/key-schema.md.
[CacheKeySchema(Prefix = "shop", Version = 2)]
public static partial class ShopKeys
{
    [CacheKey("user:{userId}:profile", Ttl = "00:15:00", JitterPercent = 10,
              Strategy = CacheStrategy.CacheAside, MaxStaleness = "00:01:00",
              Justification = "Profile edits are rare; one minute of staleness is acceptable.")]
    public static partial CacheKey UserProfile(int userId);

    [CacheKey("product:{productId}:price", Ttl = "00:00:30", Strategy = CacheStrategy.EventDriven)]
    public static partial CacheKey<decimal> ProductPrice(long productId);
}
