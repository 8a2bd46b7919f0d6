using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Consistency.MultiNodeL1WithoutInvalidationAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Consistency.MultiNodeL1WithoutInvalidationAnalyzer,
    CachingArchitect.CodeFixes.Rules.Consistency.MultiNodeL1WithoutInvalidationCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Consistency;

public class CACHE022Tests
{
    private const string BackplaneWithoutL2 = "FusionCache has a backplane but no distributed cache (L2): every change makes the other nodes evict the entry and run the factory again, so the cache keeps invalidating itself; add WithDistributedCache(…), or set DefaultEntryOptions.SkipBackplaneNotifications = true and opt in per call";
    private const string FusionWithoutBackplane = "FusionCache has a distributed cache (L2) and the code invalidates entries, but no backplane: other nodes keep serving their in-memory (L1) copy until it expires; add a backplane (WithBackplane) or shorten the L1 with MemoryCacheDuration (at most {0})";
    private const string HybridWithoutChannel = "HybridCache has a distributed cache (L2) and the code invalidates entries, but RemoveAsync/RemoveByTagAsync only reach this node's memory and the L2: other nodes keep serving their local copy until it expires; shorten LocalCacheExpiration (at most {0}) or publish invalidations to every node";
    private const string PubSubUntimed = "This pub/sub handler is the only way '{0}' reaches other nodes, but pub/sub is at-most-once and the entries it invalidates are written without a TTL: a message lost while a node is disconnected leaves its copy stale until the process restarts; give the entries a TTL as a safety net";

    private static DiagnosticResult Warning(int location) =>
        VerifyCS.Diagnostic().WithLocation(location).WithSeverity(DiagnosticSeverity.Warning)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(BackplaneWithoutL2);

    private static DiagnosticResult Info(int location, string message) =>
        VerifyCS.Diagnostic().WithLocation(location).WithSeverity(DiagnosticSeverity.Info)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(message);

    private static string Fusion10s => string.Format(FusionWithoutBackplane, "TimeSpan.FromSeconds(10)");

    private static string Hybrid10s => string.Format(HybridWithoutChannel, "TimeSpan.FromSeconds(10)");

    private static string Setup(string registration, string usage = "") => $$"""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using ZiggyCreatures.Caching.Fusion.Backplane;
        using ZiggyCreatures.Caching.Fusion.Serialization;

        public static class CachingSetup
        {
            public static void Add(IServiceCollection services, IHostEnvironment env)
            {
                {{registration.Replace("\n", "\n        ")}}
            }
        }

        public sealed class ProductService(IFusionCache fusion, HybridCache hybrid)
        {
            public async Task InvalidateAsync(int id)
            {
                {{usage.Replace("\n", "\n        ")}}
                await Task.CompletedTask;
            }
        }
        """;

    private const string FusionRemove = """await fusion.RemoveAsync($"shop:product:{id}");""";

    private const string HybridRemove = """await hybrid.RemoveAsync($"shop:product:{id}");""";

    private const string Redis = "services.AddStackExchangeRedisCache(o => o.Configuration = \"redis:6379,abortConnect=false\");\n";

    // ------------------------------------------------------------------ (a) backplane without L2 (Warning)

    [Fact]
    public Task Backplane_without_distributed_cache() => VerifyCS.VerifyAsync(Setup("""
        services.AddFusionCache()
            .WithSerializer(sp => sp.GetRequiredService<IFusionCacheSerializer>())
            .{|#0:WithBackplane|}(sp => sp.GetRequiredService<IFusionCacheBackplane>());
        """), Warning(0));

    [Fact]
    public Task Registered_backplane_without_distributed_cache() => VerifyCS.VerifyAsync(Setup("""
        services.AddSingleton<IFusionCacheBackplane>(sp => throw new NotSupportedException());
        services.AddFusionCache("orders").{|#0:WithRegisteredBackplane|}();
        """), Warning(0));

