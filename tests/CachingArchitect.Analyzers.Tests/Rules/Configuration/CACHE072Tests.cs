using System.Threading.Tasks;
using CachingArchitect.Analyzers.Rules.Configuration;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Configuration.IgnoredRuntimeCachingMemoryLimitAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Configuration;

public class CACHE072Tests
{
    private const string Tail = " is not enforced by System.Runtime.Caching.MemoryCache on .NET Core and .NET 5+, so this cache has no memory bound{0}; use Microsoft.Extensions.Caching.Memory.MemoryCache with SizeLimit and sized entries, or bound the entries by count and expiration";

    private const string PhysicalNote = " (physicalMemoryLimitPercentage still applies, but it reacts to system-wide memory use, not to this cache's size)";

    private static DiagnosticResult At(int location, string shownValue, bool physical = false) =>
        VerifyCS.Diagnostic().WithLocation(location).WithArguments(
            "cacheMemoryLimitMegabytes" + shownValue + string.Format(System.Globalization.CultureInfo.InvariantCulture, Tail, physical ? PhysicalNote : string.Empty));

    private static Task VerifyWithTarget(string source, string globalConfig, params DiagnosticResult[] expected) =>
        ConfigurationTestSupport.VerifyAsync<IgnoredRuntimeCachingMemoryLimitAnalyzer>(source, globalConfig: globalConfig, expected: expected);

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Collection_initializer_argument_on_the_reference_pack_core_library() => VerifyCS.VerifyAsync("""
        using System.Collections.Specialized;
        using MemoryCache = System.Runtime.Caching.MemoryCache;

        public sealed class OrderCache
        {
            private readonly MemoryCache cache = {|#0:new MemoryCache("orders", new NameValueCollection
            {
                { "cacheMemoryLimitMegabytes", "100" },
                { "pollingInterval", "00:00:30" },
            })|};

            public object? Get(string id) => cache.Get("orders:" + id);
        }
        """,
        At(0, " = \"100\""));

    [Fact]
    public Task Local_filled_with_Add_before_the_constructor_in_a_net8_project() => VerifyWithTarget("""
        using System.Collections.Specialized;
        using MemoryCache = System.Runtime.Caching.MemoryCache;

        public static class CacheFactory
        {
            public static MemoryCache Create()
            {
                var config = new NameValueCollection();
                config.Add("pollingInterval", "00:01:00");
                config.Add("cacheMemoryLimitMegabytes", "256");
                return {|#0:new MemoryCache("reports", config)|};
            }
        }
        """,
        "build_property.TargetFramework = net8.0",
        At(0, " = \"256\""));

    [Fact]
    public Task Null_local_reassigned_with_mixed_case_key_and_physical_limit() => VerifyWithTarget("""
        using System.Collections.Specialized;
        using MemoryCache = System.Runtime.Caching.MemoryCache;

        public static class Program
        {
            public static MemoryCache Cache = null!;

            public static void Main()
            {
                NameValueCollection? config = null;
                config = new NameValueCollection
                {
                    { "CacheMemoryLimitMegabytes", "2" },
                    { "physicalMemoryLimitPercentage", "1" },
                };

                Cache = {|#0:new MemoryCache("TestCache", config)|};
            }
        }
        """,
        "build_property.TargetFrameworkIdentifier = .NETCoreApp",
        At(0, " = \"2\"", physical: true));

    [Fact]
    public Task Indexer_set_from_configuration_value() => VerifyCS.VerifyAsync("""
        using System.Collections.Specialized;
        using MemoryCache = System.Runtime.Caching.MemoryCache;

        public sealed class CatalogCache(int limitMegabytes)
        {
            public MemoryCache Build()
            {
                var settings = new NameValueCollection();
                settings["cacheMemoryLimitMegabytes"] = limitMegabytes.ToString();
                return {|#0:new MemoryCache("catalog", settings, ignoreConfigSection: true)|};
            }
        }
        """,
        At(0, string.Empty));

    [Fact]
    public Task Indexer_initializer_in_a_static_readonly_field_passed_to_the_base_constructor() => VerifyCS.VerifyAsync("""
        using System.Collections.Specialized;
        using MemoryCache = System.Runtime.Caching.MemoryCache;

        public sealed class SessionCache : MemoryCache
        {
            private static readonly NameValueCollection Settings = new()
            {
                ["cacheMemoryLimitMegabytes"] = "64",
            };

            public SessionCache() {|#0:: base("sessions", Settings)|}
            {
            }
        }
        """,
        At(0, " = \"64\""));

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Net_Framework_target_enforces_the_limit() => VerifyWithTarget("""
        using System.Collections.Specialized;
        using MemoryCache = System.Runtime.Caching.MemoryCache;

        public static class LegacyCache
        {
            public static readonly MemoryCache Instance = new("legacy", new NameValueCollection
            {
                { "cacheMemoryLimitMegabytes", "100" },
            });
        }
        """,
        "build_property.TargetFramework = net48");

