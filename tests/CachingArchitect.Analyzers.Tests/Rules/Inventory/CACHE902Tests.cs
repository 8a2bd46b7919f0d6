using System.Linq;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Rules.Inventory;
using Microsoft.CodeAnalysis;
using static CachingArchitect.Analyzers.Tests.Rules.Inventory.InventoryTestSupport;

namespace CachingArchitect.Analyzers.Tests.Rules.Inventory;

public class CACHE902Tests
{
    private const string Source = "public class C { }";

    [Fact]
    public async Task Referenced_caching_libraries_are_listed_once_each_without_a_location()
    {
        var diagnostics = await RunAsync(new CachingLibraryInventoryAnalyzer(), Source);
        Assert.All(diagnostics, d => Assert.Equal(Location.None, d.Location));
        var byAssembly = diagnostics.ToDictionary(d => d.Properties["assembly"]!, d => d);
        Assert.Equal(diagnostics.Length, byAssembly.Count);
        Assert.Equal("StackExchange.Redis", byAssembly["StackExchange.Redis"].Properties["technology"]);
        Assert.StartsWith("3.", byAssembly["StackExchange.Redis"].Properties["version"], System.StringComparison.Ordinal);
        Assert.Equal("HybridCache", byAssembly["Microsoft.Extensions.Caching.Hybrid"].Properties["technology"]);
        Assert.Equal("FusionCache", byAssembly["ZiggyCreatures.FusionCache"].Properties["technology"]);
        Assert.Equal("IMemoryCache", byAssembly["Microsoft.Extensions.Caching.Memory"].Properties["technology"]);
        Assert.Equal("IDistributedCache", byAssembly["Microsoft.Extensions.Caching.StackExchangeRedis"].Properties["technology"]);
        Assert.Equal("System.Runtime.Caching", byAssembly["System.Runtime.Caching"].Properties["technology"]);
        Assert.Equal("Memcached", byAssembly["EnyimMemcachedCore"].Properties["technology"]);
        Assert.Equal("OutputCache", byAssembly["Microsoft.AspNetCore.OutputCaching"].Properties["technology"]);
        Assert.Equal("CachingArchitect key schemas", byAssembly["CachingArchitect"].Properties["technology"]);
        Assert.Matches(@"^Caching library StackExchange\.Redis 3\.[0-9.]+ \(StackExchange\.Redis\)$", byAssembly["StackExchange.Redis"].GetMessage());
        Assert.Equal(new[] { "assembly", "technology", "version" }, diagnostics[0].Properties.Keys.OrderBy(k => k).ToArray());
    }

    [Fact]
    public async Task Nothing_is_reported_without_the_inventory_property()
    {
        Assert.Empty(await RunAsync(new CachingLibraryInventoryAnalyzer(), Source, inventory: null));
    }
}
