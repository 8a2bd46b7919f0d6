using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.IncoherentDurationAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.IncoherentDurationAnalyzer,
    CachingArchitect.CodeFixes.Rules.Expiration.IncoherentDurationCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Expiration;

public class CACHE007Tests
{
    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Info(int location, string message) =>
        VerifyCS.Diagnostic().WithLocation(location).WithSeverity(DiagnosticSeverity.Info).WithArguments(message);

    private const string L1Message = "LocalCacheExpiration {0} outlives Expiration 00:05:00: the in-process copy stays after the distributed entry has expired (L1 inherits Expiration when unset)";

    // ------------------------------------------------------------------ triggers: TimeSpan component used as a total

    [Fact]
    public Task Component_in_FromSeconds_used_as_ttl() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, TimeSpan ttl, int id) =>
                cache.Set($"user:{id}", "v", TimeSpan.FromSeconds([|ttl.Seconds|]));
        }
        """);

    [Fact]
    public Task Component_as_memcached_cache_seconds() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemcachedClient client, int id) =>
                client.Set($"user:{id}", "v", [|TimeSpan.FromDays(30).Seconds|]);
        }
        """);

    [Fact]
    public Task Component_in_cache_profile_and_response_cache_attribute() => VerifyCS.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;
        class C
        {
            object M(TimeSpan maxAge) => new CacheProfile { Duration = [|maxAge.Seconds|] };

            object N(TimeSpan maxAge)
            {
                var attribute = new ResponseCacheAttribute();
                attribute.Duration = [|maxAge.Minutes|];
                return attribute;
            }
        }
        """);

    [Fact]
    public Task Component_through_local_into_sliding_window() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDistributedCache cache, TimeSpan window, int id)
            {
                var sliding = TimeSpan.FromMinutes([|window.Minutes|]);
                cache.SetString($"user:{id}", "v", new DistributedCacheEntryOptions { SlidingExpiration = sliding });
            }
        }
        """);

    [Fact]
    public Task Component_in_redis_and_fusion_ttl() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDatabase db, IFusionCache fusion, TimeSpan ttl, int id)
            {
                db.StringSet($"user:{id}", "v", TimeSpan.FromMilliseconds([|ttl.Milliseconds|]));
                fusion.Set($"user:{id}", "v", new FusionCacheEntryOptions { Duration = TimeSpan.FromHours([|ttl.Hours|]) });
            }
        }
        """);

    [Fact]
    public Task Component_in_redis_2x_expiry() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDatabase db, TimeSpan ttl, int id)
            {
                db.StringSet($"a:{id}", "v", TimeSpan.FromSeconds([|ttl.Seconds|]));
                db.KeyExpire($"a:{id}", TimeSpan.FromMinutes([|ttl.Minutes|]));
            }
        }
        """, editorConfig: null, RedisVersion.V2);

    [Fact]
    public Task Component_in_absolute_expiration_from_now() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, TimeSpan ttl, int id) =>
                cache.Set($"a:{id}", "v", new MemoryCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes([|ttl.Minutes|]) });
        }
        """);

    // ------------------------------------------------------------------ triggers: constant-evaluable settings

    [Fact]
    public Task Created_entry_sliding_not_shorter_than_relative() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                using var entry = cache.CreateEntry($"a:{id}");
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                [|entry.SlidingExpiration = TimeSpan.FromMinutes(1)|];
                entry.Value = 1;
            }
        }
        """);

    [Fact]
    public Task Runtime_policy_sliding_out_of_range() => VerifyCS.VerifyAsync("""
        using System.Runtime.Caching;
        class C
        {
            void M(ObjectCache cache, int id)
            {
                cache.Add($"a:{id}", "v", new CacheItemPolicy { SlidingExpiration = [|TimeSpan.FromDays(400)|] });
                cache.Add($"b:{id}", "v", new CacheItemPolicy { SlidingExpiration = [|TimeSpan.FromMinutes(-1)|] });
            }
        }
        """);

    [Fact]
    public Task Non_positive_relative_and_sliding() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                cache.Set($"a:{id}", "v", [|TimeSpan.Zero|]);
                cache.Set($"b:{id}", "v", new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = [|TimeSpan.FromMinutes(-5)|] });
                cache.Set($"c:{id}", "v", new MemoryCacheEntryOptions().SetSlidingExpiration([|TimeSpan.Zero|]));
                var options = new DistributedCacheEntryOptions();
                options.SlidingExpiration = [|TimeSpan.FromSeconds(-1)|];
            }
        }
        """);

    [Fact]
    public Task Non_positive_in_factory_entry() => VerifyCS.VerifyAsync("""
        class C
        {
            int M(IMemoryCache cache, int id) => cache.GetOrCreate($"a:{id}", entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = [|TimeSpan.Zero|];
                return 1;
            });
        }
        """);

    [Fact]
    public Task Past_constant_absolute_expiration() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, IDistributedCache distributed, int id)
            {
                cache.Set($"a:{id}", "v", new MemoryCacheEntryOptions { AbsoluteExpiration = [|new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)|] });
                distributed.SetString($"b:{id}", "v", new DistributedCacheEntryOptions().SetAbsoluteExpiration([|DateTimeOffset.MinValue|]));
            }
        }
        """);

    [Fact]
    public Task Sliding_not_shorter_than_relative() => VerifyCS.VerifyAsync("""
        class C
        {
            private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

            void M(IMemoryCache cache, int id)
            {
                cache.Set($"a:{id}", "v", new MemoryCacheEntryOptions
                {
                    AbsoluteExpirationRelativeToNow = Ttl,
                    [|SlidingExpiration = TimeSpan.FromMinutes(10)|],
                });
                var options = new MemoryCacheEntryOptions();
                options.SetAbsoluteExpiration(TimeSpan.FromMinutes(1));
                [|options.SlidingExpiration = TimeSpan.FromMinutes(1)|];
                cache.Set($"b:{id}", "v", options);
            }
        }
        """);

    [Fact]
    public Task Sliding_after_a_token_in_a_fluent_chain_is_seen() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.Primitives;
        class C
        {
            void M(IMemoryCache cache, IChangeToken token, int id) =>
                cache.Set($"a:{id}", "v", new MemoryCacheEntryOptions()
                    .SetAbsoluteExpiration(TimeSpan.FromMinutes(1))
                    .AddExpirationToken(token)
                    .[|SetSlidingExpiration(TimeSpan.FromMinutes(5))|]);
        }
        """);

    [Fact]
    public Task Options_handed_to_user_code_are_not_judged() => VerifyCS.VerifyAsync("""
        class C
        {
            static void Tune(MemoryCacheEntryOptions options) => options.SlidingExpiration = null;

            void M(IMemoryCache cache, int id)
            {
                var options = new MemoryCacheEntryOptions();
                options.SetAbsoluteExpiration(TimeSpan.FromMinutes(1));
                options.SlidingExpiration = TimeSpan.FromMinutes(1);
                Tune(options);
                cache.Set($"b:{id}", "v", options);
            }
        }
        """);

    [Fact]
    public Task Runtime_policy_with_absolute_and_sliding() => VerifyCS.VerifyAsync("""
        using System.Runtime.Caching;
        class C
        {
            void M(ObjectCache cache, int id) => cache.Add($"a:{id}", "v", new CacheItemPolicy
            {
                AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(10),
                SlidingExpiration = [|TimeSpan.FromMinutes(1)|],
            });
        }
        """);

    [Fact]
    public Task Hybrid_local_outlives_distributed_is_info() => VerifyCS.VerifyAsync("""
        class C
        {
            Task M(HybridCache cache, int id) => cache.SetAsync($"a:{id}", "v", new HybridCacheEntryOptions
            {
                Expiration = TimeSpan.FromMinutes(5),
                {|#0:LocalCacheExpiration = TimeSpan.FromMinutes(30)|},
            }).AsTask();
        }
        """, Info(0, string.Format(L1Message, "00:30:00")));

    [Fact]
    public Task Fusion_fail_safe_shorter_than_duration() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IFusionCache cache, int id)
            {
                cache.Set($"a:{id}", "v", new FusionCacheEntryOptions { Duration = TimeSpan.FromHours(1), IsFailSafeEnabled = true, FailSafeMaxDuration = [|TimeSpan.FromMinutes(10)|] });
                cache.Set($"b:{id}", "v", new FusionCacheEntryOptions().SetDuration(TimeSpan.FromMinutes(30)).SetFailSafe(true, [|TimeSpan.FromMinutes(5)|]));
            }
        }
        """);

    [Fact]
    public Task Fusion_eager_refresh_out_of_range_and_low() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IFusionCache cache, int id)
            {
                cache.Set($"a:{id}", "v", new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5), [|EagerRefreshThreshold = 1.5f|] });
                cache.Set($"b:{id}", "v", new FusionCacheEntryOptions().SetDuration(TimeSpan.FromMinutes(5)).[|SetEagerRefresh(0f)|]);
                cache.Set($"c:{id}", "v", new FusionCacheEntryOptions { EagerRefreshThreshold = {|#0:0.2f|} });
            }
        }
        """, Info(0, "EagerRefreshThreshold 0.2 is below 0.5: entries refresh for most of their life, a near-constant load on the data source (0.8 or more is recommended)"));

    [Fact]
    public Task Fusion_soft_timeout_not_shorter_than_hard() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IFusionCache cache, int id)
            {
                cache.Set($"a:{id}", "v", new FusionCacheEntryOptions { FactorySoftTimeout = {|#0:TimeSpan.FromSeconds(5)|}, FactoryHardTimeout = TimeSpan.FromSeconds(2) });
                cache.Set($"b:{id}", "v", new FusionCacheEntryOptions().SetFactoryTimeouts([|TimeSpan.FromSeconds(1)|], TimeSpan.FromSeconds(1)));
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("FactorySoftTimeout 00:00:05 is not shorter than FactoryHardTimeout 00:00:02: the hard timeout always fires first, so the soft timeout never applies"));

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Values_that_are_not_constant_evaluable() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, IFusionCache fusion, TimeSpan ttl, TimeSpan sliding, float threshold, DateTimeOffset until, int id)
            {
                cache.Set($"a:{id}", "v", ttl);
                cache.Set($"b:{id}", "v", new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl, SlidingExpiration = sliding, AbsoluteExpiration = until });
                fusion.Set($"c:{id}", "v", new FusionCacheEntryOptions { Duration = ttl, FailSafeMaxDuration = sliding, EagerRefreshThreshold = threshold });
            }
        }
        """);

    [Fact]
    public Task Same_symbol_with_order_preserving_arithmetic() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, IFusionCache fusion, TimeSpan ttl, int id)
            {
                cache.Set($"a:{id}", "v", new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl * 4, SlidingExpiration = ttl });
                fusion.Set($"b:{id}", "v", new FusionCacheEntryOptions { Duration = ttl, FailSafeMaxDuration = ttl + TimeSpan.FromHours(1) });
            }
        }
        """);

    [Fact]
    public Task Coherent_constant_settings() => VerifyCS.VerifyAsync("""
        using System.Runtime.Caching;
        class C
        {
            void M(IMemoryCache cache, IFusionCache fusion, HybridCache hybrid, ObjectCache objects, int id)
            {
                cache.Set($"a:{id}", "v", new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1), SlidingExpiration = TimeSpan.FromMinutes(5) });
                cache.Set($"b:{id}", "v", new MemoryCacheEntryOptions { AbsoluteExpiration = new DateTimeOffset(2999, 1, 1, 0, 0, 0, TimeSpan.Zero) });
                fusion.Set($"c:{id}", "v", new FusionCacheEntryOptions
                {
                    Duration = TimeSpan.FromMinutes(5), IsFailSafeEnabled = true, FailSafeMaxDuration = TimeSpan.FromHours(2),
                    EagerRefreshThreshold = 0.9f, FactorySoftTimeout = TimeSpan.FromMilliseconds(100), FactoryHardTimeout = TimeSpan.FromSeconds(2),
                });
                fusion.Set($"d:{id}", "v", new FusionCacheEntryOptions { FactorySoftTimeout = Timeout.InfiniteTimeSpan, FactoryHardTimeout = TimeSpan.FromSeconds(2) });
                _ = hybrid.SetAsync($"e:{id}", "v", new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(30), LocalCacheExpiration = TimeSpan.FromMinutes(5) });
                objects.Add($"f:{id}", "v", new CacheItemPolicy { SlidingExpiration = TimeSpan.FromMinutes(5) });
                objects.Add($"g:{id}", "v", new CacheItemPolicy { AbsoluteExpiration = ObjectCache.InfiniteAbsoluteExpiration, SlidingExpiration = TimeSpan.FromMinutes(5) });
            }
        }
        """);

    [Fact]
    public Task Components_not_used_as_a_duration() => VerifyCS.VerifyAsync("""
        class C
        {
            string M(IMemoryCache cache, TimeSpan ttl, int id)
            {
                // Display, logging and reconstruction are not durations; a constant whose component equals its total is harmless.
                var text = $"{ttl.Hours}h {ttl.Minutes}m";
                cache.Set($"a:{id}", "v", TimeSpan.FromMinutes(TimeSpan.FromMinutes(30).Minutes));
                cache.Set($"b:{id}", "v", new TimeSpan(ttl.Hours, ttl.Minutes, ttl.Seconds));
                cache.Set($"c:{id}", "v", TimeSpan.FromSeconds(ttl.TotalSeconds));
                return text + ttl.Days;
            }
        }
        """);

    [Fact]
    public Task Erroneous_code_does_not_crash() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache)
            {
                cache.Set("a", "v", new MemoryCacheEntryOptions { {|CS0117:Nope|} = TimeSpan.Zero, AbsoluteExpirationRelativeToNow = {|CS0103:undefined|} });
                var x = TimeSpan.FromSeconds({|CS0103:y|}.Seconds);
            }
        }
        """);

    // ------------------------------------------------------------------ fixes

    [Fact]
    public Task Fix_component_to_total() => VerifyFix.VerifyFixAsync("""
        using Microsoft.AspNetCore.Mvc;
        class C
        {
            void M(IMemcachedClient client, TimeSpan ttl, int id) => client.Set($"user:{id}", "v", [|ttl.Seconds|]);
            object N(TimeSpan maxAge) => new CacheProfile { Duration = [|maxAge.Seconds|] };
        }
        """, """
        using Microsoft.AspNetCore.Mvc;
        class C
        {
            void M(IMemcachedClient client, TimeSpan ttl, int id) => client.Set($"user:{id}", "v", (int)ttl.TotalSeconds);
            object N(TimeSpan maxAge) => new CacheProfile { Duration = (int)maxAge.TotalSeconds };
        }
        """);

    [Fact]
    public Task Fix_factory_of_same_unit_to_timespan() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IMemoryCache cache, TimeSpan ttl, int id)
            {
                cache.Set($"a:{id}", "v", TimeSpan.FromSeconds([|ttl.Seconds|]));
                cache.Set($"b:{id}", "v", new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes([|ttl.Minutes|]) });
                cache.Set($"c:{id}", "v", TimeSpan.FromMilliseconds([|ttl.Milliseconds|]));
            }
        }
        """, """
        class C
        {
            void M(IMemoryCache cache, TimeSpan ttl, int id)
            {
                cache.Set($"a:{id}", "v", ttl);
                cache.Set($"b:{id}", "v", new MemoryCacheEntryOptions { SlidingExpiration = ttl });
                cache.Set($"c:{id}", "v", ttl);
            }
        }
        """);

    [Fact]
    public Task Fix_removes_ignored_sliding() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                cache.Set($"a:{id}", "v", new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5), [|SlidingExpiration = TimeSpan.FromMinutes(5)|] });
                var options = new MemoryCacheEntryOptions();
                options.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                [|options.SlidingExpiration = TimeSpan.FromMinutes(2)|];
                cache.Set($"b:{id}", "v", options);
                cache.Set($"c:{id}", "v", new MemoryCacheEntryOptions().SetAbsoluteExpiration(TimeSpan.FromMinutes(1)).[|SetSlidingExpiration(TimeSpan.FromHours(1))|]);
            }
        }
        """, """
        class C
        {
            void M(IMemoryCache cache, int id)
            {
                cache.Set($"a:{id}", "v", new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                var options = new MemoryCacheEntryOptions();
                options.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                cache.Set($"b:{id}", "v", options);
                cache.Set($"c:{id}", "v", new MemoryCacheEntryOptions().SetAbsoluteExpiration(TimeSpan.FromMinutes(1)));
            }
        }
        """);

    [Fact]
    public Task Fix_removes_local_expiration_and_ignored_threshold() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(HybridCache hybrid, IFusionCache fusion, int id)
            {
                _ = hybrid.SetAsync($"a:{id}", "v", new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(5), {|#0:LocalCacheExpiration = TimeSpan.FromHours(1)|} });
                fusion.Set($"b:{id}", "v", new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5), [|EagerRefreshThreshold = 1f|] });
            }
        }
        """, """
        class C
        {
            void M(HybridCache hybrid, IFusionCache fusion, int id)
            {
                _ = hybrid.SetAsync($"a:{id}", "v", new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(5) });
                fusion.Set($"b:{id}", "v", new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5) });
            }
        }
        """, Info(0, string.Format(L1Message, "01:00:00")));

    [Fact]
    public Task Fix_raises_low_eager_refresh_threshold() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IFusionCache cache, int id) =>
                cache.Set($"a:{id}", "v", new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5) }.SetEagerRefresh({|#0:0.25f|}));
        }
        """, """
        class C
        {
            void M(IFusionCache cache, int id) =>
                cache.Set($"a:{id}", "v", new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5) }.SetEagerRefresh(0.8f));
        }
        """, Info(0, "EagerRefreshThreshold 0.25 is below 0.5: entries refresh for most of their life, a near-constant load on the data source (0.8 or more is recommended)"));

    [Fact]
    public Task Fix_clamps_fail_safe_and_swaps_timeouts() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IFusionCache cache, int id)
            {
                cache.Set($"a:{id}", "v", new FusionCacheEntryOptions { Duration = TimeSpan.FromHours(1), FailSafeMaxDuration = [|TimeSpan.FromMinutes(10)|] });
                cache.Set($"b:{id}", "v", new FusionCacheEntryOptions().SetFactoryTimeouts({|#0:TimeSpan.FromSeconds(5)|}, {|#1:TimeSpan.FromSeconds(1)|}));
            }
        }
        """, """
        class C
        {
            void M(IFusionCache cache, int id)
            {
                cache.Set($"a:{id}", "v", new FusionCacheEntryOptions { Duration = TimeSpan.FromHours(1), FailSafeMaxDuration = TimeSpan.FromHours(1) });
                cache.Set($"b:{id}", "v", new FusionCacheEntryOptions().SetFactoryTimeouts(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)));
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithLocation(1)
            .WithArguments("FactorySoftTimeout 00:00:05 is not shorter than FactoryHardTimeout 00:00:01: the hard timeout always fires first, so the soft timeout never applies"));
}
