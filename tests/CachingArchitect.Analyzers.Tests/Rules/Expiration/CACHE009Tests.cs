using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.SelfResurrectingEntryAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Expiration;

public class CACHE009Tests
{
    private const string Unfiltered = "The eviction callback writes {0} back into the cache with '{1}' without checking the eviction reason: entries evicted for capacity, replaced or removed explicitly come straight back";
    private const string Filtered = "The eviction callback writes {0} back into the cache with '{1}': entries that re-add themselves defeat eviction and reload without stampede protection; use a background refresher or eager refresh";

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Warning(int location, string what, string method) =>
        VerifyCS.Diagnostic().WithLocation(location).WithSeverity(DiagnosticSeverity.Warning).WithArguments(string.Format(Unfiltered, what, method));

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult UnfilteredInfo(int location, string method) =>
        VerifyCS.Diagnostic().WithLocation(location).WithSeverity(DiagnosticSeverity.Info).WithArguments(
            $"The eviction callback writes to the cache with '{method}' on every eviction, including capacity evictions and explicit removals: writes from eviction callbacks defeat eviction under memory pressure");

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Info(int location, string what, string method) =>
        VerifyCS.Diagnostic().WithLocation(location).WithSeverity(DiagnosticSeverity.Info).WithArguments(string.Format(Filtered, what, method));

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Options_callback_reinserts_evicted_key_without_reason_check() => VerifyCS.VerifyAsync("""
        class C
        {
            private readonly IMemoryCache _cache;
            C(IMemoryCache cache) => _cache = cache;

            void M(string key, object value)
            {
                var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };
                options.RegisterPostEvictionCallback((k, v, reason, state) => _cache.{|#0:Set|}(k, v, options));
                _cache.Set(key, value, options);
            }
        }
        """, Warning(0, "the evicted key", "Set"));

    [Fact]
    public Task Factory_entry_callback_with_cache_as_state() => VerifyCS.VerifyAsync("""
        class C
        {
            int M(IMemoryCache cache, string key) => cache.GetOrCreate(key, entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                entry.RegisterPostEvictionCallback((k, v, reason, state) => ((IMemoryCache)state!).{|#0:Set|}(k, v, TimeSpan.FromMinutes(1)), cache);
                return 42;
            });
        }
        """, Warning(0, "the evicted key", "Set"));

    [Fact]
    public Task Registration_object_and_reason_check_is_info() => VerifyCS.VerifyAsync("""
        class C
        {
            private readonly IMemoryCache _cache;
            C(IMemoryCache cache) => _cache = cache;

            void M(string key)
            {
                var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };
                options.PostEvictionCallbacks.Add(new PostEvictionCallbackRegistration
                {
                    EvictionCallback = (k, v, reason, state) =>
                    {
                        if (reason == EvictionReason.Expired)
                        {
                            _cache.{|#0:Set|}(k, Reload(k), options);
                        }
                    },
                });
            }

            static object Reload(object key) => key;
        }
        """, Info(0, "the evicted key", "Set"));

    [Fact]
    public Task Method_group_callback() => VerifyCS.VerifyAsync("""
        class C
        {
            private readonly IMemoryCache _cache;
            C(IMemoryCache cache) => _cache = cache;

            void M(MemoryCacheEntryOptions options) => {|#0:options.RegisterPostEvictionCallback(OnEvicted)|};

            void OnEvicted(object key, object? value, EvictionReason reason, object? state) => _cache.Set(key, value);
        }
        """, Warning(0, "the evicted key", "Set"));

    [Fact]
    public Task Runtime_caching_removed_callback() => VerifyCS.VerifyAsync("""
        using System.Runtime.Caching;
        class C
        {
            void M(ObjectCache cache, string key, object value)
            {
                var policy = new CacheItemPolicy { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(5) };
                policy.RemovedCallback = args => cache.{|#0:Set|}(args.CacheItem.Key, args.CacheItem.Value, DateTimeOffset.UtcNow.AddMinutes(5));
                cache.Set(key, value, policy);
            }
        }
        """, Warning(0, "the evicted key", "Set"));

    [Fact]
    public Task Write_of_another_key_without_reason_check_is_info() => VerifyCS.VerifyAsync("""
        class C
        {
            private readonly IMemoryCache _cache;
            C(IMemoryCache cache) => _cache = cache;

            void M(string key)
            {
                var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };
                options.RegisterPostEvictionCallback((k, v, reason, state) => _cache.{|#0:Set|}("last-evicted", v, TimeSpan.FromMinutes(1)));
            }
        }
        """, UnfilteredInfo(0, "Set"));

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Callbacks_that_only_log_or_dispose() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, string key, IDisposable resource)
            {
                var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };
                options.RegisterPostEvictionCallback((k, v, reason, state) => Console.WriteLine($"{k} evicted: {reason}"));
                options.RegisterPostEvictionCallback((k, v, reason, state) => (v as IDisposable)?.Dispose());
                cache.Set(key, resource, options);
            }
        }
        """);

    [Fact]
    public Task Refresh_only_on_expiry_with_bounded_key() => VerifyCS.VerifyAsync("""
        class C
        {
            private readonly IMemoryCache _cache;
            C(IMemoryCache cache) => _cache = cache;

            void M(object settings)
            {
                var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };
                options.RegisterPostEvictionCallback((k, v, reason, state) =>
                {
                    if (reason is EvictionReason.Expired or EvictionReason.TokenExpired)
                    {
                        _cache.Set("settings", v, options);
                    }
                });
                _cache.Set("settings", settings, options);
            }
        }
        """);

    [Fact]
    public Task Erroneous_code_does_not_crash() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, MemoryCacheEntryOptions options)
            {
                options.RegisterPostEvictionCallback({|CS0103:Missing|});
                options.RegisterPostEvictionCallback((k, v, reason, state) => cache.Set({|CS0103:undefined|}, v));
            }
        }
        """);

    [Fact]
    public Task Write_to_another_technology_is_not_resurrection() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, IDistributedCache l2, string key)
            {
                var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };
                options.RegisterPostEvictionCallback((k, v, reason, state) => l2.SetString((string)k, "evicted", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) }));
                cache.Set(key, "v", options);
            }
        }
        """);
}
