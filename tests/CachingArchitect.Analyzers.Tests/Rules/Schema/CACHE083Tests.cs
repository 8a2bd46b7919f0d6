using System.Threading.Tasks;
using VerifyCS = CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
    CachingArchitect.Analyzers.Rules.Schema.InvalidSchemaDurationAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Schema;

public class CACHE083Tests
{
    [Fact]
    public Task Unparsable_ttl_and_staleness() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("a:{id}", Ttl = [|"15m"|], MaxStaleness = [|"one minute"|])]
            public static partial CacheKey A(int id);

            [CacheKey("b:{id}", Ttl = [|""|], MaxStaleness = "00:01:00")]
            public static partial CacheKey B(int id);

            [CacheKey("c:{id}", Ttl = [|"00:61:00"|], MaxStaleness = "00:01:00")]
            public static partial CacheKey C(int id);
        }
        """);

    [Fact]
    public Task Negative_or_zero() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("a:{id}", Ttl = [|"-00:05:00"|], MaxStaleness = [|"-00:00:01"|])]
            public static partial CacheKey A(int id);

            [CacheKey("b:{id}", Ttl = {|#0:"00:00:00"|}, MaxStaleness = "00:00:00")]
            public static partial CacheKey B(int id);
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Ttl '00:00:00' of 'B' is zero: Redis rejects an expiry of 0 ('invalid expire time') and an entry that expires at once is never read; declare a positive Ttl"));

    [Fact]
    public Task Constant_expression_is_reported_at_its_expression() => VerifyCS.VerifyAsync("""
        public static class Durations { public const string Bad = "5 minutes"; }

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("a:{id}", Ttl = [|Durations.Bad|], MaxStaleness = "00:01:00")]
            public static partial CacheKey A(int id);
        }
        """);

    // ------------------------------------------------------------------ looks like it, but is fine

    [Fact]
    public Task Valid_formats() => VerifyCS.VerifyAsync("""
        public static class Durations { public const string Day = "1.00:00:00"; }

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("a:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey A(int id);

            [CacheKey("b:{id}", Ttl = Durations.Day, MaxStaleness = "00:00:00.500")]
            public static partial CacheKey B(int id);

            [CacheKey("c:{id}", Ttl = "00:00:30.2500000", MaxStaleness = "0")]
            public static partial CacheKey C(int id);

            [CacheKey("d:{id}", Ttl = "7.00:00:00")]
            public static partial CacheKey D(int id);
        }
        """);

    [Fact]
    public Task Missing_values_are_CACHE084_not_CACHE083() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("a:{id}")]
            public static partial CacheKey A(int id);

            [CacheKey("b:{id}", Ttl = null)]
            public static partial CacheKey B(int id);
        }
        """);

    [Fact]
    public Task Zero_staleness_means_strongly_consistent_and_is_fine() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("stock:{sku}", Ttl = "00:00:05", MaxStaleness = "00:00:00", Strategy = CacheStrategy.EventDriven)]
            public static partial CacheKey Stock(long sku);
        }
        """);
}
