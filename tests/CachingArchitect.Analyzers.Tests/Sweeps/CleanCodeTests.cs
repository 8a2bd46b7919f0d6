using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Precision: idiomatic, correct caching code across every technology yields zero diagnostics from every
/// analyzer (Info included) and compiles cleanly.
/// </summary>
public class CleanCodeTests
{
    public const string IdiomaticCaching = """
        using System.Security.Cryptography;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Primitives;

        namespace Shop;

        [System.ComponentModel.ImmutableObject(true)]
        public sealed record Product(int Id, string Name, decimal Price);

        public enum Region { Europe, America, Asia }

        public static class CacheTtl
        {
            public static readonly TimeSpan Product = TimeSpan.FromMinutes(10);
            public static readonly TimeSpan Price = TimeSpan.FromSeconds(30);
        }

        public sealed class ProductCatalog
        {
            private static readonly MemoryCacheEntryOptions ProductOptions = new MemoryCacheEntryOptions()
                .SetAbsoluteExpiration(TimeSpan.FromMinutes(10))
                .SetSlidingExpiration(TimeSpan.FromMinutes(2));

            private readonly IMemoryCache _memory;
            private readonly IDistributedCache _distributed;
            private readonly HybridCache _hybrid;
            private readonly IFusionCache _fusion;
            private readonly IDatabase _redis;
            private readonly IMemcachedClient _memcached;

            public ProductCatalog(IMemoryCache memory, IDistributedCache distributed, HybridCache hybrid, IFusionCache fusion, IConnectionMultiplexer mux, IMemcachedClient memcached)
            {
                _memory = memory;
                _distributed = distributed;
                _hybrid = hybrid;
                _fusion = fusion;
                _redis = mux.GetDatabase();
                _memcached = memcached;
            }

            public Product? GetFromMemory(int id) =>
                _memory.GetOrCreate($"shop:product:{id}", entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = CacheTtl.Product;
                    entry.SlidingExpiration = TimeSpan.FromMinutes(2);
                    return Load(id);
                });

            public void PutInMemory(Product product)
            {
                _memory.Set($"shop:product:{product.Id}", product, CacheTtl.Product);
                _memory.Set($"shop:product-options:{product.Id}", product, ProductOptions);
            }

            public void PutWithToken(Product product, IChangeToken token) =>
                _memory.Set($"shop:product-watch:{product.Id}", product, new MemoryCacheEntryOptions().AddExpirationToken(token).SetSize(1));

            public async Task<string?> GetNameAsync(int id, CancellationToken ct)
            {
                var key = $"shop:product-name:{id}";
                var name = await _distributed.GetStringAsync(key, ct);
                if (name is null)
                {
                    name = Load(id)?.Name ?? string.Empty;
                    await _distributed.SetStringAsync(key, name, new DistributedCacheEntryOptions
                    {
                        AbsoluteExpirationRelativeToNow = CacheTtl.Product,
                    }, ct);
                }

                return name;
            }

            public Task RemoveNameAsync(int id, CancellationToken ct) => _distributed.RemoveAsync($"shop:product-name:{id}", ct);

            public ValueTask<Product?> GetHybridAsync(int id, CancellationToken ct) =>
                _hybrid.GetOrCreateAsync(
                    $"shop:product:{id}",
                    async cancel => { await Task.Yield(); return Load(id); },
                    new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(10), LocalCacheExpiration = TimeSpan.FromMinutes(1) },
                    tags: new[] { "products" },
                    cancellationToken: ct);

            public ValueTask InvalidateProductsAsync(CancellationToken ct) => _hybrid.RemoveByTagAsync("products", ct);

            public Product? GetFusion(int id) =>
                _fusion.GetOrSet<Product?>($"shop:product:{id}", _ => Load(id), options => options.SetDuration(TimeSpan.FromMinutes(5)).SetFailSafe(true));

            public async Task<decimal> GetPriceAsync(long productId)
            {
                RedisKey key = $"shop:price:{productId}";
                var cached = await _redis.StringGetAsync(key);
                if (cached.HasValue)
                {
                    return (decimal)cached;
                }

                var price = Load((int)productId)?.Price ?? 0m;
                await _redis.StringSetAsync(key, price.ToString(System.Globalization.CultureInfo.InvariantCulture), CacheTtl.Price);
                return price;
            }

            public Task<bool> SetPriceKeepTtlAsync(long productId, decimal price) =>
                _redis.StringSetAsync($"shop:price:{productId}", (double)price, expiry: null, keepTtl: true, when: When.Exists);

            public Task<bool> RemovePriceAsync(long productId) => _redis.KeyDeleteAsync($"shop:price:{productId}");

            public Task<bool> CountViewAsync(int productId)
            {
                var batch = _redis.CreateBatch();
                var key = $"shop:views:{productId}:{DateTime.UtcNow:yyyyMMddHH}";
                var increment = batch.StringIncrementAsync(key);
                var expire = batch.KeyExpireAsync(key, TimeSpan.FromHours(2));
                batch.Execute();
                return expire;
            }

            public bool PutInMemcached(Product product) =>
                _memcached.Set($"shop:product:{product.Id}", product, (int)TimeSpan.FromMinutes(10).TotalSeconds);

            public string RegionKey(Region region, int page) => $"shop:region:{region}:page:{page}";

            public static string HashedSearchKey(string query) =>
                "shop:search:" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(query)));

            public void RememberSearch(string query, IReadOnlyList<int> ids) =>
                _memory.Set(HashedSearchKey(query), ids, TimeSpan.FromMinutes(1));

            private static Product? Load(int id) => id > 0 ? new Product(id, "p" + id, 1m) : null;
        }

        [ApiController]
        [Route("products")]
        public sealed class ProductsController : ControllerBase
        {
            private readonly ProductCatalog _catalog;
            private readonly IMemoryCache _cache;

            public ProductsController(ProductCatalog catalog, IMemoryCache cache)
            {
                _catalog = catalog;
                _cache = cache;
            }

            [HttpGet("{id:int}")]
            public ActionResult<Product> Get(int id) => _catalog.GetFromMemory(id) is { } p ? p : NotFound();

            [HttpGet("by-region/{region}")]
            public IActionResult ByRegion(string region)
            {
                if (!Enum.TryParse<Region>(region, ignoreCase: true, out var parsed))
                {
                    return BadRequest();
                }

                var key = $"shop:region-page:{parsed}";
                return Ok(_cache.GetOrCreate(key, e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1); return 1; }));
            }
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/price/{id:long}", async (long id, ProductCatalog catalog) => await catalog.GetPriceAsync(id));
            }
        }

        public sealed class Warmup
        {
            private static readonly Dictionary<Region, string> RegionNames = new()
            {
                [Region.Europe] = "EU",
                [Region.America] = "US",
                [Region.Asia] = "AS",
            };

            public static string Name(Region region) => RegionNames[region];
        }
        """;

    [Fact]
    public async Task Idiomatic_caching_code_has_no_diagnostics()
    {
        var (compilation, diagnostics, failures) = await CrashSweepTests.AnalyzeAsync(IdiomaticCaching, CancellationToken.None);
        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }
}
