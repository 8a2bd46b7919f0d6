using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.SlidingWithoutAbsoluteCapAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.SlidingWithoutAbsoluteCapAnalyzer,
    CachingArchitect.CodeFixes.Rules.Expiration.SlidingWithoutAbsoluteCapCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Expiration;

public class CACHE002Tests
{
    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Cap_set_with_a_null_coalescing_assignment() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id, TimeSpan? cap)
            {
                var options = new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(2) };
                options.AbsoluteExpirationRelativeToNow ??= cap ?? TimeSpan.FromHours(1);
                cache.Set($"a:{id}", id, options);
            }
        }
        """);

    [Fact]
    public Task Memory_options_with_sliding_only() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                cache.{|#0:Set|}($"a:{id}", "value", new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5) });
                cache.[|Set|]($"b:{id}", "value", new MemoryCacheEntryOptions().SetSlidingExpiration(TimeSpan.FromMinutes(5)));
                var options = new MemoryCacheEntryOptions();
                options.SlidingExpiration = TimeSpan.FromMinutes(1);
                cache.[|Set|]($"c:{id}", "value", options);
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("'Set'"));

    [Fact]
    public Task Content_addressed_and_reflection_keys_cannot_go_stale() => VerifyCS.VerifyAsync("""
        public readonly record struct ArtifactKey(string ScriptId, string Revision, string PackageHash);

        public sealed class Artifacts(IMemoryCache cache)
        {
            private static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

            public object Compile(ArtifactKey key) =>
                cache.Set(key, new object(), new MemoryCacheEntryOptions().SetSize(1).SetSlidingExpiration(Idle));

            public string Render(string templateHash, string text) =>
                cache.GetOrCreate($"tpl:{templateHash}", e => { e.SlidingExpiration = Idle; return text; })!;

            public object Accessor(Type type) =>
                cache.GetOrCreate(type, e => { e.SlidingExpiration = Idle; return new object(); })!;

            public object Method(Type type, System.Reflection.MethodInfo method) =>
                cache.GetOrCreate((type, method), e => { e.SlidingExpiration = Idle; return new object(); })!;

            public async Task<byte[]?> PageAsync(IDistributedCache distributed, string etag) =>
                await distributed.GetAsync($"page:{etag}") ?? await Store(distributed, $"page:{etag}");

            private static async Task<byte[]> Store(IDistributedCache distributed, string key)
            {
                var body = new byte[] { 1 };
                var checksumKey = key;
                await distributed.SetAsync(checksumKey, body, new DistributedCacheEntryOptions { SlidingExpiration = Idle });
                return body;
            }
        }
        """);

    [Fact]
    public Task Identity_hashes_and_entity_keys_with_a_type_are_still_reported() => VerifyCS.VerifyAsync("""
        public sealed class Profiles(IMemoryCache cache)
        {
            private static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

            public object ByEmail(string emailHash) =>
                cache.[|GetOrCreate|]($"profile:{emailHash}", e => { e.SlidingExpiration = Idle; return new object(); })!;

            public object Entity<T>(int id) =>
                cache.[|GetOrCreate|]($"{typeof(T).Name}:{id}", e => { e.SlidingExpiration = Idle; return new object(); })!;

            public object Row(Type type, int id) =>
                cache.[|GetOrCreate|]((type, id), e => { e.SlidingExpiration = Idle; return new object(); })!;
        }
        """);

    [Fact]
    public Task Factory_entry_with_sliding_only() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IMemoryCache cache, int id)
            {
                _ = cache.[|GetOrCreate|]($"a:{id}", entry => { entry.SlidingExpiration = TimeSpan.FromMinutes(5); return 1; });
                _ = await cache.[|GetOrCreateAsync|]($"b:{id}", entry => { entry.SetSlidingExpiration(TimeSpan.FromMinutes(5)); return Task.FromResult(1); });
            }
        }
        """);

    [Fact]
    public Task Created_entry_with_sliding_only() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                using var entry = cache.[|CreateEntry|]($"a:{id}");
                entry.SlidingExpiration = TimeSpan.FromMinutes(5);
                entry.Value = 1;
            }
        }
        """);

    [Fact]
    public Task Distributed_options_with_sliding_only() => VerifyCS.VerifyAsync("""
        class C
        {
            private static readonly DistributedCacheEntryOptions Sliding = new() { SlidingExpiration = TimeSpan.FromMinutes(20) };
            async Task M(IDistributedCache cache, int id, byte[] bytes)
            {
                await cache.[|SetStringAsync|]($"a:{id}", "value", Sliding);
                cache.[|Set|]($"b:{id}", bytes, new DistributedCacheEntryOptions().SetSlidingExpiration(TimeSpan.FromMinutes(20)));
            }
        }
        """);

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Sliding_with_an_absolute_cap() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IMemoryCache cache, IDistributedCache distributed, int id)
            {
                cache.Set($"a:{id}", "value", new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5), AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });
                cache.Set($"b:{id}", "value", new MemoryCacheEntryOptions().SetSlidingExpiration(TimeSpan.FromMinutes(5)).SetAbsoluteExpiration(DateTimeOffset.UtcNow.AddHours(1)));
                _ = cache.GetOrCreate($"c:{id}", entry => { entry.SlidingExpiration = TimeSpan.FromMinutes(5); entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1); return 1; });
                await distributed.SetStringAsync($"d:{id}", "value", new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5), AbsoluteExpiration = DateTimeOffset.UtcNow.AddDays(1) });
            }
        }
        """);

    [Fact]
    public Task Sliding_with_expiration_tokens() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.Primitives;
        class C
        {
            void M(IMemoryCache cache, IChangeToken token, int id)
            {
                cache.Set($"a:{id}", "value", new MemoryCacheEntryOptions().SetSlidingExpiration(TimeSpan.FromMinutes(5)).AddExpirationToken(token));
                _ = cache.GetOrCreate($"b:{id}", entry => { entry.SlidingExpiration = TimeSpan.FromMinutes(5); entry.AddExpirationToken(token); return 1; });
            }
        }
        """);

    [Fact]
    public Task Session_idle_timeout_is_a_different_api() => VerifyCS.VerifyAsync("""
        using Microsoft.AspNetCore.Builder;
        class C
        {
            void M(SessionOptions options) => options.IdleTimeout = TimeSpan.FromMinutes(20);
        }
        """);

    [Fact]
    public Task Runtime_caching_policy_is_not_reported() => VerifyCS.VerifyAsync("""
        using System.Runtime.Caching;
        class C
        {
            // CacheItemPolicy rejects AbsoluteExpiration together with SlidingExpiration: no cap can be added.
            void M(ObjectCache cache, int id) => cache.Add($"a:{id}", "value", new CacheItemPolicy { SlidingExpiration = TimeSpan.FromMinutes(5) });
        }
        """);

    [Fact]
    public Task Untraced_options_and_no_expiration() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, MemoryCacheEntryOptions options, int id)
            {
                cache.Set($"a:{id}", "value", options);
                cache.Set($"b:{id}", "value");
                cache.Set($"c:{id}", "value", TimeSpan.FromMinutes(5));
            }
        }
        """);

    [Fact]
    public Task No_caching_library_referenced() => VerifyCS.VerifyWithoutCachingLibrariesAsync("""
        class C { void M(System.Collections.Generic.Dictionary<string, string> d) => d["a"] = "b"; }
        """);

    // ------------------------------------------------------------------ fixes

    [Fact]
    public Task Fix_adds_cap_as_multiple_of_the_window() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IMemoryCache cache, IDistributedCache distributed, int id, TimeSpan window)
            {
                cache.[|Set|]($"a:{id}", "value", new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5) });
                cache.[|Set|]($"b:{id}", "value", new MemoryCacheEntryOptions().SetSlidingExpiration(TimeSpan.FromMinutes(20)));
                distributed.[|SetString|]($"c:{id}", "value", new DistributedCacheEntryOptions { SlidingExpiration = window });
            }
        }
        """, """
        class C
        {
            void M(IMemoryCache cache, IDistributedCache distributed, int id, TimeSpan window)
            {
                cache.Set($"a:{id}", "value", new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5), AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(20) });
                cache.Set($"b:{id}", "value", new MemoryCacheEntryOptions().SetSlidingExpiration(TimeSpan.FromMinutes(20)).SetAbsoluteExpiration(TimeSpan.FromMinutes(80)));
                distributed.SetString($"c:{id}", "value", new DistributedCacheEntryOptions { SlidingExpiration = window, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
            }
        }
        """);

    [Fact]
    public Task Fix_uses_configured_multiplier_for_entries() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                _ = cache.[|GetOrCreate|]($"a:{id}", entry => { entry.SlidingExpiration = TimeSpan.FromMinutes(10); return 1; });
                using var entry = cache.[|CreateEntry|]($"b:{id}");
                entry.SetSlidingExpiration(TimeSpan.FromMinutes(1));
                entry.Value = 1;
            }
        }
        """, """
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                _ = cache.GetOrCreate($"a:{id}", entry => { entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1); entry.SlidingExpiration = TimeSpan.FromMinutes(10); return 1; });
                using var entry = cache.CreateEntry($"b:{id}");
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(6);
                entry.SetSlidingExpiration(TimeSpan.FromMinutes(1));
                entry.Value = 1;
            }
        }
        """, "caching_architect.sliding_cap_multiplier = 6", RedisVersion.V3);
}
