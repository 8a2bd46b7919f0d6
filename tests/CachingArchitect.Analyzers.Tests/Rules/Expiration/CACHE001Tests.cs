using System.Threading.Tasks;
using CachingArchitect.Analyzers.Rules.Expiration;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using CachingArchitect.CodeFixes.Rules.Expiration;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.InProcessEntryWithoutExpirationAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.InProcessEntryWithoutExpirationAnalyzer,
    CachingArchitect.CodeFixes.Rules.Expiration.InProcessEntryWithoutExpirationCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Expiration;

public class CACHE001Tests
{
    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Set_two_arguments() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id) => cache.[|Set|]($"user:{id}", "value");
        }
        """);

    [Fact]
    public Task Set_with_options_without_expiration() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id) =>
                cache.[|Set|]($"user:{id}", "value", new MemoryCacheEntryOptions { Priority = CacheItemPriority.High });
        }
        """);

    [Fact]
    public Task Set_with_options_local_without_expiration() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                var options = new MemoryCacheEntryOptions();
                options.Priority = CacheItemPriority.Low;
                cache.[|Set|]($"user:{id}", "value", options);
            }
        }
        """);

    [Fact]
    public Task Set_with_fluent_options_without_expiration() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id) =>
                cache.[|Set|]($"user:{id}", "value", new MemoryCacheEntryOptions().SetPriority(CacheItemPriority.Low));
        }
        """);

    [Fact]
    public Task GetOrCreate_factory_without_expiration() => VerifyCS.VerifyAsync("""
        class C
        {
            int M(IMemoryCache cache, int id) => cache.[|GetOrCreate|]($"user:{id}", entry => 42);
        }
        """);

    [Fact]
    public Task GetOrCreateAsync_factory_without_expiration() => VerifyCS.VerifyAsync("""
        class C
        {
            Task<int> M(IMemoryCache cache, int id) => cache.[|GetOrCreateAsync|]($"user:{id}", async entry =>
            {
                await Task.Delay(1);
                return 42;
            });
        }
        """);

    [Fact]
    public Task CreateEntry_without_expiration() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                using var entry = cache.[|CreateEntry|]($"user:{id}");
                entry.Value = 42;
            }
        }
        """);

    [Fact]
    public Task NeverRemove_priority_escalates_message() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id) =>
                cache.{|#0:Set|}($"user:{id}", "value", new MemoryCacheEntryOptions { Priority = CacheItemPriority.NeverRemove });
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("'Set'", "; Priority = NeverRemove also pins it against compaction, so it is never removed"));

    [Fact]
    public Task RuntimeCaching_infinite_absolute_expiration() => VerifyCS.VerifyAsync("""
        using System.Runtime.Caching;
        class C
        {
            void M(ObjectCache cache, int id) =>
                cache.[|Set|]($"user:{id}", "value", ObjectCache.InfiniteAbsoluteExpiration);
        }
        """);

    [Fact]
    public Task RuntimeCaching_default_policy() => VerifyCS.VerifyAsync("""
        using System.Runtime.Caching;
        class C
        {
            void M(ObjectCache cache, int id) =>
                cache.[|Add|]($"user:{id}", "value", new CacheItemPolicy());
        }
        """);

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Set_with_ttl_overloads() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                cache.Set($"a:{id}", "value", TimeSpan.FromMinutes(5));
                cache.Set($"b:{id}", "value", DateTimeOffset.UtcNow.AddMinutes(5));
                cache.Set($"c:{id}", "value", new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                cache.Set($"d:{id}", "value", new MemoryCacheEntryOptions().SetSlidingExpiration(TimeSpan.FromMinutes(1)));
                var options = new MemoryCacheEntryOptions();
                options.AbsoluteExpiration = DateTimeOffset.UtcNow.AddHours(1);
                cache.Set($"e:{id}", "value", options);
            }
        }
        """);

    [Fact]
    public Task Change_token_driven_entries() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.Primitives;
        class C
        {
            void M(IMemoryCache cache, IChangeToken token, int id)
            {
                cache.Set($"a:{id}", "value", token);
                cache.Set($"b:{id}", "value", new MemoryCacheEntryOptions().AddExpirationToken(token));
                cache.GetOrCreate($"c:{id}", entry => { entry.AddExpirationToken(token); return 1; });
            }
        }
        """);

    [Fact]
    public Task Size_limited_instance_with_sized_entries() => VerifyCS.VerifyAsync("""
        class C
        {
            private readonly MemoryCache _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = 1024 });

            void M(int id) => _cache.Set($"a:{id}", "value", new MemoryCacheEntryOptions { Size = 1 });
        }
        """);

    [Fact]
    public Task Sized_entry_on_an_injected_cache_is_not_reported() => VerifyCS.VerifyAsync("""
        class C
        {
            // Size on an entry only makes sense on a size-limited cache (CACHE071 checks the other direction).
            void M(IMemoryCache cache, int id) => cache.Set($"a:{id}", "value", new MemoryCacheEntryOptions { Size = 1 });
        }
        """);

    [Fact]
    public Task Sized_entry_on_a_cache_proven_unlimited_is_reported() => VerifyCS.VerifyAsync("""
        class C
        {
            private readonly MemoryCache _cache = new MemoryCache(new MemoryCacheOptions());

            void M(int id) => _cache.[|Set|]($"a:{id}", "value", new MemoryCacheEntryOptions { Size = 1 });
        }
        """);

    [Fact]
    public Task Constant_key_written_from_startup_code() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.Hosting;
        class Warmup : IHostedService
        {
            private readonly IMemoryCache _cache;
            public Warmup(IMemoryCache cache) => _cache = cache;
            public Task StartAsync(CancellationToken ct) { _cache.Set("countries", new[] { "NL", "BE" }); return Task.CompletedTask; }
            public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Constant_key_refreshed_by_a_background_service() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.Hosting;
        class RatesRefresher : BackgroundService
        {
            private readonly IMemoryCache _cache;
            public RatesRefresher(IMemoryCache cache) => _cache = cache;
            protected override async Task ExecuteAsync(CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    _cache.Set("fx:rates", new[] { 1m, 2m });
                    await Task.Delay(TimeSpan.FromMinutes(5), ct);
                }
            }
        }
        """);

    [Fact]
    public Task Variable_key_or_lambda_in_a_background_service_is_reported() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.Hosting;
        class Worker : BackgroundService
        {
            private readonly IMemoryCache _cache;
            public Worker(IMemoryCache cache) => _cache = cache;
            protected override Task ExecuteAsync(CancellationToken ct)
            {
                for (var i = 0; i < 10; i++)
                {
                    _cache.[|Set|]($"jobs:{i}", i);
                }

                Action later = () => _cache.[|Set|]("fx:rates", 1);
                later();
                return Task.CompletedTask;
            }
        }
        """);

    [Fact]
    public Task Factory_that_configures_entry() => VerifyCS.VerifyAsync("""
        class C
        {
            int M(IMemoryCache cache, int id)
            {
                var a = cache.GetOrCreate($"a:{id}", entry => { entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1); return 1; });
                var b = cache.GetOrCreate($"b:{id}", entry => { entry.SetSlidingExpiration(TimeSpan.FromMinutes(1)).SetAbsoluteExpiration(TimeSpan.FromHours(1)); return 2; });
                var c = cache.GetOrCreate($"c:{id}", entry => { entry.SetOptions(new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) }); return 3; });
                return a + b + c;
            }
        }
        """);

    [Fact]
    public Task Factory_that_hands_entry_to_a_helper_is_unknown() => VerifyCS.VerifyAsync("""
        class C
        {
            static void Configure(ICacheEntry entry) => entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            int M(IMemoryCache cache, int id) => cache.GetOrCreate($"a:{id}", entry => { Configure(entry); return 1; });
        }
        """);

    [Fact]
    public Task Options_from_parameter_or_static_field_with_ttl() => VerifyCS.VerifyAsync("""
        class C
        {
            private static readonly MemoryCacheEntryOptions Options = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };
            void M(IMemoryCache cache, MemoryCacheEntryOptions options, int id)
            {
                cache.Set($"a:{id}", "value", options);
                cache.Set($"b:{id}", "value", Options);
            }
        }
        """);

    [Fact]
    public Task CreateEntry_with_expiration() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                using var entry = cache.CreateEntry($"user:{id}");
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                entry.Value = 42;
            }
        }
        """);

    [Fact]
    public Task RuntimeCaching_with_policy_expiration() => VerifyCS.VerifyAsync("""
        using System.Runtime.Caching;
        class C
        {
            void M(ObjectCache cache, int id)
            {
                cache.Set($"a:{id}", "value", DateTimeOffset.UtcNow.AddMinutes(5));
                cache.Add($"b:{id}", "value", new CacheItemPolicy { SlidingExpiration = TimeSpan.FromMinutes(5) });
            }
        }
        """);

    [Fact]
    public Task Test_projects_are_excluded_when_opted_in() => VerifyCS.VerifyWithReferencesAsync("""
        class FixtureTests
        {
            [Xunit.Fact]
            public void Caches_fixture(IMemoryCache cache) => cache.Set("fixture:1", 1);
        }
        """, "caching_architect.exclude_test_projects = true", new[] { TestReferences.XunitCore });

    [Fact]
    public Task Test_projects_are_analyzed_by_default() => VerifyCS.VerifyWithReferencesAsync("""
        class FixtureTests
        {
            [Xunit.Fact]
            public void Caches_fixture(IMemoryCache cache) => cache.[|Set|]("fixture:1", 1);
        }
        """, null, new[] { TestReferences.XunitCore });

    [Fact]
    public Task No_caching_library_referenced() => VerifyCS.VerifyWithoutCachingLibrariesAsync("""
        using System.Collections.Generic;
        class C { void M(Dictionary<string, int> d) => d["a"] = 1; }
        """);

    // ------------------------------------------------------------------ fixes

    [Fact]
    public Task Fix_adds_ttl_argument() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IMemoryCache cache, int id) => cache.[|Set|]($"user:{id}", "value");
        }
        """, """
        class C
        {
            void M(IMemoryCache cache, int id) => cache.Set($"user:{id}", "value", TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task Fix_uses_configured_default_ttl() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IMemoryCache cache, int id) => cache.[|Set|]($"user:{id}", "value");
        }
        """, """
        class C
        {
            void M(IMemoryCache cache, int id) => cache.Set($"user:{id}", "value", TimeSpan.FromSeconds(90));
        }
        """, "caching_architect.default_ttl = 90s", RedisVersion.V3);

    [Fact]
    public Task Fix_adds_relative_expiration_to_options() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                var options = new MemoryCacheEntryOptions();
                cache.[|Set|]($"user:{id}", "value", options);
                cache.[|Set|]($"other:{id}", "value", new MemoryCacheEntryOptions { Priority = CacheItemPriority.Low });
            }
        }
        """, """
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };
                cache.Set($"user:{id}", "value", options);
                cache.Set($"other:{id}", "value", new MemoryCacheEntryOptions { Priority = CacheItemPriority.Low, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
            }
        }
        """);

    [Fact]
    public Task Fix_configures_factory_entry() => VerifyFix.VerifyFixAsync("""
        class C
        {
            int M(IMemoryCache cache, int id) => cache.[|GetOrCreate|]($"user:{id}", entry => 42);

            Task<int> N(IMemoryCache cache, int id) => cache.[|GetOrCreateAsync|]($"user:{id}", async e =>
            {
                await Task.Delay(1);
                return 42;
            })!;
        }
        """, """
        class C
        {
            int M(IMemoryCache cache, int id) => cache.GetOrCreate($"user:{id}", entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                return 42;
            });

            Task<int> N(IMemoryCache cache, int id) => cache.GetOrCreateAsync($"user:{id}", async e =>
            {
                e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                await Task.Delay(1);
                return 42;
            })!;
        }
        """);

    [Fact]
    public Task Fix_configures_created_entry() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                using var entry = cache.[|CreateEntry|]($"user:{id}");
                entry.Value = 42;
            }
        }
        """, """
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                using var entry = cache.CreateEntry($"user:{id}");
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                entry.Value = 42;
            }
        }
        """);

    [Fact]
    public Task Fix_replaces_infinite_expiration() => VerifyFix.VerifyFixAsync("""
        using System.Runtime.Caching;
        class C
        {
            void M(ObjectCache cache, int id) => cache.[|Set|]($"user:{id}", "value", ObjectCache.InfiniteAbsoluteExpiration);
        }
        """, """
        using System.Runtime.Caching;
        class C
        {
            void M(ObjectCache cache, int id) => cache.Set($"user:{id}", "value", DateTimeOffset.UtcNow.Add(TimeSpan.FromMinutes(5)));
        }
        """);
}
