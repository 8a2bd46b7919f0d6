using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
    CachingArchitect.Analyzers.Rules.Schema.ParameterNotInTemplateAnalyzer>;
using FixVerifier = CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaFixVerify<
    CachingArchitect.Analyzers.Rules.Schema.ParameterNotInTemplateAnalyzer,
    CachingArchitect.CodeFixes.Rules.Schema.ParameterNotInTemplateCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Schema;

public class CACHE081Tests
{
    [Fact]
    public Task Parameter_not_in_template() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{userId}:profile", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey UserProfile(int userId, int {|#0:tenantId|});
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("tenantId", "UserProfile", "user:{userId}:profile"));

    [Fact]
    public Task Constant_template_with_parameters() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("settings", Ttl = "01:00:00", MaxStaleness = "00:05:00")]
            public static partial CacheKey Settings(int [|tenant|], bool [|preview|]);
        }
        """);

    // ------------------------------------------------------------------ looks like it, but is fine

    [Fact]
    public Task Every_parameter_is_a_placeholder() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("tenant:{tenant}:user:{userId}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(int userId, int tenant);

            [CacheKey("{region}-{year}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Report(int region, int year);
        }
        """);

    [Fact]
    public Task Malformed_template_is_left_to_CACHE087() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{userId", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey User(int userId);
        }
        """);

    [Fact]
    public Task Ordinary_methods_with_unused_parameters_are_ignored() => VerifyCS.VerifyAsync("""
        public static class Keys
        {
            public static string User(int userId, int unused) => "shop:user:" + userId;
        }
        """);

    // ------------------------------------------------------------------ fix

    [Fact]
    public Task Fix_appends_the_placeholder() => FixVerifier.VerifyFixAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{userId}:profile", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey UserProfile(int userId, int [|tenantId|]);

            [CacheKey("settings", Ttl = "01:00:00", MaxStaleness = "00:05:00")]
            public static partial CacheKey Settings(int [|tenant|]);
        }
        """, """
        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{userId}:profile:{tenantId}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey UserProfile(int userId, int tenantId);

            [CacheKey("settings:{tenant}", Ttl = "01:00:00", MaxStaleness = "00:05:00")]
            public static partial CacheKey Settings(int tenant);
        }
        """);
}
