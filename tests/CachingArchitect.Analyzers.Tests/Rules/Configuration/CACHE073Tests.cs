using System.Threading;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Rules.Configuration;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Configuration.CacheStatisticsNotTrackedAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Configuration.CacheStatisticsNotTrackedAnalyzer,
    CachingArchitect.CodeFixes.Rules.Configuration.CacheStatisticsNotTrackedCodeFix>;
using VerifyShared = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Configuration.CacheTelemetryAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Configuration;

public class CACHE073Tests
{
    private const string SharedWhy = "no AddMemoryCache or Configure<MemoryCacheOptions> in this project sets TrackStatistics = true";

    private static string Local(string how) =>
        $"'GetCurrentStatistics' always returns null here: this MemoryCache is created {how}; set TrackStatistics = true on its MemoryCacheOptions";

    private static DiagnosticResult At(int location, string how = "without TrackStatistics = true") =>
        VerifyCS.Diagnostic().WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(Local(how));

    private static DiagnosticResult Shared(int location) =>
        VerifyShared.Diagnostic().WithLocation(location).WithArguments(
            $"'GetCurrentStatistics' on the shared IMemoryCache always returns null: {SharedWhy}; set TrackStatistics = true in AddMemoryCache(o => …) or Configure<MemoryCacheOptions>");

    private static DiagnosticResult NoTelemetry(int location, string names) =>
        VerifyShared.Diagnostic().WithLocation(location).WithSeverity(DiagnosticSeverity.Info).WithArguments(
            $"Caches are registered ({names}) but the application has no cache telemetry: no TrackStatistics, Redis profiling, ConnectionFailed/ConnectionRestored handlers or OpenTelemetry cache instrumentation; hit ratios and outages stay invisible");

    // ------------------------------------------------------------------ (a) dedicated instances (live)

    [Fact]
    public Task Statistics_of_caches_created_without_TrackStatistics() => VerifyCS.VerifyAsync("""
        public sealed class CacheMetrics
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 1024 });
            private static readonly MemoryCacheOptions Options = new() { TrackStatistics = false };
            private readonly MemoryCache _explicit = new(Options);

            public long Hits => _cache.{|#0:GetCurrentStatistics|}()?.TotalHits ?? 0;

            public long Misses => _explicit.{|#1:GetCurrentStatistics|}()?.TotalMisses ?? 0;

            public long Entries()
            {
                var options = new MemoryCacheOptions();
                options.CompactionPercentage = 0.1;
                using var cache = new MemoryCache(options);
                IMemoryCache asInterface = cache;
                return cache.{|#2:GetCurrentStatistics|}()?.CurrentEntryCount ?? 0;
            }
        }
        """,
        At(0), At(1, "with TrackStatistics = false"), At(2));

    [Fact]
    public Task Tracked_statistics_are_fine() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.Options;