    [Fact]
    public Task Backplane_with_only_the_memory_distributed_cache() => VerifyCS.VerifyAsync(Setup("""
        services.AddDistributedMemoryCache();
        services.AddFusionCache().WithRegisteredDistributedCache().{|#0:WithBackplane|}(sp => sp.GetRequiredService<IFusionCacheBackplane>());
        """), Warning(0));

    [Fact]
    public Task Skip_backplane_notifications_false_does_not_help() => VerifyCS.VerifyAsync(Setup("""
        services.AddFusionCache()
            .WithDefaultEntryOptions(o => o.SkipBackplaneNotifications = false)
            .{|#0:WithBackplane|}(sp => sp.GetRequiredService<IFusionCacheBackplane>());
        """), Warning(0));

    // looks like it, but is fine

    [Fact]
    public Task Backplane_with_distributed_cache() => VerifyCS.VerifyAsync(Setup(Redis + """
        services.AddFusionCache()
            .WithOptions(o => o.DistributedCacheCircuitBreakerDuration = TimeSpan.FromSeconds(2))
            .WithSerializer(sp => sp.GetRequiredService<IFusionCacheSerializer>())
            .WithRegisteredDistributedCache()
            .WithBackplane(sp => sp.GetRequiredService<IFusionCacheBackplane>());
        """, FusionRemove));

    [Fact]
    public Task Backplane_without_l2_but_skip_backplane_notifications() => VerifyCS.VerifyAsync(Setup("""
        services.AddFusionCache()
            .WithDefaultEntryOptions(new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(1), SkipBackplaneNotifications = true })
            .WithBackplane(sp => sp.GetRequiredService<IFusionCacheBackplane>());
        """, FusionRemove));

    [Fact]
    public Task Auto_setup_picks_the_registered_l2_and_backplane() => VerifyCS.VerifyAsync(Setup(Redis + """
        services.AddSingleton<IFusionCacheBackplane>(sp => throw new NotSupportedException());
        services.AddFusionCache().TryWithAutoSetup();
        """));

    [Fact]
    public Task Registered_l2_from_another_assembly_is_unknown() => VerifyCS.VerifyAsync(Setup("""
        services.AddFusionCache().WithRegisteredDistributedCache().WithBackplane(sp => sp.GetRequiredService<IFusionCacheBackplane>());
        """));

    [Fact]
    public Task Default_entry_options_from_elsewhere_are_unknown() => VerifyCS.VerifyAsync(Setup("""
        var defaults = new FusionCacheEntryOptions();
        services.AddFusionCache().WithDefaultEntryOptions(defaults).WithBackplane(sp => sp.GetRequiredService<IFusionCacheBackplane>());
        """));

    [Fact]
    public Task Backplane_without_l2_in_development_only() => VerifyCS.VerifyAsync(Setup("""
        if (env.IsDevelopment())
        {
            services.AddFusionCache().WithBackplane(sp => sp.GetRequiredService<IFusionCacheBackplane>());
        }
        """));

    [Fact]
    public Task Single_instance_marker_turns_the_rule_off() => VerifyCS.VerifyAsync(
        Setup("services.AddFusionCache().WithBackplane(sp => sp.GetRequiredService<IFusionCacheBackplane>());"),
        "caching_architect.single_instance = true",
        RedisVersion.V3);

    // ------------------------------------------------------------------ (b) L2 + invalidations, no channel, long L1 (Info)

    [Fact]
    public Task Fusion_cache_with_l2_and_no_backplane() => VerifyCS.VerifyAsync(Setup(Redis + """
        services.{|#0:AddFusionCache|}()
            .WithOptions(o => o.DistributedCacheCircuitBreakerDuration = TimeSpan.FromSeconds(2))
            .WithDefaultEntryOptions(new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(10) })
            .WithRegisteredDistributedCache();
        """, FusionRemove), Info(0, Fusion10s));

    [Fact]
    public Task Hybrid_cache_with_redis_and_remove() => VerifyCS.VerifyAsync(Setup(Redis + """
        services.{|#0:AddHybridCache|}();
        """, HybridRemove), Info(0, Hybrid10s));

