using System.Threading.Tasks;
using VerifyCS = CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
    CachingArchitect.Analyzers.Rules.Schema.MalformedSchemaDeclarationAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Schema;

public class CACHE088Tests
{
    [Fact]
    public Task Key_methods_the_generator_cannot_implement() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("a:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static CacheKey [|A|](int id) => default;

            [CacheKey("b:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial string [|B|](int id);

            [CacheKey("c:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey [|C|]<T>(int id);

            [CacheKey("d:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey D(ref int [|id|]);

            [CacheKey("e:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00", JitterPercent = [|75|])]
            public static partial CacheKey E(int id);

            [CacheKey("f:{sku}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey F([[|CacheKeyPart(MaxLength = 5000)|]] string sku);

            [CacheKey("g:{sku}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey G([[|CacheKeyPart|]] string sku);
        }
        """);

    [Fact]
    public Task Schema_classes_the_generator_cannot_extend() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = [|"shop:eu"|], Version = [|-1|])]
        public static partial class ShopKeys
        {
        }

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public partial class [|NotStatic|]
        {
        }

        [CacheKeySchema(Prefix = [|"my shop"|], Version = 1)]
        public static class [|NotPartial|]
        {
        }

        public static partial class NoSchema
        {
            [CacheKey("a:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey [|A|](int id);
        }
        """);

    // ------------------------------------------------------------------ looks like it, but is fine

    [Fact]
    public Task Well_formed_schema() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop-eu_1", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("a:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00", JitterPercent = 50)]
            public static partial CacheKey A(int id);

            [CacheKey("b:{sku}", Ttl = "00:15:00", MaxStaleness = "00:01:00", JitterPercent = 0)]
            internal static partial CacheKey<decimal> B([CacheKeyPart(MaxLength = 1024)] string sku);

            [CacheKey("c:{sku}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            private static partial CacheKey<string?> C([CacheKeyPart(MaxLength = 1)] string sku);

            public static CacheKey Helper(int id) => A(id);
        }
        """);

    [Fact]
    public Task Schema_without_prefix_or_version_is_not_malformed() => VerifyCS.VerifyAsync("""
        [CacheKeySchema]
        public static partial class Keys
        {
            [CacheKey("user:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(int id);
        }

        [CacheKeySchema(Prefix = "", Version = 0)]
        public static partial class EmptyPrefix
        {
        }
        """);
}
