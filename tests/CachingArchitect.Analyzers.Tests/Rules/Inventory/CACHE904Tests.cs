using System.Threading.Tasks;
using CachingArchitect.Analyzers.Rules.Inventory;
using static CachingArchitect.Analyzers.Tests.Rules.Inventory.InventoryTestSupport;

namespace CachingArchitect.Analyzers.Tests.Rules.Inventory;

public class CACHE904Tests
{
    private const string Schema = """
        using CachingArchitect;

        public sealed record Product(int Id);

        [CacheKeySchema(Prefix = "shop", Version = 3)]
        public static class ShopKeys
        {
            [CacheKey("product:{id}", Ttl = "00:10:00", JitterPercent = 10, Strategy = CacheStrategy.WriteThrough, MaxStaleness = "00:00:30", Justification = "prices change hourly")]
            public static CacheKey<Product> Product(int id) => default;

            [CacheKey("settings")]
            public static CacheKey Settings() => default;

            public static string NotAKey() => "";
        }

        [CacheKeySchema]
        public static class BareKeys
        {
            [CacheKey("flag:{name}", Ttl = "1.00:00:00")]
            public static CacheKey Flag(string name) => default;
        }
        """;

    [Fact]
    public async Task Every_key_of_every_schema_is_listed_with_its_declaration()
    {
        var diagnostics = await RunAsync(new KeySchemaInventoryAnalyzer(), Schema);
        Assert.Equal(3, diagnostics.Length);
        Assert.Equal(
            "family=shop:v3:product:{id}\njitter=10\njustification=prices change hourly\nmaxStaleness=00:00:30\nschema=ShopKeys\nstrategy=WriteThrough\ntemplate=product:{id}\nttl=00:10:00\nvalueType=Product",
            Describe(diagnostics[0]));
        Assert.Equal("Key 'Product' of schema 'ShopKeys': family 'shop:v3:product:{id}' with TTL 00:10:00", diagnostics[0].GetMessage());
        Assert.Equal(
            "family=shop:v3:settings\njitter=0\njustification=\nmaxStaleness=\nschema=ShopKeys\nstrategy=CacheAside\ntemplate=settings\nttl=\nvalueType=",
            Describe(diagnostics[1]));
        Assert.Equal(
            "family=flag:{name}\njitter=0\njustification=\nmaxStaleness=\nschema=BareKeys\nstrategy=CacheAside\ntemplate=flag:{name}\nttl=1.00:00:00\nvalueType=",
            Describe(diagnostics[2]));
        Assert.Equal("Product", diagnostics[0].Location.SourceTree!.GetText().ToString(diagnostics[0].Location.SourceSpan));
    }

    [Fact]
    public async Task Nothing_is_reported_without_the_inventory_property()
    {
        Assert.Empty(await RunAsync(new KeySchemaInventoryAnalyzer(), Schema, inventory: null));
    }
}
