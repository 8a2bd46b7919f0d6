using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Precision for the Consistency rules (CACHE020–CACHE025): idiomatic write-then-invalidate code, materialized queries, copies of
/// cached collections and TTL-bounded Redis data structures fed from a database yield zero diagnostics from every analyzer.
/// </summary>
public class CleanCodeConsistencyTests
{
    public const string IdiomaticConsistency = """
        using System.Collections.Immutable;
        using Microsoft.EntityFrameworkCore;

        namespace Shop;

        public sealed class Product
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
            public decimal Price { get; set; }
            public bool Active { get; set; }
        }

        public sealed record ProductView(int Id, string Name, decimal Price);

        public sealed class ShopDb : DbContext
        {
            public DbSet<Product> Products => Set<Product>();
        }

        public static class CacheTtl
        {
            public static readonly TimeSpan Product = TimeSpan.FromMinutes(10);
            public static readonly TimeSpan Cart = TimeSpan.FromDays(7);
        }

        public sealed class ProductService
        {
            private readonly ShopDb _db;
            private readonly IMemoryCache _memory;
            private readonly IDistributedCache _distributed;
            private readonly HybridCache _hybrid;
            private readonly IDatabase _redis;

            public ProductService(ShopDb db, IMemoryCache memory, IDistributedCache distributed, HybridCache hybrid, IConnectionMultiplexer mux)
            {
                _db = db;
                _memory = memory;
                _distributed = distributed;
                _hybrid = hybrid;
                _redis = mux.GetDatabase();
            }

            // Read-through with a materialized query.
            public async Task<List<ProductView>> GetActiveAsync(CancellationToken ct) =>
                await _hybrid.GetOrCreateAsync(
                    "shop:products:active",
                    async token => await _db.Products.Where(p => p.Active).Select(p => new ProductView(p.Id, p.Name, p.Price)).Take(100).ToListAsync(token),
                    new HybridCacheEntryOptions { Expiration = CacheTtl.Product },
                    cancellationToken: ct);

            // The cached value is a Lazy: concurrent misses share one query (no stampede).
            public List<Product> GetFeatured() =>
                _memory.GetOrCreate("shop:products:featured", entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = CacheTtl.Product;
                    return new Lazy<List<Product>>(() => _db.Products.Where(p => p.Active).OrderBy(p => p.Price).Take(10).ToList());
                })?.Value ?? new List<Product>();

            // A sorted copy of a cached list, never the cached list itself.
            public List<Product> GetFeaturedByName()
            {
                var copy = GetFeatured().ToList();
                copy.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                return copy;
            }

            public ImmutableArray<int> GetIds(ImmutableArray<int> extra)
            {
                var ids = _memory.Get<ImmutableArray<int>?>("shop:products:ids") ?? ImmutableArray<int>.Empty;
                return ids.AddRange(extra);
            }

            // Write first, then invalidate: every technology.
            public async Task RenameAsync(int id, string name, CancellationToken ct)
            {
                var product = await _db.Products.FindAsync(new object[] { id }, ct);
                if (product is null)
                {
                    return;
                }

                product.Name = name;
                await _db.SaveChangesAsync(ct);
                _memory.Remove($"shop:product:{id}");
                await _distributed.RemoveAsync($"shop:product:{id}", ct);
                await _hybrid.RemoveAsync($"shop:product:{id}", ct);
                await _redis.KeyDeleteAsync($"shop:product:{id}");
            }

            // Write first, then refresh the cache with the committed value.
            public async Task RepriceAsync(Product product, decimal price, CancellationToken ct)
            {
                product.Price = price;
                _db.Products.Update(product);
                await _db.SaveChangesAsync(ct);
                var view = new ProductView(product.Id, product.Name, product.Price);
                _memory.Set($"shop:product:{product.Id}", view, CacheTtl.Product);
            }

            // Commit first, then invalidate.
            public async Task DeleteAsync(int id, CancellationToken ct)
            {
                await using var transaction = await _db.Database.BeginTransactionAsync(ct);
                await _db.Products.Where(p => p.Id == id).ExecuteDeleteAsync(ct);
                await transaction.CommitAsync(ct);
                await _hybrid.RemoveAsync($"shop:product:{id}", ct);
            }

            // A Redis hash with a TTL, loaded from the database (cache-aside, not the system of record).
            // One loader per key (no stampede), and a Redis outage falls back to the database.
            private static readonly SemaphoreSlim PricesLoad = new(1, 1);

            public async Task<HashEntry[]> GetPricesAsync(CancellationToken ct)
            {
                const string key = "shop:prices";
                try
                {
                    var cached = await _redis.HashGetAllAsync(key);
                    if (cached.Length > 0)
                    {
                        return cached;
                    }
                }
                catch (RedisException)
                {
                    return await LoadPricesAsync(ct);
                }

                await PricesLoad.WaitAsync(ct);
                try
                {
                    var entries = await LoadPricesAsync(ct);
                    var transaction = _redis.CreateTransaction();
                    _ = transaction.HashSetAsync(key, entries);
                    _ = transaction.KeyExpireAsync(key, CacheTtl.Product);
                    await transaction.ExecuteAsync();
                    return entries;
                }
                finally
                {
                    PricesLoad.Release();
                }
            }

            private async Task<HashEntry[]> LoadPricesAsync(CancellationToken ct)
            {
                var prices = await _db.Products.Where(p => p.Active).Take(500).Select(p => new { p.Id, p.Price }).ToListAsync(ct);
                return prices.Select(p => new HashEntry(p.Id, (double)p.Price)).ToArray();
            }
        }
        """;

    [Fact]
    public async Task Idiomatic_consistency_code_has_no_diagnostics()
    {
        var (compilation, diagnostics, failures) = await CrashSweepTests.AnalyzeAsync(IdiomaticConsistency, CancellationToken.None);
        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }
}
