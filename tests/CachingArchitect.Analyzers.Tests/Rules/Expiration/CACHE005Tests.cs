using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.MemcachedItemWithoutExpirationAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.MemcachedItemWithoutExpirationAnalyzer,
    CachingArchitect.CodeFixes.Rules.Expiration.MemcachedItemWithoutExpirationCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Expiration;

public class CACHE005Tests
{
    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Store_without_expiry() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemcachedClient client, int id) => client.{|#0:Store|}(StoreMode.Set, $"user:{id}", "value");
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("'Store'", ": this overload passes no expiration (exptime 0)"));

    [Fact]
    public Task Zero_seconds() => VerifyCS.VerifyAsync("""
        class C
        {
            private const int NoExpiry = 0;
            async Task M(IMemcachedClient client, int id)
            {
                client.{|#0:Set|}($"a:{id}", "value", 0);
                await client.[|AddAsync|]($"b:{id}", "value", 0u);
                client.[|Replace|]($"c:{id}", "value", NoExpiry);
                var seconds = 0;
                await client.[|SetAsync|]($"d:{id}", "value", seconds);
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("'Set'", ": EnyimMemcachedCore maps '0' to exptime 0"));

    [Fact]
    public Task Zero_and_max_durations() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IMemcachedClient client, int id)
            {
                client.[|Set|]($"a:{id}", "value", TimeSpan.Zero);
                await client.[|ReplaceAsync|]($"b:{id}", "value", TimeSpan.MaxValue);
                client.[|Store|](StoreMode.Add, $"c:{id}", "value", DateTime.MaxValue);
                await client.[|StoreAsync|](StoreMode.Set, $"d:{id}", "value", TimeSpan.Zero);
            }
        }
        """);

    [Fact]
    public Task GetValueOrCreate_with_zero_seconds() => VerifyCS.VerifyAsync("""
        class C
        {
            Task<int> M(IMemcachedClient client, int id) => client.[|GetValueOrCreateAsync|]($"a:{id}", 0, () => Task.FromResult(42));
        }
        """);

    [Fact]
    public Task Calls_on_the_concrete_client_that_also_implements_IDistributedCache() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(MemcachedClient client, int id)
            {
                client.[|Set|]($"a:{id}", "value", 0);
                client.SetString($"b:{id}", "value"); // Enyim's IDistributedCache adapter: CACHE003
            }
        }
        """);

    [Fact]
    public Task Cas_without_expiry() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemcachedClient client, int id, ulong cas)
            {
                client.[|Cas|](StoreMode.Set, $"a:{id}", "value");
                client.[|Cas|](StoreMode.Set, $"b:{id}", "value", cas);
            }
        }
        """);

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Positive_ttls_including_more_than_30_days() => VerifyCS.VerifyAsync("""
        class C
        {
            private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
            async Task M(IMemcachedClient client, int id, int seconds, ulong cas)
            {
                client.Set($"a:{id}", "value", 300);
                client.Set($"b:{id}", "value", Ttl);
                await client.AddAsync($"c:{id}", "value", TimeSpan.FromDays(45));
                client.Store(StoreMode.Set, $"d:{id}", "value", DateTime.UtcNow.AddHours(1));
                client.Cas(StoreMode.Set, $"e:{id}", "value", TimeSpan.FromMinutes(1), cas);
                await client.SetAsync($"f:{id}", "value", seconds);
                _ = await client.GetValueOrCreateAsync($"g:{id}", 60, () => Task.FromResult(1));
            }
        }
        """);

    [Fact]
    public Task Distributed_cache_adapter_is_left_to_CACHE003() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDistributedCache cache, int id) => cache.SetString($"a:{id}", "value");
        }
        """);

    [Fact]
    public Task Counters_and_reads_are_not_reported() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemcachedClient client, int id)
            {
                client.Increment($"hits:{id}", 1, 1);
                _ = client.Get<string>($"a:{id}");
                client.Remove($"a:{id}");
            }
        }
        """);

    [Fact]
    public Task No_caching_library_referenced() => VerifyCS.VerifyWithoutCachingLibrariesAsync("""
        class C { void M(System.Collections.Generic.Dictionary<string, string> d) => d["a"] = "b"; }
        """);

    // ------------------------------------------------------------------ fixes

    [Fact]
    public Task Fix_replaces_never_expiring_values() => VerifyFix.VerifyFixAsync("""
        class C
        {
            async Task M(IMemcachedClient client, int id)
            {
                client.[|Set|]($"a:{id}", "value", 0);
                await client.[|AddAsync|]($"b:{id}", "value", 0u);
                client.[|Replace|]($"c:{id}", "value", TimeSpan.Zero);
                client.[|Store|](StoreMode.Add, $"d:{id}", "value", DateTime.MaxValue);
                _ = await client.[|GetValueOrCreateAsync|]($"e:{id}", 0, () => Task.FromResult(42));
            }
        }
        """, """
        class C
        {
            async Task M(IMemcachedClient client, int id)
            {
                client.Set($"a:{id}", "value", 300);
                await client.AddAsync($"b:{id}", "value", 300);
                client.Replace($"c:{id}", "value", TimeSpan.FromMinutes(5));
                client.Store(StoreMode.Add, $"d:{id}", "value", TimeSpan.FromMinutes(5));
                _ = await client.GetValueOrCreateAsync($"e:{id}", 300, () => Task.FromResult(42));
            }
        }
        """);

    [Fact]
    public Task Fix_uses_ttl_overloads_of_Store_and_Cas() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IMemcachedClient client, int id, ulong cas)
            {
                client.[|Store|](StoreMode.Set, $"a:{id}", "value");
                client.[|Cas|](StoreMode.Set, $"b:{id}", "value");
                client.[|Cas|](StoreMode.Set, $"c:{id}", "value", cas);
            }
        }
        """, """
        class C
        {
            void M(IMemcachedClient client, int id, ulong cas)
            {
                client.Store(StoreMode.Set, $"a:{id}", "value", TimeSpan.FromSeconds(90));
                client.Cas(StoreMode.Set, $"b:{id}", "value", TimeSpan.FromSeconds(90), 0);
                client.Cas(StoreMode.Set, $"c:{id}", "value", TimeSpan.FromSeconds(90), cas);
            }
        }
        """, "caching_architect.default_ttl = 90s", RedisVersion.V3);
}
