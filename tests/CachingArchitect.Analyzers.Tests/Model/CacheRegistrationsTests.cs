using System;
using System.Linq;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Tests.Model;

public class CacheRegistrationsTests
{
    private const string Usings = """
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Configuration;
        using ZiggyCreatures.Caching.Fusion.Backplane;
        using ZiggyCreatures.Caching.Fusion.Serialization;

        """;

    private static (ModelProbe Probe, CacheRegistrations Facts) Build(string statements, string parameters = "IServiceCollection services, IHostEnvironment env, IConfiguration config")
    {
        var probe = ModelProbe.Compile(Usings + $$"""
            public class C
            {
                void M({{parameters}})
                {
                    {{statements}}
                }
            }
            """);
        var builder = new CacheRegistrationsBuilder(CacheSymbols.Get(probe.Compilation));
        foreach (var invocation in probe.Operations<IInvocationOperation>())
        {
            builder.Add(invocation, probe.Model.GetEnclosingSymbol(invocation.Syntax.SpanStart));
        }

        return (probe, builder.Build());
    }

    [Fact]
    public void Reads_a_fusion_cache_builder_chain()
    {
        var (_, facts) = Build("""
            services.AddFusionCache("products")
                .WithOptions(o => { o.DistributedCacheCircuitBreakerDuration = TimeSpan.FromSeconds(2); o.DefaultEntryOptions.SkipBackplaneNotifications = true; })
                .WithDefaultEntryOptions(new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5) }.SetMemoryCacheDuration(TimeSpan.FromSeconds(10)))
                .WithDistributedCache(sp => sp.GetRequiredService<IDistributedCache>())
                .WithBackplane(sp => sp.GetRequiredService<IFusionCacheBackplane>())
                .AsHybridCache();
            """);
        var cache = Assert.Single(facts.FusionCaches);
        Assert.Equal("products", cache.CacheName);
        Assert.Equal(FusionComponentSource.Explicit, cache.DistributedCache);
        Assert.Equal(FusionComponentSource.Explicit, cache.Backplane);
        Assert.True(cache.IsHybridCacheAdapter);
        Assert.Equal("AsHybridCache", cache.LastCall.TargetMethod.Name);
        Assert.Equal(TimeSpan.FromSeconds(2), cache.Settings.GetDuration("FusionCacheOptions.DistributedCacheCircuitBreakerDuration"));
        Assert.Equal(TimeSpan.FromMinutes(5), cache.Settings.GetDuration("FusionCacheEntryOptions.Duration"));
        Assert.Equal(TimeSpan.FromSeconds(10), cache.Settings.GetDuration("FusionCacheEntryOptions.MemoryCacheDuration"));
        Assert.True(cache.Settings.GetBool("FusionCacheEntryOptions.SkipBackplaneNotifications"));
        Assert.False(cache.Settings.HasUnknownSource);
        Assert.True(facts.HasDistributedL2(cache));
        Assert.True(facts.HasBackplane(cache));
    }

    [Fact]
    public void Follows_a_builder_local_and_registered_components()
    {
        var (_, facts) = Build("""
            services.AddStackExchangeRedisCache(o => o.Configuration = "redis:6379");
            var fusion = services.AddFusionCache();
            fusion.WithRegisteredDistributedCache();
            fusion.TryWithRegisteredBackplane();
            """);
        var cache = Assert.Single(facts.FusionCaches);
        Assert.Equal(FusionComponentSource.Registered, cache.DistributedCache);
        Assert.Equal(FusionComponentSource.Registered, cache.Backplane);
        Assert.True(facts.HasDistributedL2(cache));
        Assert.False(facts.HasBackplane(cache)); // TryWith… and no backplane registration
        Assert.Equal(DistributedCacheProviderKind.Redis, Assert.Single(facts.DistributedCaches).Kind);
    }

    [Fact]
    public void Registered_l2_ignores_the_memory_distributed_cache_by_default()
    {
        var (_, facts) = Build("""
            services.AddDistributedMemoryCache();
            services.AddFusionCache().WithRegisteredDistributedCache();
            """);
        Assert.False(facts.HasDistributedL2(facts.FusionCaches[0]));
        Assert.False(facts.HasRealDistributedCache);
    }

    [Fact]
    public void Reads_hybrid_cache_options_and_global_configure()
    {
        var (_, facts) = Build("""
            services.AddHybridCache(options =>
            {
                options.MaximumPayloadBytes = 1024 * 1024;
                options.DefaultEntryOptions = new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(5), LocalCacheExpiration = TimeSpan.FromSeconds(5) };
            });
            services.Configure<FusionCacheOptions>(o => o.DistributedCacheCircuitBreakerDuration = TimeSpan.FromSeconds(1));
            services.Configure<HybridCacheOptions>(config.GetSection("Hybrid"));
            """);
        var hybrid = Assert.Single(facts.HybridCaches);
        Assert.Equal(TimeSpan.FromSeconds(5), hybrid.Settings.GetDuration("HybridCacheEntryOptions.LocalCacheExpiration"));
        Assert.Equal(TimeSpan.FromMinutes(5), hybrid.Settings.GetDuration("HybridCacheEntryOptions.Expiration"));
        Assert.NotNull(hybrid.SetupAction);
        Assert.Equal(TimeSpan.FromSeconds(1), facts.GlobalFusionOptions.GetDuration("FusionCacheOptions.DistributedCacheCircuitBreakerDuration"));
        Assert.True(facts.GlobalHybridOptions.HasUnknownSource);
        Assert.True(facts.EffectiveSettings(hybrid).HasUnknownSource);
    }

