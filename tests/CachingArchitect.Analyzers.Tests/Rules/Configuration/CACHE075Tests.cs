using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Rules.Configuration;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using CachingArchitect.CodeFixes.Rules.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Configuration.UnboundedRedisClientCacheAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Configuration;

/// <summary>
/// CACHE075 is dormant on every released StackExchange.Redis (no <c>ConfigurationOptions.ClientCache</c> up to 3.4.35). It is
/// tested dormant against the real 2.8.16 and 3.4.35 references, and active against a stub assembly named StackExchange.Redis
/// that declares the catalog card's shapes, compiled against the BCL only (so no type is declared twice).
/// </summary>
public class CACHE075Tests
{
    private const string Unbounded = "The StackExchange.Redis client-side cache sets neither MaxBytes nor MaxEntries, so it grows without bound in every application instance; give it a memory budget (MaxBytes) or an entry cap (MaxEntries)";

    private const string Broadcast = "The StackExchange.Redis client-side cache uses TrackingMode = Broadcast without Prefixes, so this connection receives an invalidation for every write to every key of the Redis instance; set Prefixes to this application's key prefixes, or use PerKey tracking";

    /// <summary>The client-side cache API as the catalog card describes it (not in any release).</summary>
    public const string ClientCacheStub = """
        namespace StackExchange.Redis
        {
            public interface IDatabase { }

            public enum TrackingMode { PerKey, Broadcast }

            public sealed class CacheOptions
            {
                public long MaxBytes { get; set; }
                public int MaxEntries { get; set; }
                public System.Collections.Generic.ICollection<string>? Prefixes { get; set; }
                public TrackingMode TrackingMode { get; set; }
            }

            public sealed class ConfigurationOptions
            {
                public CacheOptions? ClientCache { get; set; }
                public string? Password { get; set; }
                public bool AbortOnConnectFail { get; set; }
                public static ConfigurationOptions Parse(string configuration) => new();
            }
        }
        """;

    private static readonly System.Lazy<MetadataReference> Stub = new(() =>
    {
        var compilation = CSharpCompilation.Create(
            "StackExchange.Redis",
            new[] { CSharpSyntaxTree.ParseText(ClientCacheStub, new CSharpParseOptions(LanguageVersion.Preview)) },
            TestReferences.BclOnly,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new System.IO.MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray(), filePath: "StackExchange.Redis.dll");
    });

    private static DiagnosticResult At(int location, string message) => VerifyCS.Diagnostic().WithLocation(location).WithArguments(message);

    private static Task VerifyActiveAsync(string source, params DiagnosticResult[] expected) =>
        ConfigurationTestSupport.VerifyAsync<UnboundedRedisClientCacheAnalyzer>(source, references: new[] { Stub.Value }, cachingLibraries: false, expected: expected);

    private static async Task VerifyFixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new FixTest();
        test.TestState.Sources.Add(source);
        test.FixedState.Sources.Add(fixedSource);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    // ------------------------------------------------------------------ dormant on released packages