    [Fact]
    public Task Hybrid_cache_l1_equal_to_l2() => VerifyCS.VerifyAsync(Setup(Redis + """
        services.{|#0:AddHybridCache|}(options => options.DefaultEntryOptions = new HybridCacheEntryOptions
        {
            Expiration = TimeSpan.FromMinutes(5),
            LocalCacheExpiration = TimeSpan.FromMinutes(5),
        });
        """, """await hybrid.RemoveByTagAsync("products");"""), Info(0, Hybrid10s));

    [Fact]
    public Task Max_l1_staleness_option_is_honoured() => VerifyCS.VerifyAsync(
        Setup(Redis + """
            services.{|#0:AddHybridCache|}(options => options.DefaultEntryOptions = new HybridCacheEntryOptions { LocalCacheExpiration = TimeSpan.FromSeconds(5) });
            """, HybridRemove).Replace("LocalCacheExpiration = TimeSpan.FromSeconds(5)", "Expiration = TimeSpan.FromSeconds(20)"),
        "caching_architect.max_l1_staleness = 15s",
        RedisVersion.V3,
        Info(0, string.Format(HybridWithoutChannel, "TimeSpan.FromSeconds(15)")));

    // does not trigger

    [Fact]
    public Task Short_local_cache_expiration() => VerifyCS.VerifyAsync(Setup(Redis + """
        services.AddHybridCache(options => options.DefaultEntryOptions = new HybridCacheEntryOptions
        {
            Expiration = TimeSpan.FromMinutes(10),
            LocalCacheExpiration = TimeSpan.FromSeconds(5),
        });
        """, HybridRemove));

    [Fact]
    public Task Fusion_memory_cache_duration_shortened() => VerifyCS.VerifyAsync(Setup(Redis + """
        services.AddFusionCache()
            .WithOptions(o => o.DistributedCacheCircuitBreakerDuration = TimeSpan.FromSeconds(2))
            .WithDefaultEntryOptions(new FusionCacheEntryOptions(TimeSpan.FromMinutes(10)).SetMemoryCacheDuration(TimeSpan.FromMinutes(1)))
            .WithRegisteredDistributedCache();
        """, FusionRemove));

    [Fact]
    public Task Local_cache_disabled_at_the_call_sites() => VerifyCS.VerifyAsync(Setup(Redis + "services.AddHybridCache();", """
        var options = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableLocalCache };
        await hybrid.SetAsync($"shop:product:{id}", id, options);
        """));

    [Fact]
    public Task No_invalidation_call_sites() => VerifyCS.VerifyAsync(Setup(Redis + "services.AddHybridCache();", """
        await hybrid.GetOrCreateAsync($"shop:product:{id}", async token => await Task.FromResult(id));
        """));

    [Fact]
    public Task No_distributed_cache() => VerifyCS.VerifyAsync(Setup("services.AddHybridCache(); services.AddFusionCache();", HybridRemove + FusionRemove));

    [Fact]
    public Task Hybrid_cache_with_pub_sub_invalidation() => VerifyCS.VerifyAsync(Setup(Redis + """
        services.AddHybridCache();
        services.AddSingleton<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect("redis:6379,abortConnect=false"));
        """, HybridRemove) + """

        public sealed class InvalidationListener(IConnectionMultiplexer mux, HybridCache hybrid)
        {
            public Task StartAsync() => mux.GetSubscriber().SubscribeAsync(RedisChannel.Literal("invalidate"), (_, key) => hybrid.RemoveAsync(key.ToString()));
        }
        """);

    [Fact]
    public Task Single_instance_marker_turns_b_off() => VerifyCS.VerifyAsync(
        Setup(Redis + "services.AddHybridCache();", HybridRemove),
        "caching_architect.single_instance = true",
        RedisVersion.V3);

    // ------------------------------------------------------------------ (c) pub/sub invalidation of entries without TTL (Info)

    private const string PubSub = """
        public sealed class ProductCache(IMemoryCache memory, IConnectionMultiplexer mux)
        {
            public void Put(int id, string name) => memory.Set("product:" + id, name/*TTL*/);

            public void Listen() =>
                mux.GetSubscriber().Subscribe(RedisChannel.Literal("product-changed"), (_, message) => memory.{|#0:Remove|}("product:" + message));
        }
        """;

