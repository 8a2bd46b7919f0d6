using System.Threading.Tasks;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Rules.Expiration;
using CachingArchitect.Analyzers.Rules.Keys;
using CachingArchitect.Analyzers.Rules.Resilience;
using CachingArchitect.Analyzers.Rules.Security;
using CachingArchitect.CodeFixes.Rules.Expiration;
using CachingArchitect.CodeFixes.Rules.Keys;
using CachingArchitect.CodeFixes.Rules.Resilience;
using CachingArchitect.CodeFixes.Rules.Security;
using static CachingArchitect.Analyzers.Tests.Rules.Inventory.InventoryTestSupport;

namespace CachingArchitect.Analyzers.Tests.Rules.Inventory;

/// <summary>
/// Fix proposals (<c>caFixTitle</c>/<c>caFixStartLine</c>/<c>caFixOldText</c>/<c>caFixNewText</c>): in inventory mode, applying the
/// proposed whole-line replacement to the source gives exactly what the rule's code fix produces, and the title is that fix's title.
/// </summary>
public class FixProposalTests
{
    [Fact]
    public async Task CACHE001_add_a_ttl_argument()
    {
        const string source = """
            public class Catalog
            {
                private readonly IMemoryCache _cache;
                public Catalog(IMemoryCache cache) => _cache = cache;

                public void Put(int id, string name) => _cache.Set($"product:{id}", name);
            }
            """;
        var diagnostic = await AssertProposalMatchesFixAsync(new InProcessEntryWithoutExpirationAnalyzer(), new InProcessEntryWithoutExpirationCodeFix(), source);
        Assert.Equal("Add an expiration (TimeSpan.FromMinutes(5))", diagnostic.Properties[FixProposal.TitleProperty]);
        Assert.Equal("6", diagnostic.Properties[FixProposal.StartLineProperty]);
        Assert.Equal("    public void Put(int id, string name) => _cache.Set($\"product:{id}\", name);", diagnostic.Properties[FixProposal.OldTextProperty]);
        Assert.Equal("    public void Put(int id, string name) => _cache.Set($\"product:{id}\", name, TimeSpan.FromMinutes(5));", diagnostic.Properties[FixProposal.NewTextProperty]);
    }

