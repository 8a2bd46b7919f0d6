using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;

namespace CachingArchitect.Sample.Services;

public sealed record CartLine(int ProductId, int Quantity);

public sealed record Cart(List<CartLine> Lines);

/// <summary>Shopping carts in IDistributedCache (Redis through Microsoft.Extensions.Caching.StackExchangeRedis).</summary>
public sealed class CartStore(IDistributedCache cache)
{
    private static readonly DistributedCacheEntryOptions CartLifetime = new()
    {
        AbsoluteExpirationRelativeToNow = TimeSpan.FromDays(7),
        SlidingExpiration = TimeSpan.FromHours(12),
    };

    public async Task<Cart> GetAsync(string userId, CancellationToken ct)
    {
        var json = await cache.GetStringAsync($"cart:{userId}", ct);
        return json is null ? new Cart([]) : JsonSerializer.Deserialize<Cart>(json) ?? new Cart([]);
    }

    // Correct: the write carries entry options with an absolute cap.
    public Task SaveAsync(string userId, Cart cart, CancellationToken ct) =>
        cache.SetStringAsync($"cart:{userId}", JsonSerializer.Serialize(cart), CartLifetime, ct);

    public void SaveDraft(string userId, Cart cart)
    {
#if FIXED
        cache.SetString($"cart-draft:{userId}", JsonSerializer.Serialize(cart), CartLifetime);
#else
        // Mistake (CACHE003): SetString without options; the Redis provider stores the value with no TTL.
        cache.SetString($"cart-draft:{userId}", JsonSerializer.Serialize(cart));
#endif
    }

    public Task SaveWishlistAsync(string userId, IEnumerable<int> productIds, CancellationToken ct) =>
#if FIXED
        cache.SetStringAsync($"wishlist:{userId}", JsonSerializer.Serialize(productIds), CartLifetime, ct);
#else
        // Mistake (CACHE003): the async overload without options, same problem.
        cache.SetStringAsync($"wishlist:{userId}", JsonSerializer.Serialize(productIds), ct);
#endif

    public Task SaveForTenantAsync(int tenantId, int userId, Cart cart, CancellationToken ct) =>
#if FIXED
        cache.SetStringAsync($"cart:{tenantId}:{userId}", JsonSerializer.Serialize(cart), CartLifetime, ct);
#else
        // Mistake (CACHE012): tenant and user ids are joined without a separator: tenant 1/user 23 and tenant 12/user 3
        // share the key "cart:123".
        cache.SetStringAsync("cart:" + tenantId + userId, JsonSerializer.Serialize(cart), CartLifetime, ct);
#endif
}
