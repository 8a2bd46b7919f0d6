using System.Threading.Tasks;
using VerifyCS = CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
    CachingArchitect.Analyzers.Rules.Schema.SchemaKeyCollisionAnalyzer>;
using VerifyAcross = CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
    CachingArchitect.Analyzers.Rules.Schema.SchemaKeyCollisionAcrossSchemasAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Schema;

public class CACHE085Tests
{
    [Fact]
    public Task Int_and_string_in_one_segment_collide() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey({|#1:"user:{id}"|}, Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey UserById(int id);

            [CacheKey({|#0:"user:{name}"|}, Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey UserByName([CacheKeyPart(MaxLength = 64)] string name);
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithLocation(1)
            .WithArguments("Key 'UserByName' ('shop:v2:user:{name}') can render the same string as key 'UserById' ('shop:v2:user:{id}'): the two share entries and read each other's values; make the templates differ in a literal segment"));

    [Fact]
    public Task String_part_and_literal_collide() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{name}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User([CacheKeyPart(MaxLength = 64)] string name);

            [CacheKey([|"user:me"|], Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Me();
        }
        """);

    [Fact]
    public Task Same_template_twice_and_version_spelled_in_the_template() => VerifyCS.VerifyAsync("""
        public enum Region { Europe, Asia }

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("price:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Price(long id);

            [CacheKey([|"price:{productId}"|], Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey<decimal> ProductPrice(int productId);

            [CacheKey("region:{region}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey ByRegion(Region region);

            // The generator renders enums as their underlying number: Region.Asia is "1".
            [CacheKey([|"region:1"|], Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Asia();
        }
        """);

    [Fact]
    public Task Keys_of_two_schemas_with_one_root_collide_at_compilation_end() => VerifyAcross.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class UserKeys
        {
            [CacheKey("user:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(int id);
        }

        [CacheKeySchema(Prefix = "shop")]
        public static partial class LegacyKeys
        {
            [CacheKey([|"v2:user:{userId}"|], Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(long userId);
        }
        """);

    [Fact]
    public Task Adjacent_parts_without_separator() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("order:[|{customerId}{orderId}|]", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Order(int customerId, int orderId);

            [CacheKey("sku:[|{code}{variant}|]", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Sku([CacheKeyPart(MaxLength = 8)] string code, byte variant);
        }
        """);

    [Fact]
    public Task Adjacent_parts_of_distinct_renderings_are_not_guessed() => VerifyCS.VerifyAsync("""
        public enum Size { Small, Large }

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("a:{id}-{variant}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey A(int id, int variant);

            [CacheKey("b:{size}{flag}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey B(Size size, bool flag);

            [CacheKey("c:{x}{y}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey C([CacheKeyPart(MaxLength = 1)] string x, int y);
        }
        """);

    // ------------------------------------------------------------------ looks like it, but is fine

    [Fact]
    public Task Different_literal_segments_do_not_collide() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(int id);

            [CacheKey("product:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Product(int id);

            [CacheKey("user:{id}:profile", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Profile(int id);
        }
        """);

    [Fact]
    public Task An_int_never_renders_a_word() => VerifyCS.VerifyAsync("""
        public enum Region { Europe, Asia }

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(int id);

            [CacheKey("user:me", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Me();

            [CacheKey("user:007", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Bond();

            [CacheKey("region:{region}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey ByRegion(Region region);

            // An enum renders as a number, never as its member name.
            [CacheKey("region:Asia", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey AsiaByName();

            [CacheKey("user:{guid}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey ByGuid(System.Guid guid);
        }
        """);

    [Fact]
    public Task Different_roots_and_segment_counts_do_not_collide() => VerifyAcross.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(int id);
        }

        [CacheKeySchema(Prefix = "shop", Version = 3)]
        public static partial class ShopKeysV3
        {
            [CacheKey("user:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(int id);
        }

        [CacheKeySchema(Prefix = "billing", Version = 2)]
        public static partial class BillingKeys
        {
            [CacheKey("user:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(int id);

            [CacheKey("user:{id}:{part}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey UserPart(int id, int part);
        }
        """);

    [Fact]
    public Task Short_string_bound_cannot_hold_a_guid_and_unknown_renderings_are_not_guessed() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("item:{code}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey ByCode([CacheKeyPart(MaxLength = 8)] string code);

            [CacheKey("item:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey ById(System.Guid id);

            [CacheKey("at:{day}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey At(System.DateTime day);

            [CacheKey("at:{when}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey When(System.DateTimeOffset when);

            [CacheKey("n:{a}-{b}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Pair(int a, int b);

            [CacheKey("n:{c}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Single(int c);
        }
        """);
}