    [Fact]
    public async Task CACHE001_qualifies_TimeSpan_when_System_is_not_imported()
    {
        const string source = """
            namespace Shop
            {
                using TimeSpan = System.String;

                public class Catalog
                {
                    public void Put(Microsoft.Extensions.Caching.Memory.IMemoryCache cache, int id) => cache.Set("product:" + id, id);
                }
            }
            """;
        var diagnostic = await AssertProposalMatchesFixAsync(new InProcessEntryWithoutExpirationAnalyzer(), new InProcessEntryWithoutExpirationCodeFix(), source);
        Assert.Contains("global::System.TimeSpan.FromMinutes(5)", diagnostic.Properties[FixProposal.NewTextProperty], System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task CACHE004_add_expiry_positional()
    {
        const string source = """
            public class Users
            {
                public void Save(IDatabase db, int id, string json)
                {
                    db.StringSet($"user:{id}", json);
                }
            }
            """;
        var diagnostic = await AssertProposalMatchesFixAsync(new RedisKeyWithoutTtlAnalyzer(), new RedisKeyWithoutTtlCodeFix(), source);
        Assert.Equal("        db.StringSet($\"user:{id}\", json, TimeSpan.FromMinutes(5));", diagnostic.Properties[FixProposal.NewTextProperty]);
    }

    [Fact]
    public async Task CACHE004_add_expiry_named_after_other_arguments()
    {
        const string source = """
            public class Users
            {
                public async Task Save(IDatabase db, int id, string json)
                {
                    await db.StringSetAsync($"user:{id}", json, when: When.Always);
                }
            }
            """;
        var diagnostic = await AssertProposalMatchesFixAsync(new RedisKeyWithoutTtlAnalyzer(), new RedisKeyWithoutTtlCodeFix(), source);
        Assert.EndsWith("when: When.Always, expiry: TimeSpan.FromMinutes(5));", diagnostic.Properties[FixProposal.NewTextProperty], System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task CACHE004_replace_a_no_expiry_argument()
    {
        const string source = """
            public class Users
            {
                public void Save(IDatabase db, int id, string json) =>
                    db.StringSet($"user:{id}", json, Expiration.Persist);
            }
            """;
        var diagnostic = await AssertProposalMatchesFixAsync(new RedisKeyWithoutTtlAnalyzer(), new RedisKeyWithoutTtlCodeFix(), source);
        Assert.Equal("4", diagnostic.Properties[FixProposal.StartLineProperty]);
        Assert.Equal("        db.StringSet($\"user:{id}\", json, TimeSpan.FromMinutes(5));", diagnostic.Properties[FixProposal.NewTextProperty]);
    }

    [Fact]
    public async Task CACHE013_end_InstanceName_with_a_separator()
    {
        const string source = """
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(IServiceCollection services) =>
                    services.AddStackExchangeRedisCache(o => { o.Configuration = "localhost"; o.InstanceName = "shop"; });
            }
            """;
        var diagnostic = await AssertProposalMatchesFixAsync(new KeyWithoutNamespaceAnalyzer(), new KeyWithoutNamespaceCodeFix(), source);
        Assert.Equal("End InstanceName with ':'", diagnostic.Properties[FixProposal.TitleProperty]);
        Assert.Contains("o.InstanceName = \"shop:\";", diagnostic.Properties[FixProposal.NewTextProperty], System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task CACHE030_register_the_multiplexer_as_a_singleton()
    {
        const string source = """
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddScoped<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect("redis.internal:6379"));
                }
            }
            """;
        var diagnostic = await AssertProposalMatchesFixAsync(new ConnectionMultiplexerPerOperationAnalyzer(), new ConnectionMultiplexerPerOperationCodeFix(), source);
        Assert.Equal("Register as a singleton", diagnostic.Properties[FixProposal.TitleProperty]);
        Assert.Equal("        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(\"redis.internal:6379\"));", diagnostic.Properties[FixProposal.NewTextProperty]);
    }

    [Fact]
    public async Task CACHE052_append_ssl_to_the_connection_string()
    {
        const string source = """
            public static class Redis
            {
                public static IConnectionMultiplexer Connect() =>
                    ConnectionMultiplexer.Connect("cache.example.com:6380,abortConnect=false");
            }
            """;
        var diagnostic = await AssertProposalMatchesFixAsync(new InsecureCacheConnectionAnalyzer(), new InsecureCacheConnectionCodeFix(), source);
        Assert.Equal("Enable TLS (ssl=true)", diagnostic.Properties[FixProposal.TitleProperty]);
        Assert.Equal("        ConnectionMultiplexer.Connect(\"cache.example.com:6380,abortConnect=false,ssl=true\");", diagnostic.Properties[FixProposal.NewTextProperty]);
    }

    [Fact]
    public async Task CACHE031_append_abortConnect_false()
    {
        const string source = """
            public static class Redis
            {
                public static IConnectionMultiplexer Connect() =>
                    ConnectionMultiplexer.Connect("localhost:6379");
            }
            """;
        var diagnostic = await AssertProposalMatchesFixAsync(new FragileRedisConnectionAnalyzer(), new FragileRedisConnectionCodeFix(), source);
        Assert.Equal("Use abortConnect=false", diagnostic.Properties[FixProposal.TitleProperty]);
        Assert.Equal("        ConnectionMultiplexer.Connect(\"localhost:6379,abortConnect=false\");", diagnostic.Properties[FixProposal.NewTextProperty]);
    }

    [Fact]
    public async Task CACHE031_set_AbortOnConnectFail_to_false()
    {
        const string source = """
            public static class Redis
            {
                public static ConfigurationOptions Options() => new ConfigurationOptions
                {
                    EndPoints = { "localhost:6379" },
                    AbortOnConnectFail = true,
                };
            }
            """;
        var diagnostic = await AssertProposalMatchesFixAsync(new FragileRedisConnectionAnalyzer(), new FragileRedisConnectionCodeFix(), source);
        Assert.Equal("Set AbortOnConnectFail to false", diagnostic.Properties[FixProposal.TitleProperty]);
        Assert.Equal("6", diagnostic.Properties[FixProposal.StartLineProperty]);
        Assert.Equal("        AbortOnConnectFail = false,", diagnostic.Properties[FixProposal.NewTextProperty]);
    }
}