    [Fact]
    public Task Pub_sub_invalidation_of_entries_without_ttl() =>
        VerifyCS.VerifyAsync(PubSub.Replace("/*TTL*/", ""), Info(0, string.Format(PubSubUntimed, "Remove")));

    [Fact]
    public Task Pub_sub_invalidation_of_entries_with_ttl() =>
        VerifyCS.VerifyAsync(PubSub.Replace("/*TTL*/", ", TimeSpan.FromMinutes(5)").Replace("{|#0:Remove|}", "Remove"));

    [Fact]
    public Task Pub_sub_invalidation_of_another_key_family() =>
        VerifyCS.VerifyAsync(PubSub.Replace("/*TTL*/", "").Replace("{|#0:Remove|}(\"product:\"", "Remove(\"price:\""));

    // ------------------------------------------------------------------ fixes

    [Fact]
    public Task Fix_adds_a_setup_action_to_AddHybridCache() => VerifyFix.VerifyFixAsync(
        Setup(Redis + "services.{|#0:AddHybridCache|}();", HybridRemove),
        Setup(Redis + "services.AddHybridCache(options => options.DefaultEntryOptions = new HybridCacheEntryOptions { LocalCacheExpiration = TimeSpan.FromSeconds(10) });", HybridRemove),
        Info(0, Hybrid10s));

    [Fact]
    public Task Fix_adds_local_cache_expiration_to_the_initializer() => VerifyFix.VerifyFixAsync(
        Setup(Redis + """
            services.{|#0:AddHybridCache|}(options => options.DefaultEntryOptions = new HybridCacheEntryOptions
            {
                Expiration = TimeSpan.FromMinutes(5),
            });
            """, HybridRemove),
        Setup(Redis + """
            services.AddHybridCache(options => options.DefaultEntryOptions = new HybridCacheEntryOptions
            {
                Expiration = TimeSpan.FromMinutes(5),
                LocalCacheExpiration = TimeSpan.FromSeconds(10)
            });
            """, HybridRemove),
        Info(0, Hybrid10s));

    [Fact]
    public Task Fix_appends_SetMemoryCacheDuration_to_fluent_entry_options() => VerifyFix.VerifyFixAsync(
        Setup(Redis + """
            services.{|#0:AddFusionCache|}()
                .WithOptions(o => o.DistributedCacheCircuitBreakerDuration = TimeSpan.FromSeconds(2))
                .WithDefaultEntryOptions(new FusionCacheEntryOptions().SetDuration(TimeSpan.FromMinutes(10)))
                .WithRegisteredDistributedCache();
            """, FusionRemove),
        Setup(Redis + """
            services.AddFusionCache()
                .WithOptions(o => o.DistributedCacheCircuitBreakerDuration = TimeSpan.FromSeconds(2))
                .WithDefaultEntryOptions(new FusionCacheEntryOptions().SetDuration(TimeSpan.FromMinutes(10)).SetMemoryCacheDuration(TimeSpan.FromSeconds(10)))
                .WithRegisteredDistributedCache();
            """, FusionRemove),
        Info(0, Fusion10s));

    [Fact]
    public Task Fix_All_shortens_fusion_and_hybrid_defaults() => VerifyFix.VerifyFixAsync(
        Setup(Redis + """
            services.{|#0:AddFusionCache|}().WithRegisteredDistributedCache();
            services.{|#1:AddHybridCache|}();
            """, FusionRemove + HybridRemove),
        Setup(Redis + """
            services.AddFusionCache().WithDefaultEntryOptions(options => options.MemoryCacheDuration = TimeSpan.FromSeconds(10)).WithRegisteredDistributedCache();
            services.AddHybridCache(options => options.DefaultEntryOptions = new HybridCacheEntryOptions { LocalCacheExpiration = TimeSpan.FromSeconds(10) });
            """, FusionRemove + HybridRemove),
        Info(0, Fusion10s),
        Info(1, Hybrid10s));
}
