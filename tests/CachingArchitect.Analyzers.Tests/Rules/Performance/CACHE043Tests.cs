using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Performance.OversizedValueAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Performance;

public class CACHE043Tests
{
    private const string Model = """
        using Microsoft.EntityFrameworkCore;
        using System.IO;
        using System.Text.Json;

        public class Product { public int Id { get; set; } public string Name { get; set; } = ""; public int CategoryId { get; set; } }
        public class ShopDb : DbContext { public DbSet<Product> Products => Set<Product>(); }

        """;

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Unpaged_query_results_in_distributed_caches(RedisVersion redis) => VerifyCS.VerifyAsync(Model + """
        class C
        {
            async Task M(ShopDb db, IDistributedCache cache, IDatabase redis, HybridCache hybrid, IMemcachedClient memcached)
            {
                var all = await db.Products.ToListAsync();
                await cache.{|#0:SetStringAsync|}("shop:products", JsonSerializer.Serialize(all), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                await redis.[|StringSetAsync|]("shop:products", JsonSerializer.Serialize(db.Products.ToArray()), TimeSpan.FromMinutes(5));
                await hybrid.[|SetAsync|]("shop:products", await db.Products.OrderBy(p => p.Name).ToListAsync());
                var cached = await hybrid.[|GetOrCreateAsync|]("shop:all", async ct => await db.Products.ToListAsync(ct));
                await memcached.[|SetAsync|]("shop:products", db.Products.ToList(), 300);
            }
        }
        """, null, redis,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "'SetStringAsync' caches an unpaged query result ('ToListAsync' with no Take or Where) in the distributed cache: the value grows with the data, is slow to serialize and blocks the replies behind it; page it, split it into smaller keys, or cache a bounded projection"));

    [Fact]
    public Task Whole_file_reads() => VerifyCS.VerifyAsync("""
        using System.IO;


        class C
        {
            async Task M(IDistributedCache cache, HybridCache hybrid, string path)
            {
                await cache.[|SetAsync|]("files:report", await File.ReadAllBytesAsync(path), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                var text = await hybrid.[|GetOrCreateAsync|]("files:terms", async ct =>
                {
                    var content = await File.ReadAllTextAsync(path, ct);
                    return content;
                });
            }
        }
        """);

    [Fact]
    public Task Does_not_trigger() => VerifyCS.VerifyAsync(Model + """
        class C
        {
            async Task M(ShopDb db, IDistributedCache cache, IMemoryCache memory, IDatabase redis, HybridCache hybrid, int categoryId, string path)
            {
                // Bounded projections: paged, filtered.
                await redis.StringSetAsync("shop:top", JsonSerializer.Serialize(await db.Products.OrderBy(p => p.Id).Take(20).ToListAsync()), TimeSpan.FromMinutes(5));
                await hybrid.SetAsync($"shop:cat:{categoryId}", await db.Products.Where(p => p.CategoryId == categoryId).ToListAsync());

                // In-process caches do not serialize.
                memory.Set("shop:all", await db.Products.ToListAsync(), TimeSpan.FromMinutes(5));

                // Small reads and other values.
                var first = await db.Products.FirstOrDefaultAsync();
                await cache.SetStringAsync("shop:first", JsonSerializer.Serialize(first), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                await redis.StringSetAsync("files:exists", File.Exists(path), TimeSpan.FromMinutes(5));
                await redis.HashSetAsync("shop:h", "count", await db.Products.CountAsync());
            }
        }
        """);
}
