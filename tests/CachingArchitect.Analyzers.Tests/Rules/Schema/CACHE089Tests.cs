using System.Threading.Tasks;
using VerifyCS = CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
    CachingArchitect.Analyzers.Rules.Schema.SchemaWithoutNamespaceAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Schema;

public class CACHE089Tests
{
    [Fact]
    public Task Missing_prefix_or_version() => VerifyCS.VerifyAsync("""
        [[|CacheKeySchema|]]
        public static partial class A { }

        [[|CacheKeySchema|](Prefix = "shop")]
        public static partial class B { }

        [[|CacheKeySchema|](Version = 3)]
        public static partial class C { }

        [[|CacheKeySchema|](Prefix = "", Version = 0)]
        public static partial class D { }
        """);

    [Fact]
    public Task Prefix_and_version_declared() => VerifyCS.VerifyAsync("""
        [CacheKeySchema(Prefix = "shop", Version = 1)]
        public static partial class A { }

        [CacheKeySchema(Version = 2, Prefix = "billing")]
        public static partial class B { }

        public static partial class NotASchema { }
        """);
}
