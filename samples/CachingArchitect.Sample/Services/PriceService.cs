using CachingArchitect.Sample.Caching;
using CachingArchitect.Sample.Data;
using CachingArchitect.StackExchangeRedis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace CachingArchitect.Sample.Services;

/// <summary>
/// Prices: EF Core as the system of record; Redis (StackExchange.Redis with the ShopKeys schema, and IDistributedCache),
/// HybridCache and IMemoryCache in front of it.
/// </summary>
public sealed class PriceService(ShopDb db, IDistributedCache cache, IMemoryCache memory, HybridCache hybrid, IConnectionMultiplexer redis)
{
    private static readonly DistributedCacheEntryOptions PriceTtl = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(2) };

    // Correct: the current price under the schema key shop:v2:product:{productId}:price. GetOrSetAsync loads on a miss and
    // writes the value with the key's declared TTL (30 s, with jitter); UpdatePriceAsync removes the key (event-driven).
    // A missing product is cached as -1 for the same 30 s (negative caching), so unknown ids do not reach the database on
    // every call. Concurrent misses are not coalesced, so CACHE032 reports the call; the suppression records the decision:
    // a 30-second entry behind a primary-key lookup, where a short burst of identical queries at expiry is acceptable.
    public async Task<decimal?> GetCurrentPriceAsync(int id, CancellationToken ct)
    {
#pragma warning disable CACHE032 // cheap primary-key query; a burst at expiry of a 30 s entry is acceptable (see above)
        var price = await redis.GetDatabase().GetOrSetAsync(
            ShopKeys.ProductPrice(id),
            async token => (await db.Prices.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, token))?.Price ?? -1m,
            cancellationToken: ct);
#pragma warning restore CACHE032
        return price < 0 ? null : price;
    }

    public async Task UpdatePriceAsync(int id, decimal price, CancellationToken ct)
    {
#if FIXED
        var row = await db.Prices.SingleAsync(p => p.Id == id, ct);
        row.Price = price;
        await db.SaveChangesAsync(ct);
        await cache.RemoveAsync($"price:{id}", ct);
#else
        // Mistake (CACHE020): the cached price is removed before the new price is saved. A reader that misses in between
        // loads the OLD price from the database and caches it again for the full TTL.
        await cache.RemoveAsync($"price:{id}", ct);
        var row = await db.Prices.SingleAsync(p => p.Id == id, ct);
        row.Price = price;
        await db.SaveChangesAsync(ct);
#endif
        await redis.GetDatabase().RemoveAsync(ShopKeys.ProductPrice(id));
    }

    // Correct: save first, then invalidate.
    public async Task DeactivateAsync(int id, CancellationToken ct)
    {
        var row = await db.Prices.SingleAsync(p => p.Id == id, ct);
        row.Active = false;
        await db.SaveChangesAsync(ct);
        await cache.RemoveAsync($"price:{id}", ct);
    }

#if FIXED
    // The results are cached (ToListAsync), not the query; HybridCache runs one load per key under concurrency.
    public async Task<IEnumerable<PriceRow>> GetActivePricesAsync(CancellationToken ct)
    {
        _ = memory;
        return await hybrid.GetOrCreateAsync("prices:active",
            async token => await db.Prices.Where(p => p.Active).ToListAsync(token),
            new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(1) },
            cancellationToken: ct);
    }
#else
    public Task<IEnumerable<PriceRow>> GetActivePricesAsync(CancellationToken ct) =>
        Task.FromResult<IEnumerable<PriceRow>>(memory.GetOrCreate("prices:active", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            // Mistake (CACHE025): the query itself is cached, not its result. Every reader re-runs it, and once this request's
            // DbContext is disposed the cached query throws.
            return db.Prices.Where(p => p.Active);
        })!);
#endif

#if FIXED
    // HybridCache runs the factory once per key, however many requests miss at the same moment.
    public async Task<string?> GetPriceTextAsync(int id, CancellationToken ct) =>
        await hybrid.GetOrCreateAsync($"price:{id}", async token =>
        {
            var row = await db.Prices.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, token);
            return row?.Price.ToString(System.Globalization.CultureInfo.InvariantCulture);
        },
        new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(2) },
        cancellationToken: ct);
#else
    // Mistake (CACHE032): cache-aside with a TTL, but nothing coalesces the load: when a hot price expires, every
    // concurrent request misses at once and runs the same query (a stampede). HybridCache.GetOrCreateAsync runs one.
    public async Task<string?> GetPriceTextAsync(int id, CancellationToken ct)
    {
        _ = hybrid;
        var key = $"price:{id}";
        var cached = await cache.GetStringAsync(key, ct);
        if (cached is not null)
        {
            return cached;
        }

        var row = await db.Prices.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (row is null)
        {
            return null;
        }

        var text = row.Price.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await cache.SetStringAsync(key, text, PriceTtl, ct);
        return text;
    }
#endif
}