    [Fact]
    public void Options_bound_from_configuration_are_unknown()
    {
        var (_, facts) = Build("""services.AddFusionCache().WithOptions(o => config.GetSection("Fusion").Bind(o));""");
        Assert.True(facts.FusionCaches[0].Settings.HasUnknownSource);
    }

    [Theory]
    [InlineData("services.AddDistributedMemoryCache();", "None")]
    [InlineData("if (env.IsDevelopment()) services.AddDistributedMemoryCache();", "DevelopmentOrTest")]
    [InlineData("if (!env.IsDevelopment()) { services.AddStackExchangeRedisCache(o => { }); } else { services.AddDistributedMemoryCache(); }", "DevelopmentOrTest")]
    [InlineData("if (env.IsProduction()) return; services.AddDistributedMemoryCache();", "DevelopmentOrTest")]
    [InlineData("if (env.EnvironmentName == \"Testing\") { services.AddDistributedMemoryCache(); }", "DevelopmentOrTest")]
    [InlineData("if (env.IsEnvironment(\"Local\")) services.AddDistributedMemoryCache();", "DevelopmentOrTest")]
    [InlineData("if (config[\"Redis\"] is null) services.AddDistributedMemoryCache();", "Conditional")]
    [InlineData("if (env.IsProduction()) services.AddDistributedMemoryCache();", "Conditional")]
    public void Classifies_environment_guards(string statements, string guard)
    {
        var (_, facts) = Build(statements);
        var registration = facts.DistributedCaches.Single(d => d.Kind == DistributedCacheProviderKind.InMemory);
        Assert.Equal(guard, registration.Guard.ToString());
    }

    [Theory]
    [InlineData("#if DEBUG\nCall();\n#endif", true)]
    [InlineData("#if !DEBUG\nOther();\n#else\nCall();\n#endif", true)]
    [InlineData("#if DEBUG\nOther();\n#endif\nCall();", false)]
    [InlineData("#if NET8_0\n#if DEBUG\nOther();\n#endif\nCall();\n#endif", false)]
    [InlineData("#if RELEASE\nOther();\n#elif DEBUG\nCall();\n#endif", true)]
    public void Recognizes_debug_regions(string body, bool expected)
    {
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
            "class C { void Call() { } void Other() { } void M() {\n" + body + "\n} }",
            new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(preprocessorSymbols: new[] { "DEBUG", "NET8_0" }));
        var call = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>().Single(i => i.ToString() == "Call()");
        Assert.Equal(expected, EnvironmentGuards.IsInDebugRegion(call));
    }

    [Fact]
    public void Environment_specific_startup_methods_are_guarded()
    {
        var probe = ModelProbe.Compile("""
            public class Startup
            {
                public void ConfigureDevelopmentServices(IServiceCollection services) => services.AddDistributedMemoryCache();
            }
            """);
        var call = probe.Call("AddDistributedMemoryCache");
        Assert.Equal(EnvironmentGuardKind.DevelopmentOrTest, EnvironmentGuards.Classify(call, probe.Model.GetEnclosingSymbol(call.Syntax.SpanStart)));
    }

    [Fact]
    public void Recognizes_distributed_cache_providers()
    {
        var (_, facts) = Build("""
            services.AddDistributedMemoryCache();
            services.AddStackExchangeRedisCache(o => o.Configuration = "redis");
            services.AddSingleton<IDistributedCache, MemoryDistributedCache>();
            services.AddSingleton<IMemoryCache, MemoryCache>();
            services.AddMemoryCache();
            """);
        Assert.Equal(
            new[] { DistributedCacheProviderKind.InMemory, DistributedCacheProviderKind.Redis, DistributedCacheProviderKind.InMemory },
            facts.DistributedCaches.Select(d => d.Kind).ToArray());
        Assert.True(facts.HasRealDistributedCache);
    }

    [Fact]
    public void Collects_pub_sub_invalidation_handlers()
    {
        var (_, facts) = Build(
            """
            mux.GetSubscriber().Subscribe(RedisChannel.Literal("invalidate"), (channel, message) => memory.Remove("product:" + (string?)message));
            mux.GetSubscriber().Subscribe(RedisChannel.Literal("log"), (channel, message) => Console.WriteLine(message));
            """,
            "IConnectionMultiplexer mux, IMemoryCache memory");
        var subscription = Assert.Single(facts.PubSubInvalidations);
        var remove = Assert.Single(subscription.Invalidations);
        Assert.Equal(CacheTechnology.MemoryCache, remove.Technology);
    }

    [Fact]
    public void Ignores_unrelated_calls_and_survives_broken_code()
    {
        var (_, facts) = Build("services.AddMemoryCache(); services.AddOptions(); services.Configure<MemoryCacheOptions>(o => o.SizeLimit = 10);");
        Assert.Empty(facts.FusionCaches);
        Assert.Empty(facts.DistributedCaches);
        Assert.False(facts.GlobalFusionOptions.Names.Any());
    }
}