        public sealed class CacheMetrics
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { TrackStatistics = true, SizeLimit = 1024 });
            private readonly MemoryCache _wrapped = new(Options.Create(new MemoryCacheOptions { TrackStatistics = true }));

            public long Hits => (_cache.GetCurrentStatistics()?.TotalHits ?? 0) + (_wrapped.GetCurrentStatistics()?.TotalHits ?? 0);

            public long Entries()
            {
                var options = new MemoryCacheOptions();
                options.TrackStatistics = true;
                var cache = new MemoryCache(options);
                return cache.GetCurrentStatistics()?.CurrentEntryCount ?? 0;
            }
        }
        """);

    [Fact]
    public Task Looks_wrong_but_is_fine_options_from_elsewhere_or_computed() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.Options;

        public sealed class CacheMetrics(IOptions<MemoryCacheOptions> configured, bool track)
        {
            // Options come from configuration: TrackStatistics may well be set there.
            private readonly MemoryCache _fromOptions = new(configured);

            // Computed flag: not provably false.
            private readonly MemoryCache _flagged = new(new MemoryCacheOptions { TrackStatistics = track });

            public long Hits => (_fromOptions.GetCurrentStatistics()?.TotalHits ?? 0) + (_flagged.GetCurrentStatistics()?.TotalHits ?? 0);
        }
        """);

    [Fact]
    public Task Looks_wrong_but_is_fine_cache_passed_in_or_created_by_a_factory() => VerifyCS.VerifyAsync("""
        public static class CacheFactory
        {
            public static MemoryCache Create() => new(new MemoryCacheOptions { TrackStatistics = true });
        }

        public sealed class CacheMetrics(MemoryCache injected)
        {
            private readonly MemoryCache _created = CacheFactory.Create();

            public long Hits(MemoryCache parameter) =>
                (injected.GetCurrentStatistics()?.TotalHits ?? 0) +
                (_created.GetCurrentStatistics()?.TotalHits ?? 0) +
                (parameter.GetCurrentStatistics()?.TotalHits ?? 0);
        }
        """);

    [Fact]
    public Task Looks_wrong_but_is_fine_mutable_field_reassigned_with_tracking() => VerifyCS.VerifyAsync("""
        public sealed class CacheMetrics
        {
            private MemoryCache _cache = new(new MemoryCacheOptions());

            public void Reset() => _cache = new MemoryCache(new MemoryCacheOptions { TrackStatistics = true });

            public long Hits => _cache.GetCurrentStatistics()?.TotalHits ?? 0;
        }
        """);

    [Fact]
    public Task Fix_adds_TrackStatistics_with_Fix_All() => VerifyFix.VerifyFixAsync("""
        public sealed class CacheMetrics
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 1024 });
            private readonly MemoryCache _plain = new(new MemoryCacheOptions());
            private readonly MemoryCache _off = new(new MemoryCacheOptions { TrackStatistics = false });

            public long Hits =>
                (_cache.{|#0:GetCurrentStatistics|}()?.TotalHits ?? 0) +
                (_plain.{|#1:GetCurrentStatistics|}()?.TotalHits ?? 0) +
                (_off.{|#2:GetCurrentStatistics|}()?.TotalHits ?? 0);
        }
        """, """
        public sealed class CacheMetrics
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 1024, TrackStatistics = true });
            private readonly MemoryCache _plain = new(new MemoryCacheOptions { TrackStatistics = true });
            private readonly MemoryCache _off = new(new MemoryCacheOptions { TrackStatistics = true });

            public long Hits =>
                (_cache.GetCurrentStatistics()?.TotalHits ?? 0) +
                (_plain.GetCurrentStatistics()?.TotalHits ?? 0) +
                (_off.GetCurrentStatistics()?.TotalHits ?? 0);
        }
        """,
        At(0), At(1), At(2, "with TrackStatistics = false"));

    // ------------------------------------------------------------------ (a) shared DI cache (compilation end)

    [Fact]
    public Task Statistics_of_the_shared_cache_without_tracking() => VerifyShared.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        public static class Setup
        {
            public static void Register(IServiceCollection services) => services.AddMemoryCache(o => o.ExpirationScanFrequency = TimeSpan.FromMinutes(1));
        }

        public sealed class CacheHealth(IMemoryCache cache)
        {
            public long Hits => cache.{|#0:GetCurrentStatistics|}()?.TotalHits ?? 0;

            public long Entries => ((MemoryCache)cache).{|#1:GetCurrentStatistics|}()?.CurrentEntryCount ?? 0;
        }
        """,
        Shared(0), Shared(1));

    [Fact]
    public Task Shared_cache_tracking_statistics_anywhere_is_fine() => VerifyShared.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        public static class Setup
        {
            public static void Register(IServiceCollection services)
            {
                services.AddMemoryCache();
                services.Configure<MemoryCacheOptions>(o => o.TrackStatistics = true);
            }
        }

        public sealed class CacheHealth(IMemoryCache cache)
        {
            public long Hits => cache.GetCurrentStatistics()?.TotalHits ?? 0;
        }
        """);

    [Fact]
    public Task Looks_wrong_but_is_fine_shared_cache_registered_elsewhere_or_bound_to_configuration() => VerifyShared.VerifyAsync("""
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;

        // A class library: the host registers the IMemoryCache.
        public sealed class CacheHealth(IMemoryCache cache)
        {
            public long Hits => cache.GetCurrentStatistics()?.TotalHits ?? 0;
        }
        """);

    [Fact]
    public Task Looks_wrong_but_is_fine_shared_cache_options_bound_to_configuration() => VerifyShared.VerifyAsync("""
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;

        public static class Setup
        {
            public static void Register(IServiceCollection services, IConfiguration configuration) =>
                services.AddMemoryCache(o => configuration.GetSection("MemoryCache").Bind(o));
        }

        public sealed class CacheHealth(IMemoryCache cache)
        {
            public long Hits => cache.GetCurrentStatistics()?.TotalHits ?? 0;
        }
        """);

    // ------------------------------------------------------------------ (b) no telemetry (compilation end, Info, applications only)

    [Fact]
    public Task Application_registering_caches_without_any_hook() => VerifyApplicationAsync("""
        using Microsoft.Extensions.DependencyInjection;

        var services = new ServiceCollection();
        services.{|#0:AddMemoryCache|}();
        services.AddStackExchangeRedisCache(o => o.Configuration = "localhost");
        services.AddHybridCache();
        """,
        NoTelemetry(0, "'AddMemoryCache', 'AddStackExchangeRedisCache', 'AddHybridCache'"));

    [Fact]
    public Task Application_connecting_to_Redis_without_any_hook() => VerifyApplicationAsync("""
        var mux = ConnectionMultiplexer.{|#0:Connect|}("localhost");
        Console.WriteLine(mux.GetDatabase().StringGet("shop:greeting"));
        """,
        NoTelemetry(0, "'Connect'"));

    [Theory]
    [InlineData("services.AddMemoryCache(o => o.TrackStatistics = true);")]
    [InlineData("services.AddStackExchangeRedisCache(o => o.ProfilingSession = () => new StackExchange.Redis.Profiling.ProfilingSession());")]
    [InlineData("services.AddMemoryCache(); var mux = ConnectionMultiplexer.Connect(\"localhost\"); mux.ConnectionFailed += (_, e) => Console.WriteLine(e.FailureType);")]
    [InlineData("services.AddMemoryCache(); var mux = ConnectionMultiplexer.Connect(\"localhost\"); mux.ConnectionRestored += (_, e) => Console.WriteLine(e.EndPoint);")]
    [InlineData("services.AddHybridCache(o => o.ReportTagMetrics = true);")]
    [InlineData("services.AddMemoryCache(); services.AddRedisInstrumentation();")]
    public Task Any_hook_present_is_fine(string registration) => VerifyApplicationAsync($$"""
        using Microsoft.Extensions.DependencyInjection;

        var services = new ServiceCollection();
        {{registration}}

        static class TelemetryStub
        {
            public static IServiceCollection AddRedisInstrumentation(this IServiceCollection services) => services;
        }
        """);

    [Fact]
    public Task Libraries_and_registrations_without_caches_are_not_reported() => VerifyShared.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        public static class ShopServices
        {
            public static IServiceCollection AddShop(this IServiceCollection services) => services.AddMemoryCache().AddStackExchangeRedisCache(o => o.Configuration = "localhost");
        }
        """);

    private static async Task VerifyApplicationAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new ApplicationTest();
        test.TestState.Sources.Add(source);
        test.TestState.Sources.Add((TestSources.GlobalUsingsFileName, TestSources.GlobalUsings));
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    private sealed class ApplicationTest : CSharpAnalyzerTest<CacheTelemetryAnalyzer, DefaultVerifier>
    {
        public ApplicationTest()
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(TestReferences.All());
            TestState.OutputKind = OutputKind.ConsoleApplication;
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Preview);
    }
}