    [Theory]
    [InlineData(RedisVersion.V3)]
    [InlineData(RedisVersion.V2)]
    public void Released_StackExchange_Redis_has_no_ClientCache(RedisVersion version)
    {
        var compilation = CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText("class C { }") }, TestReferences.All(version));
        Assert.NotNull(compilation.GetTypeByMetadataName("StackExchange.Redis.ConfigurationOptions"));
        Assert.Null(ClientCacheShape.Resolve(compilation));
    }

    [Theory]
    [InlineData(RedisVersion.V3)]
    [InlineData(RedisVersion.V2)]
    public Task Dormant_on_released_packages(RedisVersion version) => VerifyCS.VerifyAsync("""
        public static class RedisSetup
        {
            public static ConnectionMultiplexer Connect(string connectionString)
            {
                var options = ConfigurationOptions.Parse(connectionString);
                options.AbortOnConnectFail = false;
                options.ConnectRetry = 3;
                var tuned = new ConfigurationOptions { Ssl = true, Password = "secret", AbortOnConnectFail = false };
                options.EndPoints.Add("cache:6379");
                return ConnectionMultiplexer.Connect(options);
            }
        }
        """, editorConfig: null, version);

    [Fact]
    public Task Stub_shape_without_caching_libraries_is_still_gated() => VerifyCS.VerifyWithoutCachingLibrariesAsync("""
        namespace StackExchange.Redis
        {
            public sealed class CacheOptions { public long MaxBytes { get; set; } }
            public sealed class ConfigurationOptions { public CacheOptions? ClientCache { get; set; } }
        }

        public static class Setup
        {
            public static StackExchange.Redis.ConfigurationOptions Options() => new() { ClientCache = new() };
        }
        """);

    // ------------------------------------------------------------------ triggers (stub)

    [Fact]
    public Task ClientCache_without_any_bound_in_an_object_initializer() => VerifyActiveAsync("""
        using StackExchange.Redis;

        public static class RedisSetup
        {
            public static ConfigurationOptions Options() => new()
            {
                Password = "secret",
                AbortOnConnectFail = false,
                ClientCache = {|#0:new CacheOptions()|},
            };
        }
        """,
        At(0, Unbounded));

    [Fact]
    public Task Broadcast_without_prefixes_and_without_bound_reports_both() => VerifyActiveAsync("""
        using StackExchange.Redis;

        public static class RedisSetup
        {
            public static ConfigurationOptions Options(string connectionString)
            {
                var options = ConfigurationOptions.Parse(connectionString);
                options.ClientCache = {|#0:new CacheOptions { TrackingMode = TrackingMode.Broadcast }|};
                return options;
            }
        }
        """,
        At(0, Unbounded),
        At(0, Broadcast));

    [Fact]
    public Task Bounded_broadcast_without_prefixes() => VerifyActiveAsync("""
        using StackExchange.Redis;

        public static class RedisSetup
        {
            public static ConfigurationOptions Options() => new()
            {
                ClientCache = {|#0:new CacheOptions
                {
                    MaxBytes = 32 * 1024 * 1024,
                    TrackingMode = TrackingMode.Broadcast,
                }|},
            };
        }
        """,
        At(0, Broadcast));

    [Fact]
    public Task Options_built_in_a_local_then_assigned() => VerifyActiveAsync("""
        using StackExchange.Redis;

        public static class RedisSetup
        {
            public static ConfigurationOptions Options()
            {
                var clientCache = {|#0:new CacheOptions { Prefixes = new[] { "shop:" }, TrackingMode = TrackingMode.Broadcast }|};
                var options = new ConfigurationOptions { AbortOnConnectFail = false };
                options.ClientCache = clientCache;
                return options;
            }
        }
        """,
        At(0, Unbounded));

    // ------------------------------------------------------------------ does not trigger (stub)

    [Fact]
    public Task Bounded_by_bytes_or_entries() => VerifyActiveAsync("""
        using StackExchange.Redis;

        public static class RedisSetup
        {
            public static ConfigurationOptions ByBytes() => new() { ClientCache = new CacheOptions { MaxBytes = 64 * 1024 * 1024 } };
            public static ConfigurationOptions ByEntries() => new() { ClientCache = new CacheOptions { MaxEntries = 10_000 } };
        }
        """);

    [Fact]
    public Task PerKey_tracking_needs_no_prefixes() => VerifyActiveAsync("""
        using StackExchange.Redis;

        public static class RedisSetup
        {
            public static ConfigurationOptions Options() => new()
            {
                ClientCache = new CacheOptions { MaxEntries = 5_000, TrackingMode = TrackingMode.PerKey },
            };
        }
        """);

    [Fact]
    public Task Bounded_broadcast_with_prefixes() => VerifyActiveAsync("""
        using StackExchange.Redis;

        public static class RedisSetup
        {
            public static ConfigurationOptions Options() => new()
            {
                ClientCache = new CacheOptions
                {
                    MaxBytes = 16 * 1024 * 1024,
                    TrackingMode = TrackingMode.Broadcast,
                    Prefixes = new[] { "shop:catalog:", "shop:prices:" },
                },
            };
        }
        """);

    [Fact]
    public Task Bound_set_after_the_assignment() => VerifyActiveAsync("""
        using StackExchange.Redis;

        public static class RedisSetup
        {
            public static ConfigurationOptions Options(long budget)
            {
                var options = new ConfigurationOptions();
                options.ClientCache = new CacheOptions();
                options.ClientCache.MaxBytes = budget;
                return options;
            }
        }
        """);

    [Fact]
    public Task Options_not_assigned_to_ClientCache() => VerifyActiveAsync("""
        using StackExchange.Redis;

        public static class CacheDefaults
        {
            // A template the caller bounds before use.
            public static CacheOptions Template() => new CacheOptions { TrackingMode = TrackingMode.Broadcast };
        }
        """);

    // ------------------------------------------------------------------ fix (stub)

    [Fact]
    public Task Fix_adds_MaxBytes_to_an_empty_creation() => VerifyFixAsync("""
        using StackExchange.Redis;

        public static class RedisSetup
        {
            public static ConfigurationOptions Options() => new() { ClientCache = {|#0:new CacheOptions()|} };
        }
        """, """
        using StackExchange.Redis;

        public static class RedisSetup
        {
            public static ConfigurationOptions Options() => new() { ClientCache = new CacheOptions { MaxBytes = 64 * 1024 * 1024 } };
        }
        """,
        At(0, Unbounded));

    [Fact]
    public Task Fix_all_adds_MaxBytes_to_each_initializer() => VerifyFixAsync("""
        using StackExchange.Redis;

        public static class RedisSetup
        {
            public static ConfigurationOptions Primary() => new()
            {
                ClientCache = {|#0:new CacheOptions { TrackingMode = TrackingMode.PerKey }|},
            };

            public static ConfigurationOptions Replica()
            {
                var options = new ConfigurationOptions();
                options.ClientCache = {|#1:new CacheOptions()|};
                return options;
            }
        }
        """, """
        using StackExchange.Redis;

        public static class RedisSetup
        {
            public static ConfigurationOptions Primary() => new()
            {
                ClientCache = new CacheOptions { TrackingMode = TrackingMode.PerKey, MaxBytes = 64 * 1024 * 1024 },
            };

            public static ConfigurationOptions Replica()
            {
                var options = new ConfigurationOptions();
                options.ClientCache = new CacheOptions { MaxBytes = 64 * 1024 * 1024 };
                return options;
            }
        }
        """,
        At(0, Unbounded),
        At(1, Unbounded));

    private sealed class FixTest : CSharpCodeFixTest<UnboundedRedisClientCacheAnalyzer, UnboundedRedisClientCacheCodeFix, DefaultVerifier>
    {
        public FixTest()
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            var references = TestReferences.BclOnly.Add(Stub.Value);
            TestState.AdditionalReferences.AddRange(references);
            FixedState.AdditionalReferences.AddRange(references);
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Preview);
    }
}
