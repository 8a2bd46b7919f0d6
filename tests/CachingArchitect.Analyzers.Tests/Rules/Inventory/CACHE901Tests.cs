using System.Linq;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Rules.Inventory;
using static CachingArchitect.Analyzers.Tests.Rules.Inventory.InventoryTestSupport;

namespace CachingArchitect.Analyzers.Tests.Rules.Inventory;

public class CACHE901Tests
{
    private const string Startup = """
        using Microsoft.Extensions.DependencyInjection;

        public static class Startup
        {
            public static void Configure(IServiceCollection services)
            {
                services.AddMemoryCache(o => { o.SizeLimit = 1024; o.TrackStatistics = true; });
                services.AddStackExchangeRedisCache(o => { o.Configuration = "redis:6379"; o.InstanceName = "shop:"; });
                services.AddHybridCache(o => o.DefaultEntryOptions = new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(5) });
                services.AddFusionCache().WithDefaultEntryOptions(new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(1) });
                services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect("redis:6379"));
            }
        }
        """;

    [Fact]
    public async Task Registrations_are_listed_with_lifetime_and_options()
    {
        var diagnostics = await RunAsync(new CacheRegistrationInventoryAnalyzer(), Startup);
        var described = diagnostics.Select(d => d.Properties["technology"] + " | " + d.Properties["lifetime"] + " | " + d.Properties["options"]).ToArray();
        Assert.Equal(
            new[]
            {
                "IMemoryCache | singleton | SizeLimit=1024;TrackStatistics=true",
                "IDistributedCache | singleton | Provider=Redis;InstanceName=shop:",
                "HybridCache | singleton | HybridCacheEntryOptions.Expiration=00:05:00;HybridCacheOptions.DefaultEntryOptions=?",
                "FusionCache | singleton | L2=none;Backplane=none;FusionCacheEntryOptions.Duration=00:01:00",
                "StackExchange.Redis | singleton | Service=IConnectionMultiplexer;Endpoints=redis:6379;Ssl=false;AbortConnect=true",
            },
            described);
        Assert.Equal("Cache registration 'AddMemoryCache' (IMemoryCache), lifetime singleton: SizeLimit=1024;TrackStatistics=true", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task Multiplexer_lifetimes()
    {
        const string source = """
            using Microsoft.Extensions.DependencyInjection;

            public static class Redis
            {
                private static readonly Lazy<ConnectionMultiplexer> Shared = new(() => ConnectionMultiplexer.Connect("redis:6379"));

                public static void Register(IServiceCollection services) =>
                    services.AddScoped<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect("redis:6379"));
            }

            public class Repository
            {
                public string? Get(string key)
                {
                    using var mux = ConnectionMultiplexer.Connect("cache.example.com:6380,ssl=true,abortConnect=false,password=secret");
                    return mux.GetDatabase().StringGet(key);
                }
            }
            """;
        var diagnostics = await RunAsync(new CacheRegistrationInventoryAnalyzer(), source);
        Assert.Equal(
            new[]
            {
                "singleton | Call=ConnectionMultiplexer.Connect;Endpoints=redis:6379;Ssl=false;AbortConnect=true",
                "scoped | Service=IConnectionMultiplexer;Endpoints=redis:6379;Ssl=false;AbortConnect=true",
                "perCall | Call=ConnectionMultiplexer.Connect;Endpoints=cache.example.com:6380;Ssl=true;AbortConnect=false",
            },
            diagnostics.Select(d => d.Properties["lifetime"] + " | " + d.Properties["options"]).ToArray());
        Assert.All(diagnostics, d => Assert.Equal("StackExchange.Redis", d.Properties["technology"]));
        Assert.DoesNotContain(diagnostics, d => d.Properties["options"]!.Contains("secret", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothing_is_reported_without_the_inventory_property()
    {
        Assert.Empty(await RunAsync(new CacheRegistrationInventoryAnalyzer(), Startup, inventory: null));
        Assert.Empty(await RunAsync(new CacheRegistrationInventoryAnalyzer(), Startup, inventory: "False"));
    }
}
