using Microsoft.Extensions.Caching.Memory;

namespace CachingArchitect.Sample.Services;

/// <summary>In-process caching with IMemoryCache.</summary>
public sealed class ProductCatalog(IMemoryCache cache, IProductRepository repository)
{
    private static readonly TimeSpan ProductTtl = TimeSpan.FromMinutes(10);

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

    // Mistake (CACHE001): Set without any expiration; the entry lives until the process ends.
    public IReadOnlyList<Product> GetFeatured()
    {
        if (cache.TryGetValue("products:featured", out IReadOnlyList<Product>? featured) && featured is not null)
        {
            return featured;
        }

        featured = repository.All().Where(p => p.Price > 100m).ToList();
        cache.Set("products:featured", featured);
        return featured;
    }

    // Mistake (CACHE001): GetOrCreate whose factory never sets an expiration on the entry.
    public IReadOnlyList<Product> GetByCategory(string category)
    {
        return cache.GetOrCreate("products:category:" + category.ToLowerInvariant(), entry =>
        {
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

    // Mistake (CACHE002): sliding expiration only; a key that keeps being read is never refreshed.
    public IReadOnlyList<Product> GetCheapest()
    {
        return cache.GetOrCreate("products:cheapest", entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromMinutes(5);
            return repository.All().OrderBy(p => p.Price).Take(3).ToList();
        })!;
    }

    // Mistake (CACHE011): the raw query string value becomes part of the key, so any client can fill the cache
    // with arbitrary keys. Mistake (CACHE001) as well: no expiration.
    public IReadOnlyList<Product> Search(HttpContext context)
    {
        string term = context.Request.Query["q"].ToString();
        return cache.GetOrCreate($"search:{term}", entry =>
        {
            return repository.All()
                .Where(p => p.Name.Contains(term, StringComparison.OrdinalIgnoreCase))
                .ToList();
        })!;
    }

    // Mistake (CACHE007): TimeSpan.Seconds is the seconds *component* (0 here), not the total: this entry expires at once.
    public void WarmUp()
    {
        foreach (var product in repository.All())
        {
            cache.Set($"product:{product.Id}", product, TimeSpan.FromSeconds(TimeSpan.FromDays(1).Seconds));
        }
    }
}
