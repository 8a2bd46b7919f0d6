using System.Threading.Tasks;
using VerifyCS = CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
    CachingArchitect.Analyzers.Rules.Schema.PlaceholderWithoutParameterAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Schema;

public class CACHE080Tests
{
    [Fact]
    public Task Placeholder_without_parameter() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:[|{userId}|]:profile", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey UserProfile(int id);
        }
        """);

    [Fact]
    public Task Case_only_mismatch_is_reported_with_a_hint() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{|#0:{userid}|}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(int userId);
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Placeholder '{userid}' matches no parameter of 'User'; names are case-sensitive: did you mean '{userId}'?"));

    [Fact]
    public Task Every_unmatched_placeholder_is_reported() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("order:[|{orderId}|]:line:[|{line}|]", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey<decimal> OrderLine();
        }
        """);

    [Fact]
    public Task Verbatim_template_is_reported_on_the_whole_literal() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey([|@"user:{userId}"|], Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(int id);
        }
        """);

    // ------------------------------------------------------------------ looks like it, but is fine

    [Fact]
    public Task Every_placeholder_matches_a_parameter() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{userId}:order:{orderId}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey<string> Order(int userId, long orderId);

            [CacheKey("settings", Ttl = "01:00:00", MaxStaleness = "00:05:00")]
            public static partial CacheKey Settings();
        }
        """);

    [Fact]
    public Task Template_with_named_argument_syntax() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey(template: "region:{region}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Region(Region region);
        }

        public enum Region { Europe, Asia }
        """);

    [Fact]
    public Task Malformed_placeholders_are_CACHE087_not_CACHE080() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{}:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(int id);
        }
        """);

    [Fact]
    public Task A_similar_attribute_of_another_library_is_ignored() => VerifyCS.VerifyAsync("""
        namespace Other
        {
            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class CacheKeyAttribute : System.Attribute { public CacheKeyAttribute(string template) { } }

            public static class Keys
            {
                [Other.CacheKey("user:{userId}")]
                public static string User(int id) => "user:" + id;
            }
        }
        """);
}