    [Fact]
    public Task Net_Framework_identifier_wins_over_the_core_library() => VerifyWithTarget("""
        using System.Collections.Specialized;
        using MemoryCache = System.Runtime.Caching.MemoryCache;

        public static class LegacyCache
        {
            public static readonly MemoryCache Instance = new("legacy", new NameValueCollection { { "cacheMemoryLimitMegabytes", "100" } });
        }
        """,
        "build_property.TargetFrameworkIdentifier = .NETFramework\nbuild_property.TargetFramework = net472");

    [Fact]
    public Task NetStandard_library_may_run_on_NET_Framework() => VerifyWithTarget("""
        using System.Collections.Specialized;
        using MemoryCache = System.Runtime.Caching.MemoryCache;

        public static class SharedCache
        {
            public static readonly MemoryCache Instance = new("shared", new NameValueCollection { { "cacheMemoryLimitMegabytes", "100" } });
        }
        """,
        "build_property.TargetFramework = netstandard2.0");

    [Fact]
    public Task Only_keys_that_NET_Core_honours() => VerifyCS.VerifyAsync("""
        using System.Collections.Specialized;
        using MemoryCache = System.Runtime.Caching.MemoryCache;

        public static class PressureAwareCache
        {
            // The physical-memory monitor works on .NET Core: it trims on system-wide memory pressure.
            public static readonly MemoryCache Instance = new("pressure", new NameValueCollection
            {
                { "physicalMemoryLimitPercentage", "80" },
                { "pollingInterval", "00:00:15" },
            });
        }
        """);

    [Fact]
    public Task Size_limit_passed_to_Microsoft_Extensions_Caching_Memory_instead() => VerifyCS.VerifyAsync("""
        using System.Collections.Specialized;
        using RuntimeCache = System.Runtime.Caching.MemoryCache;

        public sealed class Caches
        {
            public Microsoft.Extensions.Caching.Memory.MemoryCache Bounded { get; } =
                new(new MemoryCacheOptions { SizeLimit = 100 * 1024 * 1024 });

            public RuntimeCache Legacy { get; } = new("legacy", new NameValueCollection { { "pollingInterval", "00:02:00" } });
        }
        """);

    [Fact]
    public Task Zero_means_the_default_and_claims_no_limit() => VerifyCS.VerifyAsync("""
        using System.Collections.Specialized;
        using MemoryCache = System.Runtime.Caching.MemoryCache;

        public static class DefaultCache
        {
            public static readonly MemoryCache Instance = new("default", new NameValueCollection { { "cacheMemoryLimitMegabytes", "0" } });
        }
        """);

    [Fact]
    public Task Key_added_after_the_constructor_is_never_read() => VerifyCS.VerifyAsync("""
        using System.Collections.Specialized;
        using MemoryCache = System.Runtime.Caching.MemoryCache;

        public static class Diagnostics
        {
            public static NameValueCollection Describe()
            {
                var settings = new NameValueCollection();
                using var cache = new MemoryCache("probe", settings);
                settings.Add("cacheMemoryLimitMegabytes", cache.CacheMemoryLimit.ToString());
                return settings;
            }
        }
        """);

    [Fact]
    public Task Untraced_parameter_and_a_read_of_CacheMemoryLimit() => VerifyCS.VerifyAsync("""
        using System.Collections.Specialized;
        using MemoryCache = System.Runtime.Caching.MemoryCache;

        public sealed class CacheHost(NameValueCollection settings)
        {
            private readonly MemoryCache cache = new("host", settings);

            // Comparing with the configured value works on every runtime: only enforcement by the cache is missing.
            public bool Fits(long bytes) => bytes <= cache.CacheMemoryLimit;
        }
        """);

    [Fact]
    public Task Named_cache_without_config() => VerifyCS.VerifyAsync("""
        using MemoryCache = System.Runtime.Caching.MemoryCache;

        public static class Plain
        {
            public static readonly MemoryCache Instance = new("plain");
            public static object? Get(string key) => MemoryCache.Default.Get(key);
        }
        """);

    [Fact]
    public Task No_caching_library_referenced() => VerifyCS.VerifyWithoutCachingLibrariesAsync("""
        using System.Collections.Specialized;

        public static class Settings
        {
            public static readonly NameValueCollection Values = new() { { "cacheMemoryLimitMegabytes", "100" } };
        }
        """);
}
