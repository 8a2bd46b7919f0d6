using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Precision for the Schema family (CACHE080–089) and for generated keys in the other rules: the ShopKeys example,
/// idiomatic schemas, and code that uses their keys with StackExchange.Redis (raw and through the typed helpers), IMemoryCache,
/// IDistributedCache and HybridCache yield zero diagnostics from every analyzer and compile cleanly (with the generator's
/// implementing parts supplied by hand).
/// </summary>
public class CleanCodeSchemaTests
{
    public const string IdiomaticSchemas = """
        using CachingArchitect;
        using CachingArchitect.StackExchangeRedis;

        namespace Shop.Caching
        {
            public enum Region { Europe, America, Asia }

            [CacheKeySchema(Prefix = "shop", Version = 2)]
            public static partial class ShopKeys
            {
                [CacheKey("user:{userId}:profile", Ttl = "00:15:00", JitterPercent = 10,
                          Strategy = CacheStrategy.CacheAside, MaxStaleness = "00:01:00",
                          Justification = "Profile edits are rare; one minute of staleness is acceptable.")]
                public static partial CacheKey UserProfile(int userId);

                [CacheKey("product:{productId}:price", Ttl = "00:00:30", Strategy = CacheStrategy.EventDriven)]
                public static partial CacheKey<decimal> ProductPrice(long productId);

                [CacheKey("product:{productId}:details", Ttl = "01:00:00", JitterPercent = 20, MaxStaleness = "00:10:00")]
                public static partial CacheKey<string> ProductDetails(long productId);

                [CacheKey("catalog:{region}:page:{page}", Ttl = "00:05:00", JitterPercent = 10, MaxStaleness = "00:05:00")]
                public static partial CacheKey<string> CatalogPage(Region region, int page);

                [CacheKey("sku:{sku}", Ttl = "00:10:00", JitterPercent = 10, MaxStaleness = "00:02:00")]
                public static partial CacheKey<string> BySku([CacheKeyPart(MaxLength = 32)] string sku);

                [CacheKey("order:{orderId}:status", Ttl = "00:00:20", MaxStaleness = "00:00:20")]
                internal static partial CacheKey<string> OrderStatus(System.Guid orderId);

                [CacheKey("report:{day}:{region}", Ttl = "1.00:00:00", JitterPercent = 5, MaxStaleness = "01:00:00")]
                public static partial CacheKey<string> DailyReport(System.DateOnly day, Region region);

                [CacheKey("settings", Ttl = "00:30:00", MaxStaleness = "00:30:00")]
                public static partial CacheKey<string> Settings();
            }

            [CacheKeySchema(Prefix = "billing", Version = 1)]
            public static partial class BillingKeys
            {
                [CacheKey("user:{userId}:invoices", Ttl = "00:05:00", JitterPercent = 10, MaxStaleness = "00:01:00")]
                public static partial CacheKey<string> Invoices(int userId);

                [CacheKey("invoice:{invoiceId}", Ttl = "00:05:00", Strategy = CacheStrategy.WriteThrough)]
                public static partial CacheKey<string> Invoice(long invoiceId);
            }

            public sealed class ProductService
            {
                private readonly IDatabase _redis;
                private readonly IMemoryCache _memory;
                private readonly IDistributedCache _distributed;
                private readonly HybridCache _hybrid;

                public ProductService(IConnectionMultiplexer mux, IMemoryCache memory, IDistributedCache distributed, HybridCache hybrid)
                {
                    _redis = mux.GetDatabase();
                    _memory = memory;
                    _distributed = distributed;
                    _hybrid = hybrid;
                }

                public async Task<string?> GetDetailsAsync(long productId)
                {
                    var key = ShopKeys.ProductDetails(productId);
                    var cached = await _redis.StringGetAsync(key.AsRedisKey());
                    if (cached.HasValue)
                    {
                        return cached;
                    }

                    var details = "details " + productId;
                    await _redis.StringSetAsync(key.AsRedisKey(), details, key.NextTimeToLive() ?? TimeSpan.FromMinutes(5));
                    return details;
                }

                public Task<string> GetPageAsync(Region region, int page, CancellationToken ct) =>
                    _redis.GetOrSetAsync(ShopKeys.CatalogPage(region, page), _ => Task.FromResult("page"), cancellationToken: ct);

                public Task<bool> PutSkuAsync(string sku, string value) => _redis.SetAsync(ShopKeys.BySku(sku), value);

                public Task<bool> ForgetPriceAsync(long productId) => _redis.RemoveAsync(ShopKeys.ProductPrice(productId));

                public string? GetSettings()
                {
                    var key = ShopKeys.Settings();
                    return _memory.GetOrCreate(key.Value, entry =>
                    {
                        entry.AbsoluteExpirationRelativeToNow = key.NextTimeToLive();
                        return "settings";
                    });
                }

                public Task SaveReportAsync(System.DateOnly day, Region region, string report, CancellationToken ct)
                {
                    var key = ShopKeys.DailyReport(day, region);
                    return _distributed.SetStringAsync(key, report, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = key.NextTimeToLive() }, ct);
                }

                public ValueTask<string> GetStatusAsync(System.Guid orderId, CancellationToken ct)
                {
                    var key = ShopKeys.OrderStatus(orderId);
                    return _hybrid.GetOrCreateAsync(
                        key.Value,
                        _ => ValueTask.FromResult("pending"),
                        new HybridCacheEntryOptions { Expiration = key.TimeToLive },
                        cancellationToken: ct);
                }
            }
        }
        """;

    [Fact]
    public async Task Idiomatic_schema_code_has_no_diagnostics()
    {
        var source = SchemaTestSupport.WithImplementations(IdiomaticSchemas);
        var (compilation, diagnostics, failures) = await CrashSweepTests.AnalyzeAsync(source, CancellationToken.None, extraReferences: new[] { SchemaTestSupport.RedisHelpers });
        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }
}
