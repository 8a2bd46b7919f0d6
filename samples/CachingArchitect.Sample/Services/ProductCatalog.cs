using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;

namespace CachingArchitect.Sample.Services;

/// <summary>The catalog: in-process caching with IMemoryCache, and HybridCache for the full listing.</summary>
public sealed class ProductCatalog(IMemoryCache cache, HybridCache hybrid, IProductRepository repository)
{
    private static readonly TimeSpan ProductTtl = TimeSpan.FromMinutes(10);

    private static readonly HybridCacheEntryOptions CatalogEntry = new()
    {
        Expiration = TimeSpan.FromMinutes(10),
        LocalCacheExpiration = TimeSpan.FromMinutes(1),
    };

    // Correct: HybridCache with explicit expirations; one factory call per key even when many requests miss together.
    public async Task<IReadOnlyList<Product>> GetCatalogAsync(CancellationToken ct) =>
        await hybrid.GetOrCreateAsync("catalog:all", _ => ValueTask.FromResult<IReadOnlyList<Product>>(repository.All().ToList()),
            CatalogEntry, cancellationToken: ct);

    // Correct: every entry has an absolute expiration relative to now.
    public Product? GetProduct(int id)
    {
        var key = $"product:{id}";
        if (cache.TryGetValue(key, out Product? product))
        {
            return product;
        }

        product = repository.Find(id);
        if (product is not null)
        {
            cache.Set(key, product, ProductTtl);
        }

        return product;
    }

    public IReadOnlyList<Product> GetFeatured()
    {
        if (cache.TryGetValue("products:featured", out IReadOnlyList<Product>? featured) && featured is not null)
        {
            return featured;
        }

        featured = repository.All().Where(p => p.Price > 100m).ToList();
#if FIXED
        cache.Set("products:featured", featured, ProductTtl);
#else
        // Mistake (CACHE001): Set without any expiration; the entry lives until the process ends.
        cache.Set("products:featured", featured);
#endif
        return featured;
    }

    public IReadOnlyList<Product> GetByCategory(string category)
    {
        return cache.GetOrCreate("products:category:" + category.ToLowerInvariant(), entry =>
        {
#if FIXED
            entry.AbsoluteExpirationRelativeToNow = ProductTtl;
#else
            // Mistake (CACHE001): GetOrCreate whose factory never sets an expiration on the entry.
#endif
            return repository.All().Where(p => p.Category == category).ToList();
        })!;
    }

    // Correct: GetOrCreate that configures the entry.
    public IReadOnlyList<Product> GetAll()
    {
        return cache.GetOrCreate("products:all", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = ProductTtl;
            entry.SlidingExpiration = TimeSpan.FromMinutes(2);
            return repository.All().ToList();
        })!;
    }

    public IReadOnlyList<Product> GetCheapest()
    {
        return cache.GetOrCreate("products:cheapest", entry =>
        {
#if FIXED
            entry.AbsoluteExpirationRelativeToNow = ProductTtl;
#else
            // Mistake (CACHE002): sliding expiration only; a key that keeps being read is never refreshed.
#endif
            entry.SlidingExpiration = TimeSpan.FromMinutes(5);
            return repository.All().OrderBy(p => p.Price).Take(3).ToList();
        })!;
    }

    public IReadOnlyList<Product> Search(HttpContext context)
    {
        string term = context.Request.Query["q"].ToString();
#if FIXED
        // Bounded and checked before it reaches the key: at most 32 letters, digits or spaces.
        if (term.Length is 0 or > 32 || !term.All(c => char.IsLetterOrDigit(c) || c == ' '))
        {
            return [];
        }

        return cache.GetOrCreate($"search:{term}", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
#else
        // Mistake (CACHE011): the raw query string value becomes part of the key, so any client can fill the cache
        // with arbitrary keys. Mistake (CACHE001) as well: no expiration.
        return cache.GetOrCreate($"search:{term}", entry =>
        {
#endif
            return repository.All()
                .Where(p => p.Name.Contains(term, StringComparison.OrdinalIgnoreCase))
                .ToList();
        })!;
    }

    public void WarmUp()
    {
        foreach (var product in repository.All())
        {
#if FIXED
            cache.Set($"product:{product.Id}", product, TimeSpan.FromSeconds(TimeSpan.FromDays(1).TotalSeconds));
#else
            // Mistake (CACHE007): TimeSpan.Seconds is the seconds *component* (0 here), not the total: this entry expires at once.
            cache.Set($"product:{product.Id}", product, TimeSpan.FromSeconds(TimeSpan.FromDays(1).Seconds));
#endif
        }
    }
}
