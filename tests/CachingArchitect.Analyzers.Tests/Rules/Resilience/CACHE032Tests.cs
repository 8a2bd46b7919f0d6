using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Resilience.StampedeProneCacheAsideAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Resilience;

public class CACHE032Tests
{
    private const string Shop = """
        using System.Data;
        using System.Net.Http;
        using Microsoft.EntityFrameworkCore;
        using Dapper;

        public sealed class Product { public int Id { get; set; } public string Name { get; set; } = ""; }

        public sealed class ShopDb : DbContext
        {
            public DbSet<Product> Products => Set<Product>();
        }

        """;

    private static Task Verify(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        VerifyCS.VerifyAsync(Shop + source, expected);

    // ------------------------------------------------------------------ (a) GetOrCreate[Async] factory with I/O

    [Fact]
    public Task GetOrCreateAsync_factory_querying_EF_Core() => Verify("""
        public sealed class Catalog(IMemoryCache cache, ShopDb db)
        {
            public Task<List<Product>?> AllAsync() =>
                cache.{|#0:GetOrCreateAsync|}("shop:products", async entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    return await db.Products.AsNoTracking().ToListAsync();
                });
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GetOrCreateAsync' runs its factory for every concurrent miss, and the factory calls 'ToListAsync' (EF Core): when the entry expires every concurrent request hits the data source at once; use HybridCache.GetOrCreateAsync (one factory call per key), a per-key lock, or cache a Lazy<Task<T>>"));

    [Fact]
    public Task GetOrCreate_factories_calling_HTTP_and_Dapper() => Verify("""
        public sealed class Rates(IMemoryCache cache, HttpClient http, IDbConnection connection)
        {
            public Task<string?> RateAsync(string currency) =>
                cache.[|GetOrCreateAsync|]($"rate:{currency}", e =>
                {
                    e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                    return http.GetStringAsync($"https://rates.example/{currency}");
                });

            public int Count() =>
                cache.[|GetOrCreate|]("count", e =>
                {
                    e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                    return connection.ExecuteScalar<int>("select count(*) from products");
                });
        }
        """);

    [Fact]
    public Task Awaited_unknown_call_is_info() => Verify("""
        public interface IProductApi { Task<Product> GetAsync(int id); }

        public sealed class Catalog(IMemoryCache cache, IProductApi api)
        {
            public Task<Product?> GetAsync(int id) =>
                cache.{|#0:GetOrCreateAsync|}($"p:{id}", async e =>
                {
                    e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    return await api.GetAsync(id);
                });
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("'GetOrCreateAsync' runs its factory for every concurrent miss, and the factory awaits 'GetAsync': if that is I/O, an expiring entry lets every concurrent request run it at once; consider HybridCache.GetOrCreateAsync, a per-key lock, or a cached Lazy<Task<T>>"));

    [Fact]
    public Task Memcached_GetValueOrCreateAsync_generator_querying_EF_Core() => Verify("""
        public sealed class Catalog(IMemcachedClient memcached, ShopDb db)
        {
            public Task<List<Product>> AllAsync() =>
                memcached.{|#0:GetValueOrCreateAsync|}("shop:products", 300, async () => await db.Products.AsNoTracking().ToListAsync());
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GetValueOrCreateAsync' runs its factory for every concurrent miss, and the factory calls 'ToListAsync' (EF Core): when the entry expires every concurrent request hits the data source at once; use HybridCache.GetOrCreateAsync (one factory call per key), a per-key lock, or cache a Lazy<Task<T>>"));

    [Fact]
    public Task Redis_schema_key_GetOrSetAsync_helper_does_not_coalesce() =>
        CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<CachingArchitect.Analyzers.Rules.Resilience.StampedeProneCacheAsideAnalyzer>.VerifyAsync(Shop + """
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("product:{id}", Ttl = "00:05:00")]
            public static partial CacheKey<Product?> Product(int id);

            [CacheKey("title:{id}", Ttl = "01:00:00")]
            public static partial CacheKey<string> Title(int id);
        }

        public sealed class Catalog(IConnectionMultiplexer mux, ShopDb db)
        {
            public Task<Product?> GetAsync(int id) =>
                mux.GetDatabase().{|#0:GetOrSetAsync|}(ShopKeys.Product(id), async ct => await db.Products.FindAsync(new object[] { id }, ct));

            public Task<string> TitleAsync(int id) =>
                mux.GetDatabase().GetOrSetAsync(ShopKeys.Title(id), ct => Task.FromResult($"#{id}"));
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GetOrSetAsync' runs its factory for every concurrent miss, and the factory calls 'FindAsync' (EF Core): when the entry expires every concurrent request hits the data source at once; use HybridCache.GetOrCreateAsync (one factory call per key), a per-key lock, or cache a Lazy<Task<T>>"));

    [Fact]
    public Task Read_through_guarded_by_a_semaphore_or_lock_is_coalesced() => Verify("""
        public sealed class Catalog(IMemoryCache cache, ShopDb db)
        {
            private readonly SemaphoreSlim _gate = new(1, 1);
            private readonly object _sync = new();

            public async Task<List<Product>?> AllAsync()
            {
                await _gate.WaitAsync();
                try
                {
                    return await cache.GetOrCreateAsync("shop:products", async entry =>
                    {
                        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                        return await db.Products.AsNoTracking().ToListAsync();
                    });
                }
                finally
                {
                    _gate.Release();
                }
            }

            public int Count()
            {
                lock (_sync)
                {
                    return cache.GetOrCreate("shop:count", entry =>
                    {
                        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                        return db.Products.Count();
                    });
                }
            }
        }
        """);

    // ------------------------------------------------------------------ (b) hand-rolled cache-aside

    [Fact]
    public Task Memory_cache_TryGetValue_miss_load_set() => Verify("""
        public sealed class Catalog(IMemoryCache cache, ShopDb db)
        {
            public async Task<Product?> GetAsync(int id)
            {
                var key = $"p:{id}";
                if (!cache.{|#0:TryGetValue|}(key, out Product? product))
                {
                    product = await db.Products.FirstOrDefaultAsync(p => p.Id == id);
                    cache.Set(key, product, TimeSpan.FromMinutes(5));
                }

                return product;
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Cache-aside without coalescing: a miss on 'TryGetValue' calls 'FirstOrDefaultAsync' (EF Core) and then 'Set' on the same key, so when the entry expires every concurrent request loads it at once; use HybridCache.GetOrCreateAsync or FusionCache GetOrSetAsync, or guard the load with a per-key lock"));

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Distributed_and_redis_cache_aside(RedisVersion redis) => VerifyCS.VerifyAsync(Shop + """
        public sealed class Catalog(IDistributedCache distributed, IDatabase redis, HttpClient http)
        {
            public async Task<string> NameAsync(int id)
            {
                var key = $"name:{id}";
                var cached = await distributed.[|GetStringAsync|](key);
                if (cached is not null)
                {
                    return cached;
                }

                var name = await http.GetStringAsync($"https://names/{id}");
                await distributed.SetStringAsync(key, name, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                return name;
            }

            public async Task<string> PriceAsync(int id)
            {
                var value = await redis.[|StringGetAsync|]($"price:{id}");
                if (value.IsNullOrEmpty)
                {
                    value = await http.GetStringAsync($"https://prices/{id}");
                    await redis.StringSetAsync($"price:{id}", value, TimeSpan.FromMinutes(1));
                }

                return value!;
            }
        }
        """, null, redis);

    [Fact]
    public Task Memcached_cache_aside_with_load_inside_the_set() => Verify("""
        public sealed class Catalog(IMemcachedClient memcached, ShopDb db)
        {
            public async Task<int> CountAsync()
            {
                var count = memcached.{|CACHE032:Get<int?>|}("count");
                if (count is null)
                {
                    count = await db.Products.CountAsync();
                    await memcached.SetAsync("count", count, 60);
                }

                return count.Value;
            }
        }
        """);

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task HybridCache_and_FusionCache() => Verify("""
        public sealed class Catalog(HybridCache hybrid, IFusionCache fusion, ShopDb db)
        {
            public ValueTask<List<Product>> AllAsync() =>
                hybrid.GetOrCreateAsync("shop:products", async ct => await db.Products.ToListAsync(ct));

            public ValueTask<List<Product>> All2Async() =>
                fusion.GetOrSetAsync<List<Product>>("shop:products", async (ctx, ct) => await db.Products.ToListAsync(ct), TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task Cpu_only_factories() => Verify("""
        public sealed class Formatter(IMemoryCache cache)
        {
            public string Title(int id) =>
                cache.GetOrCreate($"title:{id}", e =>
                {
                    e.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1);
                    return string.Join("-", Enumerable.Range(0, id).Select(i => i.ToString()));
                })!;

            public Task<int> Length(string s) =>
                cache.GetOrCreateAsync($"len:{s}", async e =>
                {
                    e.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1);
                    return await Task.FromResult(s.Length);
                });
        }
        """);

    [Fact]
    public Task Lazy_values() => Verify("""
        public sealed class Catalog(IMemoryCache cache, ShopDb db)
        {
            public Task<List<Product>> AllAsync() =>
                cache.GetOrCreate("shop:products", e =>
                {
                    e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    return new Lazy<Task<List<Product>>>(() => db.Products.ToListAsync());
                })!.Value;

            public async Task<Product?> GetAsync(int id)
            {
                if (!cache.TryGetValue($"p:{id}", out Lazy<Task<Product?>>? lazy))
                {
                    lazy = new Lazy<Task<Product?>>(() => db.Products.FirstOrDefaultAsync(p => p.Id == id));
                    cache.Set($"p:{id}", lazy, TimeSpan.FromMinutes(5));
                }

                return await lazy!.Value;
            }
        }
        """);

    [Fact]
    public Task Semaphore_and_lock_and_keyed_lock_helper() => Verify("""
        public interface IKeyedLocker { Task<IDisposable> LockAsync(string key); }

        public sealed class Catalog(IMemoryCache cache, ShopDb db, IKeyedLocker locker)
        {
            private static readonly SemaphoreSlim Gate = new(1, 1);
            private static readonly object Sync = new();

            public async Task<Product?> A(int id)
            {
                if (cache.TryGetValue($"p:{id}", out Product? p)) return p;
                await Gate.WaitAsync();
                try
                {
                    if (cache.TryGetValue($"p:{id}", out p)) return p;
                    p = await db.Products.FindAsync(id);
                    cache.Set($"p:{id}", p, TimeSpan.FromMinutes(5));
                    return p;
                }
                finally { Gate.Release(); }
            }

            public Product? B(int id)
            {
                lock (Sync)
                {
                    if (!cache.TryGetValue($"p:{id}", out Product? p))
                    {
                        p = db.Products.Find(id);
                        cache.Set($"p:{id}", p, TimeSpan.FromMinutes(5));
                    }

                    return p;
                }
            }

            public async Task<Product?> C(int id)
            {
                using (await locker.LockAsync($"p:{id}"))
                {
                    var p = cache.Get<Product>($"p:{id}");
                    if (p is null)
                    {
                        p = await db.Products.FindAsync(id);
                        cache.Set($"p:{id}", p, TimeSpan.FromMinutes(5));
                    }

                    return p;
                }
            }
        }
        """);

    [Fact]
    public Task Test_projects_are_not_analyzed() => VerifyCS.VerifyWithReferencesAsync(Shop + """
        public class CacheTests
        {
            [Xunit.Fact]
            public async Task Loads()
            {
                IMemoryCache cache = null!;
                ShopDb db = null!;
                await cache.GetOrCreateAsync("k", async e => await db.Products.ToListAsync());
            }
        }
        """, null, new[] { TestReferences.XunitCore });

    // ------------------------------------------------------------------ looks like it but is fine

    [Fact]
    public Task Write_through_and_different_keys_and_no_miss_test() => Verify("""
        public sealed class Catalog(IMemoryCache cache, ShopDb db)
        {
            public async Task UpdateAsync(Product product)
            {
                db.Update(product);
                await db.SaveChangesAsync();
                cache.Set($"p:{product.Id}", product, TimeSpan.FromMinutes(5));
            }

            public async Task<Product?> RefreshAsync(int id)
            {
                var old = cache.Get<Product>($"p:{id}");
                var fresh = await db.Products.FindAsync(id);
                cache.Set($"p:{id}", fresh, TimeSpan.FromMinutes(5));
                return fresh ?? old;
            }

            public async Task<Product?> OtherKeyAsync(int id)
            {
                if (!cache.TryGetValue($"p:{id}", out Product? p))
                {
                    p = await db.Products.FindAsync(id);
                    cache.Set($"audit:{id}", DateTime.UtcNow, TimeSpan.FromMinutes(5));
                }

                return p;
            }
        }
        """);

    [Fact]
    public Task Factory_awaiting_a_helper_declared_in_source() => Verify("""
        public sealed record AccessToken(string Audience, DateTimeOffset ExpiresOn);

        public sealed class TokenCache(IMemoryCache cache)
        {
            public async Task<AccessToken> GetAsync(string audience) =>
                (await cache.GetOrCreateAsync($"tokens:{audience}", async entry =>
                {
                    var fresh = await MintAsync(audience);
                    entry.AbsoluteExpiration = fresh.ExpiresOn.AddMinutes(-1);
                    return fresh;
                }))!;

            private static Task<AccessToken> MintAsync(string audience) =>
                Task.FromResult(new AccessToken(audience, DateTimeOffset.UtcNow.AddHours(1)));
        }
        """);

    [Fact]
    public Task Miss_branch_without_I_O() => Verify("""
        public sealed class Settings(IDistributedCache cache)
        {
            public async Task<string> ThemeAsync(string user)
            {
                var theme = await cache.GetStringAsync($"theme:{user}");
                if (theme is null)
                {
                    theme = "light";
                    await cache.SetStringAsync($"theme:{user}", theme, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromHours(1), AbsoluteExpirationRelativeToNow = TimeSpan.FromDays(1) });
                }

                return theme;
            }
        }
        """);

    [Fact]
    public Task Memory_tier_over_a_redis_tier_is_not_a_stampede_source() => VerifyCS.VerifyAsync("""
        class C
        {
            Task<string?> M(IMemoryCache memory, IDatabase redis) =>
                memory.GetOrCreateAsync("shop:l1:banner", async entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(10);
                    return (string?)await redis.StringGetAsync("shop:banner");
                });

            Task<byte[]?> N(IMemoryCache memory, IDistributedCache l2) =>
                memory.GetOrCreateAsync("shop:l1:menu", async entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(10);
                    return await l2.GetAsync("shop:menu");
                });
        }
        """);
}
