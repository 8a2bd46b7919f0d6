using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Precision for the Performance family (CACHE040–CACHE045): idiomatic code that uses the APIs these rules watch — async
/// cache calls, multi-key reads, batches, tag-based invalidation, a local tier in front of hot keys, bounded query results,
/// reuse-safe HybridCache types, a replica sweep in a background job — yields zero diagnostics from every analyzer.
/// </summary>
public class CleanCodePerformanceTests
{
    public const string IdiomaticPerformance = """
        using System.ComponentModel;
        using System.Text.Json;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.Hosting;

        namespace Shop;

        public class Product { public int Id { get; set; } public string Name { get; set; } = ""; public int CategoryId { get; set; } }

        public class ShopDb : DbContext { public DbSet<Product> Products => Set<Product>(); }

        [ImmutableObject(true)]
        public sealed record ProductView(int Id, string Name, IReadOnlyList<string> Tags);

        public readonly record struct Stock(int ProductId, int Count);

        public static class CacheTtl
        {
            public static readonly TimeSpan Short = TimeSpan.FromSeconds(30);
            public static readonly TimeSpan Product = TimeSpan.FromMinutes(10);
        }

        public sealed class ProductService
        {
            private readonly IDatabase _redis;
            private readonly IDistributedCache _distributed;
            private readonly HybridCache _hybrid;
            private readonly IMemoryCache _memory;
            private readonly ShopDb _db;

            public ProductService(IConnectionMultiplexer mux, IDistributedCache distributed, HybridCache hybrid, IMemoryCache memory, ShopDb db)
            {
                _redis = mux.GetDatabase();
                _distributed = distributed;
                _hybrid = hybrid;
                _memory = memory;
                _db = db;
            }

            public ValueTask<ProductView?> GetViewAsync(int id, CancellationToken ct) =>
                _hybrid.GetOrCreateAsync(
                    $"shop:view:{id}",
                    async token => await _db.Products.Where(p => p.Id == id).Select(p => new ProductView(p.Id, p.Name, new List<string>())).FirstOrDefaultAsync(token),
                    new HybridCacheEntryOptions { Expiration = CacheTtl.Product },
                    new[] { "products" },
                    ct);

            public ValueTask<Stock> GetStockAsync(int id, CancellationToken ct) =>
                _hybrid.GetOrCreateAsync($"shop:stock:{id}", token => ValueTask.FromResult(new Stock(id, 3)), new HybridCacheEntryOptions { Expiration = CacheTtl.Short }, cancellationToken: ct);

            public ValueTask InvalidateProductsAsync(CancellationToken ct) => _hybrid.RemoveByTagAsync("products", ct);

            public async Task<RedisValue[]> GetPricesAsync(IReadOnlyList<long> ids)
            {
                var keys = ids.Select(id => (RedisKey)$"shop:price:{id}").ToArray();
                return await _redis.StringGetAsync(keys);
            }

            public async Task<string?[]> GetNamesAsync(IEnumerable<int> ids, CancellationToken ct) =>
                await Task.WhenAll(ids.Select(id => _distributed.GetStringAsync($"shop:name:{id}", ct)));

            public async Task<RedisValue[]> ReadBatchAsync(IReadOnlyList<int> ids)
            {
                var batch = _redis.CreateBatch();
                var pending = new List<Task<RedisValue>>();
                foreach (var id in ids)
                {
                    pending.Add(batch.HashGetAsync($"shop:cart:{id}", "total"));
                }

                batch.Execute();
                return await Task.WhenAll(pending);
            }

            public async Task CacheCategoryAsync(int categoryId, CancellationToken ct)
            {
                var page = await _db.Products.Where(p => p.CategoryId == categoryId).OrderBy(p => p.Id).Take(50).ToListAsync(ct);
                await _distributed.SetStringAsync(
                    $"shop:category:{categoryId}",
                    JsonSerializer.Serialize(page),
                    new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheTtl.Product },
                    ct);
            }

            public async Task<int> CountBothAsync()
            {
                var a = _distributed.GetStringAsync("shop:count:a");
                var b = _distributed.GetStringAsync("shop:count:b");
                await Task.WhenAll(a, b);
                return (a.Result?.Length ?? 0) + (b.Result?.Length ?? 0);
            }

            public Task<string?> GetBannerAsync() =>
                _memory.GetOrCreateAsync("shop:l1:banner", async entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = CacheTtl.Short;
                    return (string?)await _redis.StringGetAsync("shop:banner");
                });

            public void Touch(int id) =>
                _redis.StringSet($"shop:seen:{id}", 1, CacheTtl.Short, flags: CommandFlags.FireAndForget);
        }

        [ApiController]
        public sealed class ProductsController : ControllerBase
        {
            private readonly ProductService _service;
            private readonly HybridCache _hybrid;
            private readonly IDatabase _redis;

            public ProductsController(ProductService service, HybridCache hybrid, IDatabase redis)
            {
                _service = service;
                _hybrid = hybrid;
                _redis = redis;
            }

            [HttpGet("products/{id:int}")]
            public async Task<IActionResult> Get(int id, CancellationToken ct) =>
                await _service.GetViewAsync(id, ct) is { } view ? Ok(view) : NotFound();

            [HttpGet("settings")]
            public async Task<IActionResult> Settings(CancellationToken ct) =>
                Ok(await _hybrid.GetOrCreateAsync("shop:settings", async token => (string?)await _redis.StringGetAsync("shop:settings"), cancellationToken: ct));
        }

        public sealed class KeyJanitor : BackgroundService
        {
            private readonly IServer _server;
            private readonly IDatabase _redis;

            public KeyJanitor(IServer server, IDatabase redis)
            {
                _server = server;
                _redis = redis;
            }

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                var index = await _redis.SetMembersAsync("shop:index:tmp");
                await _redis.KeyDeleteAsync(index.Select(m => (RedisKey)m.ToString()).ToArray());
            }
        }
        """;

    [Fact]
    public async Task Idiomatic_performance_code_has_no_diagnostics()
    {
        var (compilation, diagnostics, failures) = await CrashSweepTests.AnalyzeAsync(IdiomaticPerformance, CancellationToken.None);
        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }
}
