using System.Threading.Tasks;
using VerifyCS = CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
    CachingArchitect.Analyzers.Rules.Schema.UnboundedKeyPartAnalyzer>;
using FixVerifier = CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaFixVerify<
    CachingArchitect.Analyzers.Rules.Schema.UnboundedKeyPartAnalyzer,
    CachingArchitect.CodeFixes.Rules.Schema.UnboundedKeyPartCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Schema;

public class CACHE082Tests
{
    [Fact]
    public Task String_without_bound() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("search:{term}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Search(string {|#0:term|});
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("String key part 'term' has no declared bound: any text up to 256 characters becomes a new key; declare its domain with [CacheKeyPart(MaxLength = n)]"));

    [Fact]
    public Task Volatile_and_unbounded_types() => VerifyCS.VerifyAsync("""
        using System.Collections.Generic;

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("a:{at}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey A(System.DateTime [|at|]);

            [CacheKey("b:{at}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey B(System.DateTimeOffset [|at|]);

            [CacheKey("c:{window}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey C(System.TimeSpan [|window|]);

            [CacheKey("d:{price}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey D(double [|price|]);

            [CacheKey("e:{amount}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey E(decimal [|amount|]);

            [CacheKey("f:{value}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey F(object [|value|]);

            [CacheKey("g:{ids}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey G(int[] [|ids|]);

            [CacheKey("h:{ids}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey H(List<int> [|ids|]);

            [CacheKey("i:{at}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey I(System.DateTime? [|at|]);
        }
        """);

    [Fact]
    public Task Record_rendered_by_synthesized_ToString() => VerifyCS.VerifyAsync("""
        public readonly record struct UserId(int Value);

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(UserId [|id|]);
        }
        """);

    // ------------------------------------------------------------------ looks like it, but is fine

    [Fact]
    public Task Bounded_domains_are_fine() => VerifyCS.VerifyAsync("""
        public enum Region { Europe, Asia }

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("k:{a}:{b}:{c}:{d}:{e}:{f}:{g}:{h}:{i}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey K(int a, long b, System.Guid c, bool d, char e, Region f, System.DateOnly g, byte h, int? i);
        }
        """);

    [Fact]
    public Task Bounded_string_is_fine() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("sku:{sku}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Sku([CacheKeyPart(MaxLength = 32)] string sku);
        }
        """);

    [Fact]
    public Task Formattable_or_ToString_declaring_types_are_fine() => VerifyCS.VerifyAsync("""
        public readonly struct OrderId : System.IFormattable
        {
            private readonly int value;
            public OrderId(int value) => this.value = value;
            public string ToString(string? format, System.IFormatProvider? provider) => value.ToString(format, provider);
        }

        public sealed record Sku(string Value)
        {
            public override string ToString() => Value;
        }

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("order:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Order(OrderId id);

            [CacheKey("sku:{sku}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Sku(Sku sku);
        }
        """);

    [Fact]
    public Task Parameter_not_in_the_template_is_CACHE081_only() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("settings", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Settings(string name);
        }
        """);

    [Fact]
    public Task Invalid_bound_is_CACHE088_only() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("sku:{sku}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Sku([CacheKeyPart(MaxLength = 0)] string sku);
        }
        """);

    // ------------------------------------------------------------------ fix

    [Fact]
    public Task Fix_declares_the_bound() => FixVerifier.VerifyFixAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("search:{term}:{page}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Search(string [|term|], int page);

            [CacheKey("tag:{tag}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Tag(string [|tag|]);
        }
        """, """
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("search:{term}:{page}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Search([CacheKeyPart(MaxLength = 64)] string term, int page);

            [CacheKey("tag:{tag}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Tag([CacheKeyPart(MaxLength = 64)] string tag);
        }
        """);
}
