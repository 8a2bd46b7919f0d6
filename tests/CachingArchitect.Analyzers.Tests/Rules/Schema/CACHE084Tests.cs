using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using VerifyCS = CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
    CachingArchitect.Analyzers.Rules.Schema.MissingSchemaDurationAnalyzer>;
using FixVerifier = CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaFixVerify<
    CachingArchitect.Analyzers.Rules.Schema.MissingSchemaDurationAnalyzer,
    CachingArchitect.CodeFixes.Rules.Schema.MissingSchemaDurationCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Schema;

public class CACHE084Tests
{
    [Fact]
    public Task Missing_ttl() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [{|#0:CacheKey|}("user:{id}")]
            public static partial CacheKey User(int id);

            [[|CacheKey|]("order:{id}", Ttl = null, MaxStaleness = "00:01:00")]
            public static partial CacheKey Order(int id);
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Key 'User' declares no Ttl: the typed helpers write it without expiry, so its entries live until evicted; declare how long the data may be cached, e.g. Ttl = \"00:05:00\""));

    [Fact]
    public Task Missing_staleness_is_info() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [{|#0:CacheKey|}("user:{id}", Ttl = "00:15:00")]
            public static partial CacheKey User(int id);
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
            .WithArguments("Key 'User' declares no MaxStaleness: state how stale a reader may see this data (at most the Ttl '00:15:00' unless invalidated), so the Ttl and the invalidation strategy can be checked against it"));

    // ------------------------------------------------------------------ looks like it, but is fine

    [Fact]
    public Task Both_declared() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00", JitterPercent = 10)]
            public static partial CacheKey User(int id);
        }
        """);

    [Fact]
    public Task Strategies_refreshed_on_change_need_no_staleness_budget() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("product:{productId}:price", Ttl = "00:00:30", Strategy = CacheStrategy.EventDriven)]
            public static partial CacheKey<decimal> ProductPrice(long productId);

            [CacheKey("cart:{cartId}", Ttl = "00:30:00", Strategy = CacheStrategy.WriteThrough)]
            public static partial CacheKey Cart(System.Guid cartId);
        }
        """);

    [Fact]
    public Task Invalid_ttl_is_CACHE083_and_not_a_missing_staleness() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{id}", Ttl = "soon")]
            public static partial CacheKey User(int id);
        }
        """);

    [Fact]
    public Task Ttl_from_a_constant() => VerifyCS.VerifyAsync("""
        public static class Durations { public const string Short = "00:00:30"; }

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("price:{id}", Ttl = Durations.Short, MaxStaleness = Durations.Short)]
            public static partial CacheKey<decimal> Price(long id);
        }
        """);

    // ------------------------------------------------------------------ fix

    [Fact]
    public Task Fix_adds_the_default_ttl() => FixVerifier.VerifyFixAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [[|CacheKey|]("user:{id}", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(int id);

            [[|CacheKey|]("order:{id}", MaxStaleness = "00:01:00", JitterPercent = 10)]
            public static partial CacheKey Order(int id);
        }
        """, """
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{id}", MaxStaleness = "00:01:00", Ttl = "00:05:00")]
            public static partial CacheKey User(int id);

            [CacheKey("order:{id}", MaxStaleness = "00:01:00", JitterPercent = 10, Ttl = "00:05:00")]
            public static partial CacheKey Order(int id);
        }
        """);
}
