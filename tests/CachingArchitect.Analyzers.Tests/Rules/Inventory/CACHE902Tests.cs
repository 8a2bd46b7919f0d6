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
        Assert.Equal(new[] { "assembly", "origin", "technology", "version" }, diagnostics[0].Properties.Keys.OrderBy(k => k).ToArray());
    }

    [Fact]
    public async Task Shared_framework_libraries_are_marked_so_the_report_can_list_only_those_in_use()
    {
        // Every ASP.NET Core project references OutputCaching, ResponseCaching and Caching.Memory through Microsoft.AspNetCore.App.
        var byAssembly = (await RunAsync(new CachingLibraryInventoryAnalyzer(), Source)).ToDictionary(d => d.Properties["assembly"]!, d => d);
        Assert.Equal("framework", byAssembly["Microsoft.AspNetCore.OutputCaching"].Properties["origin"]);
        Assert.Equal("framework", byAssembly["Microsoft.Extensions.Caching.Memory"].Properties["origin"]);
        Assert.Matches(@"^Caching library Microsoft\.AspNetCore\.OutputCaching [0-9.]+ \(OutputCache, shared framework\)$", byAssembly["Microsoft.AspNetCore.OutputCaching"].GetMessage());
        Assert.Equal("package", byAssembly["StackExchange.Redis"].Properties["origin"]);
        Assert.Equal("package", byAssembly["Microsoft.Extensions.Caching.Hybrid"].Properties["origin"]);
    }

    [Theory]
    [InlineData("/usr/share/dotnet/packs/Microsoft.AspNetCore.App.Ref/10.0.12/ref/net10.0/Microsoft.AspNetCore.OutputCaching.dll", true)]
    [InlineData(@"C:\Program Files\dotnet\packs\Microsoft.NETCore.App.Ref\8.0.0\ref\net8.0\System.Runtime.Caching.dll", true)]
    [InlineData("/home/u/.nuget/packages/microsoft.aspnetcore.app.ref/8.0.11/ref/net8.0/Microsoft.Extensions.Caching.Memory.dll", true)]
    [InlineData("/usr/share/dotnet/shared/Microsoft.AspNetCore.App/10.0.12/Microsoft.AspNetCore.OutputCaching.dll", true)]
    [InlineData("/home/u/.nuget/packages/microsoft.extensions.caching.memory/10.0.0/lib/net10.0/Microsoft.Extensions.Caching.Memory.dll", false)]
    [InlineData("/src/MyMicrosoft.AspNetCore.AppExtras/bin/Microsoft.Extensions.Caching.Memory.dll", false)]
    public void Shared_framework_references_are_told_from_package_references(string path, bool expected) =>
        Assert.Equal(expected, CachingLibraryInventoryAnalyzer.IsSharedFrameworkReference(new PathOnlyReference(path)));

    /// <summary>A reference that only has a path: <see cref="CachingLibraryInventoryAnalyzer.IsSharedFrameworkReference"/> reads nothing else.</summary>
    private sealed class PathOnlyReference(string path) : PortableExecutableReference(MetadataReferenceProperties.Assembly, path)
    {
        protected override DocumentationProvider CreateDocumentationProvider() => DocumentationProvider.Default;

        protected override Metadata GetMetadataImpl() => throw new System.NotSupportedException();

        protected override PortableExecutableReference WithPropertiesImpl(MetadataReferenceProperties properties) => this;
    }

    [Fact]
    public async Task Nothing_is_reported_without_the_inventory_property()
    {
        Assert.Empty(await RunAsync(new CachingLibraryInventoryAnalyzer(), Source, inventory: null));
    }
}
