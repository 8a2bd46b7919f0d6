using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Resilience.CacheOutagePropagatesAnalyzer>;
using VerifyBreaker = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Resilience.FusionCacheWithoutCircuitBreakerAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Resilience;

public class CACHE034Tests
{
    private const string Unguarded = "'{0}' calls the {1} server without a catch or a resilience pipeline although '{2}' can serve the data: when the cache is down or slow, the request fails instead of falling back to the data source";
    private const string ReThrow = "'{0} = true' makes every {1} error fail the call, although FusionCache can keep serving from memory and the factory; leave it false (the default) outside diagnostics and tests";
    private const string NoBreaker = "FusionCache has a distributed cache (L2) but no DistributedCacheCircuitBreakerDuration: while the L2 is down, every cache call still waits for it to time out; set options.DistributedCacheCircuitBreakerDuration (e.g. TimeSpan.FromSeconds(2))";

    private static DiagnosticResult Diagnostic(int location, string message) =>
        VerifyCS.Diagnostic().WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(message);

    private const string Shop = """
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Text.Json;
        using Microsoft.EntityFrameworkCore;

        public sealed record Product(int Id, string Name);

        public sealed class ShopDb : DbContext
        {
            public DbSet<Product> Products => Set<Product>();
        }

        """;

    // ------------------------------------------------------------------ (a) triggers

    [Fact]
    public Task Distributed_cache_aside_without_catch() => VerifyCS.VerifyAsync(Shop + """
        public sealed class ProductService(IDistributedCache cache, ShopDb db)
        {
            public async Task<Product?> GetAsync(int id, CancellationToken ct)
            {
                var key = $"shop:product:{id}";
                var json = await cache.{|#0:GetStringAsync|}(key, ct);
                if (json is not null)
                {
                    return JsonSerializer.Deserialize<Product>(json);
                }

                var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, ct);
                if (product is not null)
                {
                    await cache.SetStringAsync(key, JsonSerializer.Serialize(product), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) }, ct);
                }

                return product;
            }
        }
        """, Diagnostic(0, string.Format(Unguarded, "GetStringAsync", "IDistributedCache", "FirstOrDefaultAsync")));

    [Fact]
    public Task Redis_cache_aside_with_http_source() => VerifyCS.VerifyAsync(Shop + """
        public sealed class RatesClient(IConnectionMultiplexer mux, HttpClient http)
        {
            public async Task<string> GetRatesAsync(string currency)
            {
                var db = mux.GetDatabase();
                var cached = await db.{|#0:StringGetAsync|}("fx:rates:" + currency);
                if (cached.HasValue)
                {
                    return cached.ToString();
                }

                var rates = await http.GetStringAsync("https://rates.example/" + currency);
                await db.StringSetAsync("fx:rates:" + currency, rates, TimeSpan.FromMinutes(1));
                return rates;
            }
        }
        """, Diagnostic(0, string.Format(Unguarded, "StringGetAsync", "Redis", "GetStringAsync")));

    [Fact]
    public Task Catch_of_an_unrelated_exception_does_not_protect() => VerifyCS.VerifyAsync(Shop + """
        public sealed class ProductService(IDistributedCache cache, ShopDb db)
        {
            public async Task<Product?> GetAsync(int id)
            {
                try
                {
                    var bytes = await cache.{|#0:GetAsync|}("shop:product:" + id);
                    if (bytes is not null)
                    {
                        return JsonSerializer.Deserialize<Product>(bytes);
                    }
                }
                catch (JsonException)
                {
                }

                return await db.Products.FindAsync(id);
            }
        }
        """, Diagnostic(0, string.Format(Unguarded, "GetAsync", "IDistributedCache", "FindAsync")));

    // ------------------------------------------------------------------ (a) does not trigger

    [Fact]
    public Task Cache_call_in_try_catch_for_redis_exceptions() => VerifyCS.VerifyAsync(Shop + """
        public sealed class ProductService(IDistributedCache cache, ShopDb db)
        {
            public async Task<Product?> GetAsync(int id, CancellationToken ct)
            {
                var key = $"shop:product:{id}";
                try
                {
                    var json = await cache.GetStringAsync(key, ct);
                    if (json is not null)
                    {
                        return JsonSerializer.Deserialize<Product>(json);
                    }
                }
                catch (RedisConnectionException)
                {
                    // the cache is down: fall through to the database
                }

                var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, ct);
                try
                {
                    await cache.SetStringAsync(key, JsonSerializer.Serialize(product), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) }, ct);
                }
                catch (Exception)
                {
                }

                return product;
            }
        }
        """);

    [Fact]
    public Task Cache_call_inside_a_resilience_pipeline() => VerifyCS.VerifyAsync("using Polly;\n" + Shop + """
        public sealed class ProductService(IDistributedCache cache, ShopDb db, ResiliencePipeline pipeline)
        {
            public async Task<Product?> GetAsync(int id, CancellationToken ct)
            {
                var json = await pipeline.ExecuteAsync(async token => await cache.GetStringAsync("shop:product:" + id, token), ct);
                if (json is not null)
                {
                    return JsonSerializer.Deserialize<Product>(json);
                }

                return await db.Products.FindAsync(id);
            }
        }
        """);

    [Fact]
    public Task Cache_read_without_a_data_source_fallback() => VerifyCS.VerifyAsync(Shop + """
        public sealed class SessionStore(IDistributedCache cache)
        {
            public Task<string?> GetAsync(string sessionId) => cache.GetStringAsync("session:" + sessionId);
        }
        """);

