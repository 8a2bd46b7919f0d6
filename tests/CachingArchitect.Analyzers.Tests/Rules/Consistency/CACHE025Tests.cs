using System.Threading.Tasks;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Consistency.DeferredQueryCachedAnalyzer>;
using FixVerifier = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Consistency.DeferredQueryCachedAnalyzer,
    CachingArchitect.CodeFixes.Rules.Consistency.DeferredQueryCachedCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Consistency;

public class CACHE025Tests
{
    private const string Shop = """
        using Microsoft.EntityFrameworkCore;

        public class Product { public int Id { get; set; } public string Name { get; set; } = ""; public bool Active { get; set; } }
        public class ShopDb : DbContext { public DbSet<Product> Products => Set<Product>(); }

        """;

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Queryable_stored_with_Set() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            void M(IMemoryCache cache, ShopDb db)
            {
                var active = db.Products.Where(p => p.Active);
                cache.Set("shop:active", [|active|], TimeSpan.FromMinutes(5));
                cache.Set("shop:all", [|db.Products|], TimeSpan.FromMinutes(5));
            }
        }
        """);

    [Fact]
    public Task Lazy_enumerable_over_a_queryable_stored() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            void M(IMemoryCache cache, ShopDb db)
            {
                IEnumerable<string> names = db.Products.AsEnumerable().Select(p => p.Name);
                cache.Set("shop:names", [|names|], TimeSpan.FromMinutes(5));
            }
        }
        """);

    [Fact]
    public Task Iterator_method_result_stored() => VerifyCS.VerifyAsync("""
        class C
        {
            static IEnumerable<int> Load() { yield return 1; }

            void M(IMemoryCache cache) => cache.Set("shop:numbers", [|Load().Select(n => n * 2)|], TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task Async_stream_stored_has_no_fix() => FixVerifier.VerifyFixAsync(Shop + """
        class C
        {
            void M(IMemoryCache cache, ShopDb db) => cache.Set("shop:stream", [|db.Products.AsAsyncEnumerable()|], TimeSpan.FromMinutes(5));
        }
        """, Shop + """
        class C
        {
            void M(IMemoryCache cache, ShopDb db) => cache.Set("shop:stream", [|db.Products.AsAsyncEnumerable()|], TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task Factory_returns_a_query() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            IQueryable<Product>? M(IMemoryCache cache, ShopDb db) =>
                cache.GetOrCreate("shop:active", entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    return [|db.Products.Where(p => p.Active)|];
                });

            Task<IOrderedQueryable<Product>?> N(IMemoryCache cache, ShopDb db) =>
                cache.GetOrCreateAsync("shop:all", async entry =>
                {
                    await Task.Yield();
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    return [|db.Products.OrderBy(p => p.Name)|];
                });
        }
        """);

    [Fact]
    public Task HybridCache_and_FusionCache_factories() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(HybridCache hybrid, IFusionCache fusion, ShopDb db)
            {
                await hybrid.GetOrCreateAsync("shop:h", async ct => [|db.Products.Where(p => p.Active)|]);
                await fusion.GetOrSetAsync<IEnumerable<Product>>("shop:f", async (ctx, ct) => [|db.Products.Where(p => p.Active)|], TimeSpan.FromMinutes(5));
                await hybrid.SetAsync("shop:s", [|db.Products.Where(p => p.Active)|]);
            }
        }
        """);

    [Fact]
    public Task Query_serialized_into_a_distributed_cache() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(IDistributedCache cache, ShopDb db)
            {
                var options = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };
                await cache.SetStringAsync("shop:json", System.Text.Json.JsonSerializer.Serialize([|db.Products.Where(p => p.Active)|]), options);
                var json = Newtonsoft.Json.JsonConvert.SerializeObject([|db.Products.Where(p => p.Active)|]);
                await cache.SetStringAsync("shop:json2", json, options);
            }
        }
        """);

    // ------------------------------------------------------------------ looks like it, but is fine

    [Fact]
    public Task Materialized_queries_are_fine() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(IMemoryCache cache, HybridCache hybrid, ShopDb db)
            {
                cache.Set("shop:list", db.Products.Where(p => p.Active).ToList(), TimeSpan.FromMinutes(5));
                cache.Set("shop:array", await db.Products.ToArrayAsync(), TimeSpan.FromMinutes(5));
                await hybrid.GetOrCreateAsync("shop:h", async ct => await db.Products.Where(p => p.Active).ToListAsync(ct));
                cache.Set("shop:count", db.Products.Count(), TimeSpan.FromMinutes(5));
                cache.Set("shop:first", db.Products.First(), TimeSpan.FromMinutes(5));
            }
        }
        """);

    [Fact]
    public Task Linq_over_an_in_memory_list_is_fine() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, List<int> numbers, IEnumerable<string> names)
            {
                cache.Set("shop:even", numbers.Where(n => n % 2 == 0), TimeSpan.FromMinutes(5));
                cache.Set("shop:names", names, TimeSpan.FromMinutes(5));
                IEnumerable<int> copy = numbers;
                cache.Set("shop:copy", copy, TimeSpan.FromMinutes(5));
            }
        }
        """);

    [Fact]
    public Task Serializing_a_list_is_fine() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(IDistributedCache cache, ShopDb db)
            {
                var products = await db.Products.ToListAsync();
                var options = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };
                await cache.SetStringAsync("shop:json", System.Text.Json.JsonSerializer.Serialize(products), options);
            }
        }
        """);

    [Fact]
    public Task Query_used_inside_the_factory_but_not_returned_is_fine() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            Task<int> M(IMemoryCache cache, ShopDb db) =>
                cache.GetOrCreateAsync("shop:n", async entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    var query = db.Products.Where(p => p.Active);
                    return await query.CountAsync();
                });
        }
        """);

    // ------------------------------------------------------------------ fixes

    [Fact]
    public Task Fix_appends_ToList() => FixVerifier.VerifyFixAsync(Shop + """
        class C
        {
            void M(IMemoryCache cache, ShopDb db)
            {
                var active = db.Products.Where(p => p.Active);
                cache.Set("shop:active", [|active|], TimeSpan.FromMinutes(5));
                cache.Set("shop:all", [|db.Products|], TimeSpan.FromMinutes(5));
            }
        }
        """, Shop + """
        class C
        {
            void M(IMemoryCache cache, ShopDb db)
            {
                var active = db.Products.Where(p => p.Active);
                cache.Set("shop:active", active.ToList(), TimeSpan.FromMinutes(5));
                cache.Set("shop:all", db.Products.ToList(), TimeSpan.FromMinutes(5));
            }
        }
        """);

    [Fact]
    public Task Fix_awaits_ToListAsync_in_an_async_factory() => FixVerifier.VerifyFixAsync(Shop + """
        class C
        {
            async Task M(HybridCache hybrid, IMemoryCache cache, ShopDb db)
            {
                var products = await hybrid.GetOrCreateAsync("shop:h", async ct => [|db.Products.Where(p => p.Active)|]);
                var sorted = await cache.GetOrCreateAsync("shop:m", async entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    return [|db.Products.OrderBy(p => p.Name)|];
                });
            }
        }
        """, Shop + """
        class C
        {
            async Task M(HybridCache hybrid, IMemoryCache cache, ShopDb db)
            {
                var products = await hybrid.GetOrCreateAsync("shop:h", async ct => await db.Products.Where(p => p.Active).ToListAsync());
                var sorted = await cache.GetOrCreateAsync("shop:m", async entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    return await db.Products.OrderBy(p => p.Name).ToListAsync();
                });
            }
        }
        """);

    [Fact]
    public Task Fix_keeps_an_explicit_enumerable_type_argument() => FixVerifier.VerifyFixAsync(Shop + """
        class C
        {
            void M(IMemoryCache cache, ShopDb db) =>
                cache.Set<IEnumerable<Product>>("shop:e", [|db.Products.Where(p => p.Active)|], TimeSpan.FromMinutes(5));
        }
        """, Shop + """
        class C
        {
            void M(IMemoryCache cache, ShopDb db) =>
                cache.Set<IEnumerable<Product>>("shop:e", db.Products.Where(p => p.Active).ToList(), TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task No_fix_when_the_type_argument_is_an_explicit_queryable() => FixVerifier.VerifyFixAsync(Shop + """
        class C
        {
            void M(IMemoryCache cache, ShopDb db) =>
                cache.Set<IQueryable<Product>>("shop:q", [|db.Products.Where(p => p.Active)|], TimeSpan.FromMinutes(5));
        }
        """, Shop + """
        class C
        {
            void M(IMemoryCache cache, ShopDb db) =>
                cache.Set<IQueryable<Product>>("shop:q", [|db.Products.Where(p => p.Active)|], TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task Fix_materializes_before_serializing() => FixVerifier.VerifyFixAsync(Shop + """
        class C
        {
            async Task M(IDistributedCache cache, ShopDb db, DistributedCacheEntryOptions options)
            {
                await cache.SetStringAsync("shop:json", System.Text.Json.JsonSerializer.Serialize([|db.Products.Where(p => p.Active)|]), options);
            }
        }
        """, Shop + """
        class C
        {
            async Task M(IDistributedCache cache, ShopDb db, DistributedCacheEntryOptions options)
            {
                await cache.SetStringAsync("shop:json", System.Text.Json.JsonSerializer.Serialize(await db.Products.Where(p => p.Active).ToListAsync()), options);
            }
        }
        """);

    [Fact]
    public Task Fix_adds_the_missing_using() => FixVerifier.VerifyFixAsync("""
        namespace Data
        {
            using Microsoft.EntityFrameworkCore;

            public class Product { public int Id { get; set; } }
            public class ShopDb : DbContext { public DbSet<Product> Products => Set<Product>(); }
        }

        namespace App
        {
            using Data;

            class C
            {
                async Task M(HybridCache hybrid, ShopDb db) =>
                    await hybrid.GetOrCreateAsync("shop:h", async ct => [|db.Products|]);
            }
        }
        """, """
        using Microsoft.EntityFrameworkCore;

        namespace Data
        {
            using Microsoft.EntityFrameworkCore;

            public class Product { public int Id { get; set; } }
            public class ShopDb : DbContext { public DbSet<Product> Products => Set<Product>(); }
        }

        namespace App
        {
            using Data;

            class C
            {
                async Task M(HybridCache hybrid, ShopDb db) =>
                    await hybrid.GetOrCreateAsync("shop:h", async ct => await db.Products.ToListAsync());
            }
        }
        """);
}
