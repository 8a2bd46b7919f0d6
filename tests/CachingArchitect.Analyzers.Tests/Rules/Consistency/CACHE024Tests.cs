using System.Threading.Tasks;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Consistency.CacheAsSystemOfRecordAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Consistency;

public class CACHE024Tests
{
    private const string Shop = """
        using Microsoft.EntityFrameworkCore;

        public class CartLine { public int Id { get; set; } public string Sku { get; set; } = ""; public int Quantity { get; set; } }
        public class ShopDb : DbContext { public DbSet<CartLine> CartLines => Set<CartLine>(); }

        """;

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Cart_kept_only_in_a_Redis_hash() => VerifyCS.VerifyAsync("""
        class CartStore
        {
            private readonly IDatabase _redis;
            public CartStore(IDatabase redis) => _redis = redis;

            public Task AddAsync(int userId, string sku, int quantity) => _redis.[|HashSetAsync|]($"cart:{userId}", sku, quantity);

            public Task RemoveAsync(int userId, string sku) => _redis.HashDeleteAsync($"cart:{userId}", sku);

            public Task<HashEntry[]> GetAsync(int userId) => _redis.HashGetAllAsync($"cart:{userId}");

            public Task<bool> AddAgainAsync(int userId, string sku) => _redis.HashSetAsync($"cart:{userId}", sku, 1);
        }
        """);

    [Fact]
    public Task Counters_leaderboards_and_lists() => VerifyCS.VerifyAsync("""
        class Stats
        {
            public void Hit(IDatabase redis, string page)
            {
                redis.[|StringIncrement|]($"hits:{page}");
                redis.[|SortedSetAdd|]("leaderboard:global", page, 1);
                redis.[|ListRightPush|]($"history:{page}", "x");
                redis.[|SetAdd|]($"visitors:{page}", "me");
            }
        }
        """);

    [Fact]
    public Task Reported_once_per_type_and_family() => VerifyCS.VerifyAsync("""
        class A
        {
            public void M(IDatabase redis, int id) { redis.[|HashSet|]($"otp:{id}", "code", "123456"); redis.HashSet($"otp:{id}", "tries", 0); }
        }

        class B
        {
            public void M(IDatabase redis, int id) => redis.[|HashIncrement|]($"otp:{id}", "tries");
        }
        """);

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Family_with_a_ttl_somewhere() => VerifyCS.VerifyAsync("""
        class Sessions
        {
            public void Touch(IDatabase redis, string id)
            {
                redis.HashSet($"session:{id}", "seen", DateTime.UtcNow.Ticks);
            }

            public void Start(IDatabase redis, string id)
            {
                redis.KeyExpire($"session:{id}", TimeSpan.FromMinutes(20));
            }
        }
        """);

    [Fact]
    public Task Family_fed_from_the_database() => VerifyCS.VerifyAsync(Shop + """
        class CartCache
        {
            public async Task WarmAsync(IDatabase redis, ShopDb db, int userId)
            {
                var lines = await db.CartLines.Where(l => l.Id == userId).ToListAsync();
                foreach (var line in lines)
                {
                    await redis.HashSetAsync($"cart:{userId}", line.Sku, line.Quantity);
                }
            }

            public Task AddAsync(IDatabase redis, int userId, string sku) => redis.HashSetAsync($"cart:{userId}", sku, 1);
        }
        """);

    [Fact]
    public Task Family_persisted_to_the_database() => VerifyCS.VerifyAsync(Shop + """
        class Checkout
        {
            public Task AddAsync(IDatabase redis, int userId, string sku) => redis.HashSetAsync($"cart:{userId}", sku, 1);

            public async Task CheckoutAsync(IDatabase redis, ShopDb db, int userId)
            {
                foreach (var entry in await redis.HashGetAllAsync($"cart:{userId}"))
                {
                    db.CartLines.Add(new CartLine { Sku = entry.Name!, Quantity = (int)entry.Value });
                }

                await db.SaveChangesAsync();
            }
        }
        """);

    [Fact]
    public Task Permanent_prefixes_are_not_reported() => VerifyCS.VerifyAsync("""
        class Queue
        {
            public void Enqueue(IDatabase redis, string job) => redis.ListRightPush("queue:jobs", job);
        }
        """, "caching_architect.permanent_key_prefixes = queue:", Infrastructure.RedisVersion.V3);

    [Fact]
    public Task Keys_without_a_constant_prefix_are_not_correlated() => VerifyCS.VerifyAsync("""
        class Store
        {
            public void Put(IDatabase redis, string key, string field) => redis.HashSet(key, field, 1);
        }
        """);

    [Fact]
    public Task String_cache_with_expiry_is_not_a_data_structure() => VerifyCS.VerifyAsync("""
        class Cache
        {
            public void Put(IDatabase redis, int id, string json) => redis.StringSet($"product:{id}", json, TimeSpan.FromMinutes(5));
        }
        """);
}
