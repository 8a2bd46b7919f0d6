using CachingArchitect.Sample.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;

namespace CachingArchitect.Sample.Services;

/// <summary>Prices: EF Core as the system of record, IDistributedCache (Redis) and IMemoryCache in front of it.</summary>
public sealed class PriceService(ShopDb db, IDistributedCache cache, IMemoryCache memory)
{
    private static readonly DistributedCacheEntryOptions PriceTtl = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(2) };

    // Mistake (CACHE020): the cached price is removed before the new price is saved. A reader that misses in between
    // loads the OLD price from the database and caches it again for the full TTL.
    public async Task UpdatePriceAsync(int id, decimal price, CancellationToken ct)
    {
        await cache.RemoveAsync($"price:{id}", ct);
        var row = await db.Prices.SingleAsync(p => p.Id == id, ct);
        row.Price = price;
        await db.SaveChangesAsync(ct);
    }

    // Correct: save first, then invalidate.
    public async Task DeactivateAsync(int id, CancellationToken ct)
    {
        var row = await db.Prices.SingleAsync(p => p.Id == id, ct);
        row.Active = false;
        await db.SaveChangesAsync(ct);
        await cache.RemoveAsync($"price:{id}", ct);
    }

    // Mistake (CACHE025): the query itself is cached, not its result. Every reader re-runs it, and once this request's
    // DbContext is disposed the cached query throws.
    public IEnumerable<PriceRow> GetActivePrices() =>
        memory.GetOrCreate("prices:active", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return db.Prices.Where(p => p.Active);
        })!;

    // Mistake (CACHE032): cache-aside with a TTL, but nothing coalesces the load: when a hot price expires, every
    // concurrent request misses at once and runs the same query (a stampede). HybridCache.GetOrCreateAsync runs one.
    public async Task<string?> GetPriceTextAsync(int id, CancellationToken ct)
    {
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
}
