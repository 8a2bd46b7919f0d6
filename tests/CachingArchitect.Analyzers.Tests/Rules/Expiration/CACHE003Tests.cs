using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.DistributedWriteWithoutExpirationAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.DistributedWriteWithoutExpirationAnalyzer,
    CachingArchitect.CodeFixes.Rules.Expiration.DistributedWriteWithoutExpirationCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Expiration;

public class CACHE003Tests
{
    private const string DefaultSuffix = "; Redis and Memcached providers store it with no TTL, so it lives until evicted";

    /// <summary>The SqlServer provider's public surface the rule binds to (the package is not referenced by the tests).</summary>
    private const string SqlServerStub = """
        namespace Microsoft.Extensions.Caching.SqlServer
        {
            public class SqlServerCacheOptions { public string? ConnectionString { get; set; } }
        }

        namespace Microsoft.Extensions.DependencyInjection
        {
            public static class SqlServerCachingServicesExtensions
            {
                public static IServiceCollection AddDistributedSqlServerCache(this IServiceCollection services, System.Action<Microsoft.Extensions.Caching.SqlServer.SqlServerCacheOptions> setup) => services;
            }
        }
        """;

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Option_less_extension_overloads() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDistributedCache cache, int id, byte[] bytes, CancellationToken ct)
            {
                cache.[|SetString|]($"a:{id}", "value");
                await cache.[|SetStringAsync|]($"b:{id}", "value");
                await cache.[|SetStringAsync|]($"c:{id}", "value", ct);
                cache.[|Set|]($"d:{id}", bytes);
                await cache.[|SetAsync|]($"e:{id}", bytes, ct);
            }
        }
        """);

    [Fact]
    public Task Message_names_the_method() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDistributedCache cache, int id) => cache.{|#0:SetString|}($"a:{id}", "value");
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("'SetString'", DefaultSuffix));

    [Fact]
    public Task Options_without_expiration() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDistributedCache cache, int id, byte[] bytes)
            {
                cache.[|Set|]($"a:{id}", bytes, new DistributedCacheEntryOptions());
                var options = new DistributedCacheEntryOptions();
                await cache.[|SetStringAsync|]($"b:{id}", "value", options);
            }
        }
        """);

    [Fact]
    public Task Null_options_get_their_own_message() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDistributedCache cache, int id, byte[] bytes) => cache.{|#0:Set|}($"a:{id}", bytes, null!);
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
            "'Set'", ": the options are null, which RedisCache, SqlServerCache and MemoryDistributedCache reject with ArgumentNullException"));

    [Fact]
    public Task Generic_helper_wrapper_is_reported_once_at_the_wrapper() => VerifyCS.VerifyAsync("""
        using System.Text.Json;
        class CacheHelper
        {
            private static readonly DistributedCacheEntryOptions Options = new();
            private readonly IDistributedCache _cache;
            public CacheHelper(IDistributedCache cache) => _cache = cache;

            public Task SetAsync<T>(string key, T value) =>
                _cache.[|SetStringAsync|](key, JsonSerializer.Serialize(value), Options);
        }

        class Caller
        {
            Task M(CacheHelper helper, int id) => helper.SetAsync($"user:{id}", id);
        }
        """);

    [Fact]
    public Task Enyim_client_as_IDistributedCache_is_reported_but_its_own_api_is_not() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(MemcachedClient client, int id)
            {
                client.[|SetString|]($"a:{id}", "value");
                client.Set($"b:{id}", "value", 0); // Memcached API: CACHE005
            }
        }
        """);

    [Fact]
    public Task SqlServer_only_registration_is_info() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;
        class Startup
        {
            void Configure(IServiceCollection services) => services.AddDistributedSqlServerCache(o => o.ConnectionString = "db");
            void M(IDistributedCache cache, int id) => cache.{|#0:SetString|}($"a:{id}", "value");
        }
        """ + SqlServerStub,
        VerifyCS.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments(
            "'SetString'", "; SqlServerCache then applies its DefaultSlidingExpiration (20 minutes, sliding only), so a key read at least every 20 minutes never expires"));

    [Fact]
    public Task SqlServer_and_another_provider_stays_warning() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;
        class Startup
        {
            void Configure(IServiceCollection services, bool dev)
            {
                if (dev) services.AddDistributedMemoryCache();
                else services.AddDistributedSqlServerCache(o => o.ConnectionString = "db");
            }

            void M(IDistributedCache cache, int id) => cache.[|SetString|]($"a:{id}", "value");
        }
        """ + SqlServerStub);

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Writes_with_absolute_or_relative_expiration() => VerifyCS.VerifyAsync("""
        class C
        {
            private static readonly DistributedCacheEntryOptions Shared = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };
            async Task M(IDistributedCache cache, int id, byte[] bytes)
            {
                cache.Set($"a:{id}", bytes, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                cache.Set($"b:{id}", bytes, new DistributedCacheEntryOptions().SetAbsoluteExpiration(DateTimeOffset.UtcNow.AddHours(1)));
                var options = new DistributedCacheEntryOptions();
                options.AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(1);
                await cache.SetStringAsync($"c:{id}", "value", options);
                await cache.SetStringAsync($"d:{id}", "value", Shared);
            }
        }
        """);

    [Fact]
    public Task Sliding_only_is_left_to_CACHE002() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDistributedCache cache, int id) =>
                cache.SetString($"a:{id}", "value", new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5) });
        }
        """);

    [Fact]
    public Task Options_from_a_parameter_or_helper_are_unknown() => VerifyCS.VerifyAsync("""
        class C
        {
            static DistributedCacheEntryOptions Build() => new();
            void M(IDistributedCache cache, int id, DistributedCacheEntryOptions options, DistributedCacheEntryOptions? maybe)
            {
                cache.SetString($"a:{id}", "value", options);
                cache.SetString($"b:{id}", "value", Build());
                cache.SetString($"c:{id}", "value", maybe ?? new DistributedCacheEntryOptions());
            }
        }
        """);

    [Fact]
    public Task Field_options_configured_in_the_constructor_are_unknown() => VerifyCS.VerifyAsync("""
        class C
        {
            private readonly DistributedCacheEntryOptions _options = new();
            private static readonly DistributedCacheEntryOptions Shared = new();
            private readonly IDistributedCache _cache;

            static C() => Shared.SetAbsoluteExpiration(TimeSpan.FromMinutes(5));

            public C(IDistributedCache cache, TimeSpan ttl)
            {
                _cache = cache;
                this._options.AbsoluteExpirationRelativeToNow = ttl;
            }

            Task M(int id) => _cache.SetStringAsync($"a:{id}", "value", _options);
            Task N(int id) => _cache.SetStringAsync($"b:{id}", "value", Shared);
        }
        """);

    [Fact]
    public Task Reads_and_removes_are_not_writes() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDistributedCache cache, int id)
            {
                _ = await cache.GetStringAsync($"a:{id}");
                await cache.RefreshAsync($"a:{id}");
                await cache.RemoveAsync($"a:{id}");
            }
        }
        """);

    [Fact]
    public Task No_caching_library_referenced() => VerifyCS.VerifyWithoutCachingLibrariesAsync("""
        class C { void M(System.Collections.Generic.Dictionary<string, string> d) => d["a"] = "b"; }
        """);

    // ------------------------------------------------------------------ fixes

    [Fact]
    public Task Fix_passes_options_to_option_less_overloads() => VerifyFix.VerifyFixAsync("""
        class C
        {
            async Task M(IDistributedCache cache, int id, byte[] bytes, CancellationToken ct)
            {
                cache.[|SetString|]($"a:{id}", "value");
                await cache.[|SetStringAsync|]($"b:{id}", "value", ct);
                await cache.[|SetAsync|]($"c:{id}", bytes, token: ct);
            }
        }
        """, """
        class C
        {
            async Task M(IDistributedCache cache, int id, byte[] bytes, CancellationToken ct)
            {
                cache.SetString($"a:{id}", "value", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                await cache.SetStringAsync($"b:{id}", "value", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) }, ct);
                await cache.SetAsync($"c:{id}", bytes, token: ct, options: new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
            }
        }
        """);

    [Fact]
    public Task Fix_adds_expiration_to_traced_options_and_replaces_null() => VerifyFix.VerifyFixAsync("""
        class C
        {
            async Task M(IDistributedCache cache, int id, byte[] bytes)
            {
                var options = new DistributedCacheEntryOptions();
                await cache.[|SetStringAsync|]($"a:{id}", "value", options);
                cache.[|Set|]($"b:{id}", bytes, null!);
            }
        }
        """, """
        class C
        {
            async Task M(IDistributedCache cache, int id, byte[] bytes)
            {
                var options = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(2) };
                await cache.SetStringAsync($"a:{id}", "value", options);
                cache.Set($"b:{id}", bytes, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(2) });
            }
        }
        """, "caching_architect.default_ttl = 2h", RedisVersion.V3);

    [Fact]
    public Task Fix_all_edits_a_shared_options_field_once() => VerifyFix.VerifyFixAsync("""
        class C
        {
            private static readonly DistributedCacheEntryOptions Options = new();

            async Task M(IDistributedCache cache, int id)
            {
                await cache.[|SetStringAsync|]($"a:{id}", "value", Options);
                await cache.[|SetStringAsync|]($"b:{id}", "value", Options);
            }
        }
        """, """
        class C
        {
            private static readonly DistributedCacheEntryOptions Options = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };

            async Task M(IDistributedCache cache, int id)
            {
                await cache.SetStringAsync($"a:{id}", "value", Options);
                await cache.SetStringAsync($"b:{id}", "value", Options);
            }
        }
        """);

    [Fact]
    public Task Fix_static_extension_call_form() => VerifyFix.VerifyFixAsync("""
        namespace N
        {
            using D = Microsoft.Extensions.Caching.Distributed.DistributedCacheExtensions;
            class C
            {
                void M(Microsoft.Extensions.Caching.Distributed.IDistributedCache cache, int id) => D.[|SetString|](cache, $"a:{id}", "value");
            }
        }
        """, """
        namespace N
        {
            using D = Microsoft.Extensions.Caching.Distributed.DistributedCacheExtensions;
            class C
            {
                void M(Microsoft.Extensions.Caching.Distributed.IDistributedCache cache, int id) => D.SetString(cache, $"a:{id}", "value", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
            }
        }
        """);

    [Fact]
    public async Task Second_action_uses_a_shared_static_readonly_options_field()
    {
        var test = new SharedOptionsFixTest { CodeActionEquivalenceKey = CachingArchitect.CodeFixes.Rules.Expiration.DistributedWriteWithoutExpirationCodeFix.UseSharedOptionsEquivalenceKey, CodeActionIndex = 1 };
        test.TestState.Sources.Add("""
            class C
            {
                private static readonly DistributedCacheEntryOptions Ttl10 = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) };

                async Task M(IDistributedCache cache, int id, byte[] bytes)
                {
                    await cache.[|SetStringAsync|]($"a:{id}", "value");
                    cache.[|Set|]($"b:{id}", bytes, null!);
                }
            }
            """);
        test.TestState.Sources.Add((TestSources.GlobalUsingsFileName, TestSources.GlobalUsings));
        test.FixedState.Sources.Add("""
            class C
            {
                private static readonly DistributedCacheEntryOptions Ttl10 = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) };

                async Task M(IDistributedCache cache, int id, byte[] bytes)
                {
                    await cache.SetStringAsync($"a:{id}", "value", Ttl10);
                    cache.Set($"b:{id}", bytes, Ttl10);
                }
            }
            """);
        test.FixedState.Sources.Add((TestSources.GlobalUsingsFileName, TestSources.GlobalUsings));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    private sealed class SharedOptionsFixTest : Microsoft.CodeAnalysis.CSharp.Testing.CSharpCodeFixTest<
        CachingArchitect.Analyzers.Rules.Expiration.DistributedWriteWithoutExpirationAnalyzer,
        CachingArchitect.CodeFixes.Rules.Expiration.DistributedWriteWithoutExpirationCodeFix,
        DefaultVerifier>
    {
        public SharedOptionsFixTest()
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            var references = TestReferences.All();
            TestState.AdditionalReferences.AddRange(references);
            FixedState.AdditionalReferences.AddRange(references);
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            ((Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

        protected override ParseOptions CreateParseOptions() =>
            ((Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Preview);
    }
}
