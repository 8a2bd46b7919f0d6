using System.Threading.Tasks;
using VerifyCS = CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
    CachingArchitect.Analyzers.Rules.Schema.TemplateBreaksBackendRuleAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Schema;

public class CACHE086Tests
{
    [Fact]
    public Task Whitespace_and_control_characters() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user[| |]profile:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Profile(int id);

            [CacheKey([|"user:{id}\tx"|], Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Tabbed(int id);
        }
        """);

    [Fact]
    public Task Possibly_longer_than_memcached_allows() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey([|"search:{term}:{page}"|], Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Search([CacheKeyPart(MaxLength = 240)] string term, int page);
        }
        """);

    // ------------------------------------------------------------------ looks like it, but is fine

    [Fact]
    public Task Bounded_keys_within_the_memcached_limit() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("search:{term}:{page}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Search([CacheKeyPart(MaxLength = 200)] string term, int page);

            [CacheKey("user:{id}:orders:{orderId}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Order(System.Guid id, long orderId);
        }
        """);

    [Fact]
    public Task Unbounded_string_is_CACHE082_not_a_length_finding() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("search:{term}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Search(string term);
        }
        """);

    [Fact]
    public Task Separators_dashes_and_glob_characters_in_literal_text_are_fine() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user-profile:{id}:v_1.json", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Profile(int id);

            [CacheKey("top*:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Top(int id);
        }
        """);
}
