using System.Threading.Tasks;
using VerifyCS = CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
    CachingArchitect.Analyzers.Rules.Schema.MalformedKeyTemplateAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Schema;

public class CACHE087Tests
{
    [Fact]
    public Task Braces_and_placeholders() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:[|{|]id", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey A(int id);

            [CacheKey("user:id[|}|]", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey B(int id);

            [CacheKey("user:[|{}|]", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey C(int id);

            [CacheKey("user:[|{id:D5}|]", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey D(int id);

            [CacheKey("user:{id}:[|{id}|]", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey E(int id);
        }
        """);

    [Fact]
    public Task Empty_template_and_empty_segments() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey([|""|], Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey A();

            [CacheKey("[|:|]user:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey B(int id);

            [CacheKey("user:{id}[|:|]", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey C(int id);

            [CacheKey("user[|::|]{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey D(int id);

            [CacheKey([|null!|], Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey E();
        }
        """);

    // ------------------------------------------------------------------ looks like it, but is fine

    [Fact]
    public Task Well_formed_templates() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{userId}:profile", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Profile(int userId);

            [CacheKey("{region}-{year}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Report(int region, int year);

            [CacheKey("settings", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Settings();

            [CacheKey("user:{_id2}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Underscore(int _id2);
        }
        """);

    [Fact]
    public Task Template_from_a_constant() => VerifyCS.VerifyAsync("""
        public static class Templates { public const string User = "user:{id}"; }

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey(Templates.User, Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(int id);
        }
        """);
}
