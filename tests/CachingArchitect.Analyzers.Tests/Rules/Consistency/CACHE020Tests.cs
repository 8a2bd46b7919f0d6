using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Consistency.CacheMutatedBeforeDurableWriteAnalyzer>;
using FixVerifier = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Consistency.CacheMutatedBeforeDurableWriteAnalyzer,
    CachingArchitect.CodeFixes.Rules.Consistency.CacheMutatedBeforeDurableWriteCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Consistency;

public class CACHE020Tests
{
    private const string Shop = """
        using System.Data;
        using Dapper;
        using Microsoft.EntityFrameworkCore;

        public class Product { public int Id { get; set; } public decimal Price { get; set; } }
        public class Order { public int Id { get; set; } }
        public class AuditEntry { public int Id { get; set; } }
        public class ShopDb : DbContext
        {
            public DbSet<Product> Products => Set<Product>();
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<AuditEntry> Audit => Set<AuditEntry>();
        }

        """;

    private static DiagnosticResult Diagnostic(int location) =>
        VerifyCS.Diagnostic().WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Remove_before_SaveChanges() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(IMemoryCache cache, ShopDb db, Product product)
            {
                cache.[|Remove|]($"shop:product:{product.Id}");
                db.Products.Update(product);
                await db.SaveChangesAsync();
            }
        }
        """);

    [Fact]
    public Task Every_cache_technology() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(IDistributedCache distributed, IDatabase redis, HybridCache hybrid, IFusionCache fusion, ShopDb db, int id)
            {
                await distributed.[|RemoveAsync|]($"product:{id}");
                await redis.[|KeyDeleteAsync|]($"product:{id}");
                await hybrid.[|RemoveAsync|]($"product:{id}");
                await fusion.[|RemoveAsync|]($"product:{id}");
                await hybrid.[|RemoveByTagAsync|]("products");
                db.SaveChanges();
            }
        }
        """);

    [Fact]
    public Task Cache_updated_before_the_write() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            void M(IMemoryCache cache, ShopDb db, Product product)
            {
                cache.[|Set|]($"product:{product.Id}", product, TimeSpan.FromMinutes(5));
                db.Products.Update(product);
                db.SaveChanges();
            }
        }
        """);

    [Fact]
    public Task Ado_Dapper_and_transaction_commit() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            void Ado(IMemoryCache cache, IDbCommand command, int id)
            {
                cache.[|Remove|]($"product:{id}");
                command.ExecuteNonQuery();
            }

            void Dapper(IMemoryCache cache, IDbConnection connection, int id)
            {
                cache.[|Remove|]($"product:{id}");
                connection.Execute("UPDATE Products SET Price = 1 WHERE Id = @id", new { id });
            }

            void Commit(IMemoryCache cache, IDbConnection connection, IDbTransaction transaction, int id)
            {
                connection.Execute("UPDATE Products SET Price = 1 WHERE Id = @id", new { id }, transaction);
                cache.[|Remove|]($"product:{id}");
                transaction.Commit();
            }
        }
        """);

    [Fact]
    public Task Different_parts_of_one_try_with_the_cache_call_first() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(IMemoryCache cache, ShopDb db, int id)
            {
                try
                {
                    cache.[|Remove|]($"product:{id}");
                }
                finally
                {
                    await db.SaveChangesAsync();
                }
            }
        }
        """);

    // ------------------------------------------------------------------ does not trigger (catalog) and looks-like-it cases

    [Fact]
    public Task Cache_call_after_the_commit() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(IMemoryCache cache, ShopDb db, Product product)
            {
                db.Products.Update(product);
                await db.SaveChangesAsync();
                cache.Remove($"product:{product.Id}");
            }
        }
        """);

    [Fact]
    public Task Delayed_double_delete() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(IDatabase redis, ShopDb db, int id)
            {
                var key = $"product:{id}";
                await redis.KeyDeleteAsync(key);
                await db.SaveChangesAsync();
                _ = Task.Run(async () =>
                {
                    await Task.Delay(500);
                    await redis.KeyDeleteAsync(key);
                });
            }

            async Task Immediate(IMemoryCache cache, ShopDb db, int id)
            {
                cache.Remove($"product:{id}");
                await db.SaveChangesAsync();
                cache.Remove($"product:{id}");
            }
        }
        """);

    [Fact]
    public Task Invalidation_published_after_commit() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(ISubscriber subscriber, IDatabase redis, ShopDb db, int id)
            {
                await db.SaveChangesAsync();
                await subscriber.PublishAsync(RedisChannel.Literal("invalidate"), $"product:{id}");
                await redis.PublishAsync(RedisChannel.Literal("invalidate"), $"product:{id}");
            }
        }
        """);

    [Fact]
    public Task Method_without_a_data_store() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IMemoryCache cache, HttpClient http, int id)
            {
                cache.Remove($"product:{id}");
                await http.PostAsync("https://example.org/hook", null);
            }
        }
        """.Replace("HttpClient", "System.Net.Http.HttpClient"));

    [Fact]
    public Task Cache_call_in_a_callback_that_runs_after_commit() => VerifyCS.VerifyAsync(Shop + """
        class UnitOfWork
        {
            private readonly List<Action> after = new();
            public void OnCommitted(Action action) => after.Add(action);
        }

        class C
        {
            async Task M(IMemoryCache cache, ShopDb db, UnitOfWork work, int id)
            {
                work.OnCommitted(() => cache.Remove($"product:{id}"));
                await db.SaveChangesAsync();
            }
        }
        """);

    [Fact]
    public Task Redis_transaction_executed_after_the_write() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(IDatabase redis, ShopDb db, int id)
            {
                var transaction = redis.CreateTransaction();
                _ = transaction.KeyDeleteAsync($"product:{id}");
                _ = transaction.KeyDeleteAsync("product:all");
                await db.SaveChangesAsync();
                await transaction.ExecuteAsync();
            }
        }
        """);

    [Fact]
    public Task Lock_taken_before_the_write() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(IDatabase redis, ShopDb db, int id, string owner)
            {
                if (await redis.StringSetAsync($"lock:product:{id}", owner, TimeSpan.FromSeconds(30), When.NotExists))
                {
                    await db.SaveChangesAsync();
                    await redis.LockReleaseAsync($"lock:product:{id}", owner);
                }
            }
        }
        """);

    [Fact]
    public Task Exclusive_branches_and_early_exit() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(IMemoryCache cache, ShopDb db, int id, bool onlyCache)
            {
                if (onlyCache)
                {
                    cache.Remove($"product:{id}");
                }
                else
                {
                    await db.SaveChangesAsync();
                }
            }

            async Task N(IMemoryCache cache, ShopDb db, int id, bool stale)
            {
                if (stale)
                {
                    cache.Remove($"product:{id}");
                    return;
                }

                await db.SaveChangesAsync();
            }
        }
        """);

    [Fact]
    public Task Cache_entry_of_another_entity_than_the_one_written() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(IMemoryCache cache, ShopDb db, Product product, AuditEntry entry)
            {
                cache.Set($"product:{product.Id}", product, TimeSpan.FromMinutes(5));
                cache.Remove("session:current");
                db.Audit.Add(entry);
                await db.SaveChangesAsync();
            }
        }
        """);

    [Fact]
    public Task Read_through_before_the_write_is_not_a_mutation() => VerifyCS.VerifyAsync(Shop + """
        class C
        {
            async Task M(IMemoryCache cache, ShopDb db, int id)
            {
                var product = await cache.GetOrCreateAsync($"product:{id}", async e =>
                {
                    e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    return await db.Products.FindAsync(id);
                });
                if (product is not null)
                {
                    product.Price += 1;
                    await db.SaveChangesAsync();
                    cache.Remove($"product:{id}");
                }
            }
        }
        """);

    // ------------------------------------------------------------------ fixes

    [Fact]
    public Task Fix_moves_the_invalidation_after_SaveChanges() => FixVerifier.VerifyFixAsync(Shop + """
        class C
        {
            async Task M(IDistributedCache cache, ShopDb db, Product product, decimal price)
            {
                // drop the cached copy
                await cache.[|RemoveAsync|]($"product:{product.Id}");
                product.Price = price;
                await db.SaveChangesAsync();
                Console.WriteLine("saved");
            }
        }
        """, Shop + """
        class C
        {
            async Task M(IDistributedCache cache, ShopDb db, Product product, decimal price)
            {
                product.Price = price;
                await db.SaveChangesAsync();
                // drop the cached copy
                await cache.RemoveAsync($"product:{product.Id}");
                Console.WriteLine("saved");
            }
        }
        """);

    [Fact]
    public Task Fix_moves_after_the_commit() => FixVerifier.VerifyFixAsync(Shop + """
        class C
        {
            async Task M(IMemoryCache cache, ShopDb db, int id)
            {
                using var transaction = await db.Database.BeginTransactionAsync();
                await db.Products.Where(p => p.Id == id).ExecuteDeleteAsync();
                cache.[|Remove|]($"product:{id}");
                await transaction.CommitAsync();
            }
        }
        """, Shop + """
        class C
        {
            async Task M(IMemoryCache cache, ShopDb db, int id)
            {
                using var transaction = await db.Database.BeginTransactionAsync();
                await db.Products.Where(p => p.Id == id).ExecuteDeleteAsync();
                await transaction.CommitAsync();
                cache.Remove($"product:{id}");
            }
        }
        """);

    [Fact]
    public Task Fix_all_in_several_methods() => FixVerifier.VerifyFixAsync(Shop + """
        class C
        {
            void A(IMemoryCache cache, ShopDb db, int id)
            {
                cache.[|Remove|]($"product:{id}");
                db.SaveChanges();
            }

            void B(IMemoryCache cache, ShopDb db, int id)
            {
                cache.[|Remove|]($"order:{id}");
                db.SaveChanges();
            }
        }
        """, Shop + """
        class C
        {
            void A(IMemoryCache cache, ShopDb db, int id)
            {
                db.SaveChanges();
                cache.Remove($"product:{id}");
            }

            void B(IMemoryCache cache, ShopDb db, int id)
            {
                db.SaveChanges();
                cache.Remove($"order:{id}");
            }
        }
        """);

    [Fact]
    public Task Fix_all_in_one_block() => FixVerifier.VerifyFixAsync(Shop + """
        class C
        {
            void A(IMemoryCache cache, ShopDb db, int id)
            {
                cache.[|Remove|]($"product:{id}");
                cache.[|Remove|]("product:all");
                db.SaveChanges();
            }
        }
        """, Shop + """
        class C
        {
            void A(IMemoryCache cache, ShopDb db, int id)
            {
                db.SaveChanges();
                cache.Remove($"product:{id}");
                cache.Remove("product:all");
            }
        }
        """);

    [Fact]
    public Task No_fix_when_the_key_changes_in_between() => FixVerifier.VerifyFixAsync(Shop + """
        class C
        {
            void M(IMemoryCache cache, ShopDb db, int id)
            {
                var key = $"product:{id}";
                cache.[|Remove|](key);
                key = "other";
                db.SaveChanges();
                Console.WriteLine(key);
            }
        }
        """, Shop + """
        class C
        {
            void M(IMemoryCache cache, ShopDb db, int id)
            {
                var key = $"product:{id}";
                cache.[|Remove|](key);
                key = "other";
                db.SaveChanges();
                Console.WriteLine(key);
            }
        }
        """);

    [Fact]
    public Task No_fix_when_the_write_returns() => FixVerifier.VerifyFixAsync(Shop + """
        class C
        {
            async Task<int> M(IMemoryCache cache, ShopDb db, int id)
            {
                cache.[|Remove|]($"product:{id}");
                return await db.SaveChangesAsync();
            }
        }
        """, Shop + """
        class C
        {
            async Task<int> M(IMemoryCache cache, ShopDb db, int id)
            {
                cache.[|Remove|]($"product:{id}");
                return await db.SaveChangesAsync();
            }
        }
        """);
}
