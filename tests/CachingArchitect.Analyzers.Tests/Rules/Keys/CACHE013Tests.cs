using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Keys.KeyWithoutNamespaceAnalyzer>;
using VerifyFamily = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Keys.KeyFamilyVersionAnalyzer>;
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

    // ------------------------------------------------------------------ (d) version token used by some writers of a family only

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Family(int location, string family, string version, int versionedLine) =>
        VerifyFamily.Diagnostic().WithLocation(location).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
            $"Key family '{family}' is written with version token '{version}' at Test0.cs({versionedLine}) but without one here: " +
            "readers of one version never see the other's entries, and a version bump leaves these entries behind");

    [Fact]
    public Task Family_written_with_and_without_version_token() => VerifyFamily.VerifyAsync("""
        class C
        {
            void Save(IDatabase db, int id) => db.StringSet($"shop:v2:user:{id}", "v", TimeSpan.FromMinutes(5));

            void Legacy(IDatabase db, int id) => db.StringSet({|#0:$"shop:user:{id}"|}, "v", TimeSpan.FromMinutes(5));

            void Other(IDatabase db, long id) => db.StringSet({|#1:"shop:user:" + id|}, "v", TimeSpan.FromMinutes(5));
        }
        """, Family(0, "shop:user:{}", "v2", 3), Family(1, "shop:user:{}", "v2", 3));

    [Fact]
    public Task Trailing_and_dynamic_version_tokens() => VerifyFamily.VerifyAsync("""
        class C
        {
            static int Version => 3;

            void A(IMemoryCache cache, int id) => cache.Set($"product:{id}:v{Version}", 1, TimeSpan.FromMinutes(5));

            void B(IMemoryCache cache, int id) => cache.Set({|#0:$"product:{id}"|}, 1, TimeSpan.FromMinutes(5));

            Task<int> C2(HybridCache cache, int id) => cache.GetOrCreateAsync($"order:{id}:v1", _ => ValueTask.FromResult(1)).AsTask();

            Task<int> D(HybridCache cache, int id) => cache.GetOrCreateAsync({|#1:$"order:{id}"|}, _ => ValueTask.FromResult(1)).AsTask();
        }
        """, Family(0, "product:{}", "v{…}", 5), Family(1, "order:{}", "v1", 9));

    [Fact]
    public Task Consistent_families_are_not_reported() => VerifyFamily.VerifyAsync("""
        class C
        {
            void A(IDatabase db, int id) => db.StringSet($"shop:v2:user:{id}", "v", TimeSpan.FromMinutes(5));
            void B(IDatabase db, int id) => db.StringSet($"shop:v2:user:{id}", "w", TimeSpan.FromMinutes(5));
            void C2(IDatabase db, int id) => db.StringSet($"cart:{id}", "v", TimeSpan.FromMinutes(5));
            void D(IDatabase db, int id) => db.StringSet($"cart:{id}", "w", TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task Mid_migration_versions_are_not_reported() => VerifyFamily.VerifyAsync("""
        class C
        {
            // Writing both versions during a migration is deliberate: every writer carries a version.
            void A(IDatabase db, int id) => db.StringSet($"user:v1:{id}", "v", TimeSpan.FromMinutes(5));
            void B(IDatabase db, int id) => db.StringSet($"user:v2:{id}", "v", TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task Different_families_under_one_app_prefix_are_not_reported() => VerifyFamily.VerifyAsync("""
        class C
        {
            void A(IDatabase db, int id) => db.StringSet($"shop:v2:user:{id}", "v", TimeSpan.FromMinutes(5));
            void B(IDatabase db, int id) => db.StringSet($"shop:cart:{id}", "v", TimeSpan.FromMinutes(5));
            void C2(IDatabase db, int id) => db.StringSet($"shop:user:{id}:avatar", "v", TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task Different_technologies_are_different_key_spaces() => VerifyFamily.VerifyAsync("""
        class C
        {
            void A(IDatabase db, int id) => db.StringSet($"user:v2:{id}", "v", TimeSpan.FromMinutes(5));
            void B(IMemoryCache cache, int id) => cache.Set($"user:{id}", 1, TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task Readers_and_removals_are_not_writers() => VerifyFamily.VerifyAsync("""
        class C
        {
            void A(IDatabase db, int id) => db.StringSet($"user:v2:{id}", "v", TimeSpan.FromMinutes(5));
            RedisValue B(IDatabase db, int id) => db.StringGet($"user:{id}");
            void C2(IDatabase db, int id) => db.KeyDelete($"user:{id}");
        }
        """);

    [Fact]
    public Task Words_starting_with_v_are_not_version_tokens() => VerifyFamily.VerifyAsync("""
        class C
        {
            void A(IDatabase db, int id) => db.StringSet($"video:views:{id}", "v", TimeSpan.FromMinutes(5));
            void B(IDatabase db, int id) => db.StringSet($"video:{id}", "v", TimeSpan.FromMinutes(5));
            void C2(IDatabase db, int id) => db.StringSet($"vat:v8engine:{id}", "v", TimeSpan.FromMinutes(5));
            void D(IDatabase db, int id) => db.StringSet($"vat:{id}", "v", TimeSpan.FromMinutes(5));
        }
        """);

    // ------------------------------------------------------------------ generated key-schema keys are safe

    [Fact]
    public Task Schema_keys_are_namespaced() => CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
        CachingArchitect.Analyzers.Rules.Keys.KeyWithoutNamespaceAnalyzer>.VerifyAsync(SchemaTestSupport.ShopKeys + """
        class C
        {
            void M(IDatabase db, IMemoryCache memory, IDistributedCache distributed, HybridCache hybrid, string term, CacheKey<string> given)
            {
                var key = ShopKeys.Search(term);
                memory.Set(key.Value, "x", TimeSpan.FromMinutes(5));
                distributed.SetString(key, "x", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                db.StringSet(key.AsRedisKey(), "x", TimeSpan.FromMinutes(5));
                db.StringGet(given.ToString());
                db.Get(given);
                db.Remove(ShopKeys.Stats(1));
                _ = hybrid.GetOrCreateAsync(ShopKeys.Stats(2), ct => ValueTask.FromResult(1));
            }
        }
        """);

    [Fact]
    public Task Schema_keys_of_one_family_do_not_count_as_unversioned_writers() => CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
        CachingArchitect.Analyzers.Rules.Keys.KeyFamilyVersionAnalyzer>.VerifyAsync(SchemaTestSupport.ShopKeys + """
        class C
        {
            void M(IDatabase db, long hour)
            {
                db.StringSet($"shop:v2:stats:{hour}", "1", TimeSpan.FromMinutes(5));
                db.StringSet(ShopKeys.Stats(hour).AsRedisKey(), "1", TimeSpan.FromMinutes(5));
                db.StringSet(ShopKeys.Stats(hour).Value, "1", TimeSpan.FromMinutes(5));
            }
        }
        """);
}
