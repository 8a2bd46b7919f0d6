using System.Linq;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Rules.Inventory;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using static CachingArchitect.Analyzers.Tests.Rules.Inventory.InventoryTestSupport;

namespace CachingArchitect.Analyzers.Tests.Rules.Inventory;

public class CACHE900Tests
{
    private const string Operations = """
        public class Users
        {
            private readonly IDatabase _db;
            private readonly IMemoryCache _memory;
            public Users(IDatabase db, IMemoryCache memory) { _db = db; _memory = memory; }

            public void Save(int id, string json) => _db.StringSet($"shop:user:{id}", json, TimeSpan.FromMinutes(5));
            public string? Load(int id) => _db.StringGet("shop:user:" + id);
            public void Forget(int id) => _db.KeyDelete($"shop:user:{id}");
            public void Forever(string json) => _db.StringSet("shop:settings", json);
            public void Unknown(int id, string json, TimeSpan ttl) => _db.StringSet($"shop:user:{id}", json, ttl);
            public string? Profile(int userId) => _memory.GetOrCreate($"profile:{userId}", entry =>
            {
                entry.SlidingExpiration = TimeSpan.FromMinutes(2);
                return "p";
            });
        }
        """;

    [Fact]
    public async Task Every_recognized_operation_is_listed_with_its_facts()
    {
        var diagnostics = await RunAsync(new CacheOperationInventoryAnalyzer(), Operations);
        Assert.Equal(6, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.Equal("CACHE900", d.Id));
        Assert.Equal("expiry=absolute\nfamily=shop:user:{id}\nkind=write\nschema=false\ntechnology=StackExchange.Redis\nttl=00:05:00", Describe(diagnostics[0]));
        Assert.Equal("Cache write (StackExchange.Redis) of family 'shop:user:{id}' with TTL 00:05:00", diagnostics[0].GetMessage());
        Assert.Equal("expiry=\nfamily=shop:user:{id}\nkind=read\nschema=false\ntechnology=StackExchange.Redis\nttl=", Describe(diagnostics[1]));
        Assert.Equal("expiry=\nfamily=shop:user:{id}\nkind=invalidate\nschema=false\ntechnology=StackExchange.Redis\nttl=", Describe(diagnostics[2]));
        Assert.Equal("expiry=none\nfamily=shop:settings\nkind=write\nschema=false\ntechnology=StackExchange.Redis\nttl=", Describe(diagnostics[3]));
        // A TTL passed in: the expiry is absolute, its value unknown.
        Assert.Equal("expiry=absolute\nfamily=shop:user:{id}\nkind=write\nschema=false\ntechnology=StackExchange.Redis\nttl=", Describe(diagnostics[4]));
        Assert.Equal("expiry=sliding\nfamily=profile:{userId}\nkind=readThrough\nschema=false\ntechnology=IMemoryCache\nttl=00:02:00", Describe(diagnostics[5]));
    }

    [Fact]
    public async Task Keys_of_a_key_schema_carry_the_schema_family()
    {
        const string source = """
            using CachingArchitect;

            [CacheKeySchema(Prefix = "shop", Version = 2)]
            public static class ShopKeys
            {
                [CacheKey("user:{userId}", Ttl = "00:15:00")]
                public static CacheKey User(int userId) => default;
            }

            public class Users
            {
                public void Save(IDatabase db, IDistributedCache cache, int id)
                {
                    var key = ShopKeys.User(id);
                    db.StringSet(key.Value, "x", TimeSpan.FromMinutes(15));
                    cache.Remove((string)ShopKeys.User(id));
                }
            }
            """;
        var diagnostics = await RunAsync(new CacheOperationInventoryAnalyzer(), source);
        Assert.Equal(2, diagnostics.Length);
        Assert.Equal("expiry=absolute\nfamily=shop:v2:user:{userId}\nkind=write\nschema=true\ntechnology=StackExchange.Redis\nttl=00:15:00", Describe(diagnostics[0]));
        Assert.Equal("expiry=\nfamily=shop:v2:user:{userId}\nkind=invalidate\nschema=true\ntechnology=IDistributedCache\nttl=", Describe(diagnostics[1]));
    }

    [Fact]
    public async Task Other_technologies_map_to_the_contract_names()
    {
        const string source = """
            public class Many
            {
                public async Task Run(HybridCache hybrid, IFusionCache fusion, IDistributedCache distributed, IMemcachedClient memcached, System.Runtime.Caching.ObjectCache runtime)
                {
                    await hybrid.GetOrCreateAsync("h:1", _ => ValueTask.FromResult(1));
                    fusion.Set("f:1", 1, TimeSpan.FromSeconds(30));
                    await distributed.SetStringAsync("d:1", "v", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });
                    runtime.Remove("r:1");
                }
            }
            """;
        var diagnostics = await RunAsync(new CacheOperationInventoryAnalyzer(), source);
        Assert.Equal(
            new[] { "HybridCache readThrough", "FusionCache write", "IDistributedCache write", "System.Runtime.Caching invalidate" },
            diagnostics.Select(d => d.Properties["technology"] + " " + d.Properties["kind"]).ToArray());
        Assert.Equal("01:00:00", diagnostics[2].Properties["ttl"]);
        Assert.Equal("absolute", diagnostics[2].Properties["expiry"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    [InlineData("")]
    public async Task Nothing_is_reported_without_the_inventory_property(string? value)
    {
        Assert.Empty(await RunAsync(new CacheOperationInventoryAnalyzer(), Operations, value));
    }

    [Fact]
    public async Task A_global_config_turns_it_on_in_a_real_compilation()
    {
        const string source = """
            public class C
            {
                public void M(IDatabase db) => db.{|#0:StringSet|}("a:b", "v", TimeSpan.FromSeconds(10));
            }
            """;
        await Verifier<CacheOperationInventoryAnalyzer>.VerifyWithGlobalConfigAsync(
            source,
            GlobalConfigOn,
            new DiagnosticResult("CACHE900", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("Cache write (StackExchange.Redis) of family 'a:b' with TTL 00:00:10"));
        await Verifier<CacheOperationInventoryAnalyzer>.VerifyAsync(source.Replace("{|#0:", string.Empty).Replace("|}", string.Empty));
    }
}