    [Fact]
    public Task Hybrid_and_fusion_cache_default_paths() => VerifyCS.VerifyAsync(Shop + """
        public sealed class ProductService(HybridCache hybrid, IFusionCache fusion, ShopDb db)
        {
            public ValueTask<Product?> GetAsync(int id, CancellationToken ct) =>
                hybrid.GetOrCreateAsync($"shop:product:{id}", async token => await db.Products.FindAsync(new object[] { id }, token), cancellationToken: ct);

            public ValueTask<Product?> GetFusedAsync(int id, CancellationToken ct) =>
                fusion.GetOrSetAsync<Product?>($"shop:product:{id}", async (_, token) => await db.Products.FindAsync(new object[] { id }, token), TimeSpan.FromMinutes(5), ct);
        }
        """);

    [Fact]
    public Task Ops_tooling_paths_are_exempt() => VerifyCS.VerifyAsync(
        Shop + """
        public sealed class CacheWarmer(IDistributedCache cache, ShopDb db)
        {
            public async Task<Product?> CheckAsync(int id)
            {
                var json = await cache.GetStringAsync("shop:product:" + id);
                return json is null ? await db.Products.FindAsync(id) : null;
            }
        }
        """,
        "caching_architect.ops_tooling_paths = /0/",
        RedisVersion.V3);

    // ------------------------------------------------------------------ (b) FusionCache re-throws

    [Fact]
    public Task ReThrow_distributed_cache_exceptions() => VerifyCS.VerifyAsync("""
        public sealed class Settings
        {
            public FusionCacheEntryOptions Create() => new FusionCacheEntryOptions
            {
                Duration = TimeSpan.FromMinutes(5),
                {|#0:ReThrowDistributedCacheExceptions = true|},
            };

            public void Tune(FusionCacheEntryOptions options) => {|#1:options.ReThrowBackplaneExceptions = true|};
        }
        """,
        Diagnostic(0, string.Format(ReThrow, "ReThrowDistributedCacheExceptions", "distributed cache (L2)")),
        Diagnostic(1, string.Format(ReThrow, "ReThrowBackplaneExceptions", "backplane")));

    [Fact]
    public Task ReThrow_false_is_fine() => VerifyCS.VerifyAsync("""
        public sealed class Settings
        {
            public FusionCacheEntryOptions Create() => new FusionCacheEntryOptions { ReThrowDistributedCacheExceptions = false, ReThrowBackplaneExceptions = false };
        }
        """);

    // ------------------------------------------------------------------ (c) FusionCache L2 without circuit breaker

    private static string Registration(string chain) => $$"""
        using Microsoft.Extensions.DependencyInjection;
        using ZiggyCreatures.Caching.Fusion.Serialization;

        public static class CachingSetup
        {
            public static void Add(IServiceCollection services, IConfiguration config)
            {
                services.AddStackExchangeRedisCache(o => o.Configuration = "redis:6379,abortConnect=false");
                {{chain}}
            }
        }
        """.Replace("IConfiguration", "Microsoft.Extensions.Configuration.IConfiguration");

    [Fact]
    public Task Fusion_cache_with_l2_and_no_circuit_breaker() => VerifyBreaker.VerifyAsync(Registration("""
        services.{|#0:AddFusionCache|}()
            .WithSerializer(sp => sp.GetRequiredService<IFusionCacheSerializer>())
            .WithRegisteredDistributedCache();
        """), Diagnostic(0, NoBreaker));

    [Fact]
    public Task Fusion_cache_with_explicit_l2_and_zero_breaker() => VerifyBreaker.VerifyAsync(Registration("""
        services.{|#0:AddFusionCache|}()
            .WithOptions(o => o.DistributedCacheCircuitBreakerDuration = TimeSpan.Zero)
            .WithDistributedCache(sp => sp.GetRequiredService<IDistributedCache>(), sp => sp.GetRequiredService<IFusionCacheSerializer>());
        """.Replace(", sp => sp.GetRequiredService<IFusionCacheSerializer>()", "")), Diagnostic(0, NoBreaker));

    [Fact]
    public Task Fusion_cache_with_circuit_breaker() => VerifyBreaker.VerifyAsync(Registration("""
        services.AddFusionCache()
            .WithOptions(o => o.DistributedCacheCircuitBreakerDuration = TimeSpan.FromSeconds(2))
            .WithRegisteredDistributedCache();
        """));

    [Fact]
    public Task Fusion_cache_with_circuit_breaker_from_global_configure() => VerifyBreaker.VerifyAsync(Registration("""
        services.Configure<FusionCacheOptions>(o => o.DistributedCacheCircuitBreakerDuration = TimeSpan.FromSeconds(2));
        services.AddFusionCache().WithRegisteredDistributedCache();
        """));

    [Fact]
    public Task Fusion_cache_options_from_configuration() => VerifyBreaker.VerifyAsync(Registration("""
        services.AddFusionCache().WithOptions(o => config.GetSection("FusionCache").Bind(o)).WithRegisteredDistributedCache();
        """.Replace("config.GetSection(\"FusionCache\").Bind(o)", "Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(config.GetSection(\"FusionCache\"), o)")));

    [Fact]
    public Task Fusion_cache_memory_only() => VerifyBreaker.VerifyAsync(Registration("""
        services.AddFusionCache();
        """));
}
