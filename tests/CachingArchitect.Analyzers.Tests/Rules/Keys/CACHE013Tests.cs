using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Keys.KeyWithoutNamespaceAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Keys.KeyWithoutNamespaceAnalyzer,
    CachingArchitect.CodeFixes.Rules.Keys.KeyWithoutNamespaceCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Keys;

public class CACHE013Tests
{
    // ------------------------------------------------------------------ triggers: (a) keys

    [Fact]
    public Task Constant_key_without_separator() => VerifyCS.VerifyAsync("""
        class C
        {
            object? M(IMemoryCache cache) => cache.Get({|#0:"countries"|});
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "Key 'countries' has no namespace; use a schema such as 'area:entity[:id]' so that features and applications sharing the cache do not collide"));

    [Fact]
    public Task Leading_constant_without_separator() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDatabase db, int id) => db.StringSet({|#0:"user" + id|}, "v", TimeSpan.FromMinutes(1));
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "Key 'user{int}' has no namespace prefix; start it with 'area:entity:' so that keys of different families cannot collide"));

    [Fact]
    public Task Bare_typed_id() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id, Guid orderId)
            {
                cache.Set({|#0:id|}, "v", TimeSpan.FromMinutes(1));
                cache.Remove([|orderId.ToString()|]);
            }
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "Key is a bare {int} value with no namespace; prefix it ('entity:{int}') so that other entities with the same id do not collide"));

    // ------------------------------------------------------------------ triggers: (b) InstanceName

    [Fact]
    public Task InstanceName_without_separator() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;
        class Startup
        {
            void ConfigureServices(IServiceCollection services, IMemoryCache cache) =>
                services.AddStackExchangeRedisCache(o => o.InstanceName = {|#0:"MyApp"|});
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "RedisCacheOptions.InstanceName 'MyApp' does not end in a separator; keys become 'MyAppuser:1' — end it with ':'"));

    [Fact]
    public Task Fix_appends_separator_to_InstanceName() => VerifyFix.VerifyFixAsync("""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Caching.StackExchangeRedis;
        class Startup
        {
            void ConfigureServices(IServiceCollection services)
            {
                services.AddStackExchangeRedisCache(o => o.InstanceName = [|"MyApp"|]);
                var options = new RedisCacheOptions { InstanceName = [|"Orders"|] };
            }
        }
        """, """
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Caching.StackExchangeRedis;
        class Startup
        {
            void ConfigureServices(IServiceCollection services)
            {
                services.AddStackExchangeRedisCache(o => o.InstanceName = "MyApp:");
                var options = new RedisCacheOptions { InstanceName = "Orders:" };
            }
        }
        """);

    [Fact]
    public Task Fix_uses_configured_separator() => VerifyFix.VerifyFixAsync("""
        using Microsoft.Extensions.DependencyInjection;
        class Startup
        {
            void ConfigureServices(IServiceCollection services) =>
                services.AddStackExchangeRedisCache(o => o.InstanceName = [|"MyApp"|]);
        }
        """, """
        using Microsoft.Extensions.DependencyInjection;
        class Startup
        {
            void ConfigureServices(IServiceCollection services) =>
                services.AddStackExchangeRedisCache(o => o.InstanceName = "MyApp|");
        }
        """, "caching_architect.key_separators = |:", RedisVersion.V3);

    // ------------------------------------------------------------------ triggers: (c) named FusionCache

    [Fact]
    public Task Named_FusionCache_with_L2_and_no_prefix() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;
        class Startup
        {
            void ConfigureServices(IServiceCollection services, IDistributedCache distributed) =>
                services.{|#0:AddFusionCache|}("orders").WithDistributedCache(distributed);
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "Named FusionCache 'orders' uses a distributed cache (L2) but no cache-key prefix; its entries collide with other caches — add WithCacheKeyPrefix()"));

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Namespaced_keys() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, IDatabase db, int id, string tenant)
            {
                cache.Set("ref:countries", 1, TimeSpan.FromMinutes(1));
                cache.Set($"user:{id}:profile", 1, TimeSpan.FromMinutes(1));
                db.StringGet($"{tenant}:user:{id}");
                cache.Get(tenant);
            }
        }
        """);

    [Fact]
    public Task Generated_key_schema() => VerifyCS.VerifyAsync("""
        public static class KeyOfUser { public static string Profile(int id) => "app:user:v1:" + id; }
        class C
        {
            object? M(IMemoryCache cache, int id) => cache.Get(KeyOfUser.Profile(id));
        }
        """);

    [Fact]
    public Task Provider_prefix_InstanceName() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;
        class C
        {
            void Configure(IServiceCollection services) => services.AddStackExchangeRedisCache(o => o.InstanceName = "shop:");
            string? M(IDistributedCache cache) => cache.GetString("countries");
        }
        """);

    [Fact]
    public Task Redis_WithKeyPrefix() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IConnectionMultiplexer mux)
            {
                var db = StackExchange.Redis.KeyspaceIsolation.DatabaseExtensions.WithKeyPrefix(mux.GetDatabase(), "shop:");
                db.StringGet("countries");
            }
        }
        """);

    [Fact]
    public Task Named_FusionCache_with_prefix_or_without_shared_components() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;
        class Startup
        {
            void ConfigureServices(IServiceCollection services, IDistributedCache distributed)
            {
                services.AddFusionCache("orders").WithCacheKeyPrefix().WithDistributedCache(distributed);
                services.AddFusionCache("products").WithDistributedCache(distributed).WithCacheKeyPrefixByCacheName();
                services.AddFusionCache("local");
                services.AddFusionCache().WithDistributedCache(distributed);
            }
        }
        """);

    [Fact]
    public Task InstanceName_with_separator() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;
        class Startup
        {
            void ConfigureServices(IServiceCollection services) => services.AddStackExchangeRedisCache(o => o.InstanceName = "MyApp:");
        }
        """);
}
