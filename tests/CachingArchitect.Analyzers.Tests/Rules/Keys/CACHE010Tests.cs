using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Keys.VolatileKeyAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Keys;

public class CACHE010Tests
{
    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task DateTime_UtcNow_in_memory_key() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id) => cache.Set({|#0:$"report:{id}:{DateTime.UtcNow}"|}, "v", TimeSpan.FromMinutes(5));
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("DateTime.UtcNow"));

    [Fact]
    public Task DateTime_Now_formatted_to_seconds() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDistributedCache cache) => cache.SetString([|"stats:" + DateTime.Now.ToString("yyyyMMddHHmmss")|], "v");
        }
        """);

    [Fact]
    public Task DateTimeOffset_UtcNow_redis() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDatabase db) => db.StringSet([|$"k:{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}"|], "v", TimeSpan.FromMinutes(1));
        }
        """);

    [Fact]
    public Task TimeProvider_GetUtcNow() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, TimeProvider time) => cache.Set([|$"k:{time.GetUtcNow()}"|], 1, TimeSpan.FromMinutes(1));
        }
        """);

    [Fact]
    public Task Guid_NewGuid_through_local() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(HybridCache cache)
            {
                var key = "session:" + Guid.NewGuid().ToString("N");
                await cache.SetAsync([|key|], 42);
            }
        }
        """);

    [Fact]
    public Task HybridCache_interpolated_handler_overload() => VerifyCS.VerifyAsync("""
        class C
        {
            ValueTask<int> M(HybridCache cache, int id) => cache.GetOrCreateAsync([|$"k:{id}:{DateTime.UtcNow:HHmmss}"|], ct => ValueTask.FromResult(1));
        }
        """);

    [Fact]
    public Task Guid_CreateVersion7() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache) => cache.Set([|$"k:{Guid.CreateVersion7()}"|], 1, TimeSpan.FromMinutes(1));
        }
        """);

    [Fact]
    public Task Random_Shared() => VerifyCS.VerifyAsync("""
        class C
        {
            Task M(IFusionCache cache) => cache.SetAsync([|$"k:{Random.Shared.Next()}"|], 1).AsTask();
        }
        """);

    [Fact]
    public Task RandomNumberGenerator_value() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache) => cache.Set([|$"k:{System.Security.Cryptography.RandomNumberGenerator.GetHexString(16)}"|], 1, TimeSpan.FromMinutes(1));
        }
        """);

    [Fact]
    public Task Stopwatch_and_TickCount() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache)
            {
                cache.Set([|$"a:{System.Diagnostics.Stopwatch.GetTimestamp()}"|], 1, TimeSpan.FromMinutes(1));
                cache.Set([|"b:" + Environment.TickCount64|], 1, TimeSpan.FromMinutes(1));
            }
        }
        """);

    [Fact]
    public Task Interlocked_counter() => VerifyCS.VerifyAsync("""
        class C
        {
            private static long _seq;
            void M(IMemoryCache cache) => cache.Set([|$"job:{Interlocked.Increment(ref _seq)}"|], 1, TimeSpan.FromMinutes(1));
        }
        """);

    [Fact]
    public Task String_GetHashCode() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDatabase db, string query) => db.StringSet({|#0:$"q:{query.GetHashCode()}"|}, "v", TimeSpan.FromMinutes(1));
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("string.GetHashCode()"));

    [Fact]
    public Task Anonymous_object_GetHashCode() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, string a, int b) => cache.Set([|"q:" + new { a, b }.GetHashCode()|], 1, TimeSpan.FromMinutes(1));
        }
        """);

    [Fact]
    public Task Reference_type_identity_hash() => VerifyCS.VerifyAsync("""
        class Filter { public string Name = ""; }
        class C
        {
            void M(IMemoryCache cache, Filter filter) => cache.Set([|$"f:{filter.GetHashCode()}"|], 1, TimeSpan.FromMinutes(1));
        }
        """);

    [Fact]
    public Task Volatile_tag() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(HybridCache cache, int id) => await cache.SetAsync($"user:{id}", 1, tags: new[] { [|$"batch:{DateTime.UtcNow.Ticks}"|] });
        }
        """);

    [Fact]
    public Task Memcached_read_with_volatile_key() => VerifyCS.VerifyAsync("""
        class C
        {
            object M(IMemcachedClient client) => client.Get([|"k" + DateTime.UtcNow.Millisecond|]);
        }
        """);

    // ------------------------------------------------------------------ does not trigger

    [Theory]
    [InlineData("$\"report:{DateTime.UtcNow:yyyyMMddHH}\"")]
    [InlineData("$\"report:{DateTime.UtcNow:yyyy-MM-dd}\"")]
    [InlineData("\"report:\" + DateTime.UtcNow.ToString(\"yyyyMMddHHmm\")")]
    [InlineData("$\"report:{DateTime.UtcNow.Ticks / TimeSpan.TicksPerHour}\"")]
    [InlineData("$\"report:{DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 300}\"")]
    [InlineData("$\"report:{DateTime.Today:yyyyMMdd}\"")]
    public Task Time_bucketing(string key) => VerifyCS.VerifyAsync($$"""
        class C
        {
            void M(IMemoryCache cache) => cache.Set({{key}}, 1, TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task Rate_limit_counter_with_StringIncrement() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDatabase db, string clientId)
            {
                var window = $"rl:{clientId}:{DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond}";
                await db.StringIncrementAsync(window);
                await db.KeyExpireAsync(window, TimeSpan.FromSeconds(2));
            }
        }
        """);

    [Fact]
    public Task Request_data_is_CACHE011_domain() => VerifyCS.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;
        [ApiController]
        public class SearchController : ControllerBase
        {
            [HttpGet]
            public void Get(IMemoryCache cache, string q) => cache.Set("s:" + Request.Query["q"] + q, 1, TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task Stable_identity_keys() => VerifyCS.VerifyAsync("""
        class C
        {
            private static readonly DateTime Started = DateTime.UtcNow;
            void M(IMemoryCache cache, int id, Guid orderId, DateTime createdAt)
            {
                cache.Set($"user:{id}", 1, TimeSpan.FromMinutes(5));
                cache.Set($"order:{orderId:N}:{createdAt:O}", 1, TimeSpan.FromMinutes(5));
                cache.Set($"boot:{Started}", 1, TimeSpan.FromMinutes(5));
                cache.Set($"h:{id.GetHashCode()}", 1, TimeSpan.FromMinutes(5));
            }
        }
        """);

    [Fact]
    public Task Minted_token_handed_out() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task<string> Issue(IDatabase db, int userId)
            {
                var token = Guid.NewGuid().ToString("N");
                await db.StringSetAsync($"token:{token}", userId, TimeSpan.FromMinutes(30));
                return token;
            }

            async Task<string> Upload(IDistributedCache cache, byte[] data)
            {
                var key = $"upload:{Guid.NewGuid():N}";
                await cache.SetAsync(key, data, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                return key;
            }
        }
        """);

    [Fact]
    public Task Minted_id_returned_in_a_tuple_or_handed_to_a_void_append() => VerifyCS.VerifyAsync("""
        interface ICookies { void Append(string name, string value); }

        class C
        {
            (Guid Id, DateTimeOffset Expires) Reserve(IMemoryCache cache, string name)
            {
                var id = Guid.NewGuid();
                var expires = DateTimeOffset.UtcNow.AddMinutes(10);
                cache.Set($"reservation:{id}", name, expires);
                return (id, expires);
            }

            void Login(IMemoryCache cache, ICookies cookies, string userId)
            {
                var sessionId = Guid.NewGuid().ToString("N");
                cache.Set($"session:{sessionId}", userId, TimeSpan.FromMinutes(20));
                cookies.Append("sid", sessionId);
            }
        }
        """);

    [Fact]
    public Task Unique_value_only_appended_to_a_string_builder_does_not_escape() => VerifyCS.VerifyAsync("""
        using System.Text;

        class C
        {
            void M(IMemoryCache cache)
            {
                var id = Guid.NewGuid();
                cache.Set([|$"job:{id}"|], 1, TimeSpan.FromMinutes(5));
                var log = new StringBuilder().Append("created ").Append(id);
            }
        }
        """);

    [Fact]
    public Task Unique_key_that_does_not_escape() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDatabase db, int userId)
            {
                var key = $"user:{userId}:{Guid.NewGuid()}";
                await db.StringSetAsync([|key|], userId, TimeSpan.FromMinutes(30));
                var again = await db.StringGetAsync([|key|]);
            }
        }
        """);

    [Fact]
    public Task Small_random_shard_for_hot_keys() => VerifyCS.VerifyAsync("""
        class C
        {
            object? M(IMemoryCache cache) => cache.Get($"hot:catalog:{Random.Shared.Next(0, 8)}");
        }
        """);

    [Fact]
    public Task Not_reported_without_caching_library() => VerifyCS.VerifyWithoutCachingLibrariesAsync("""
        using System;
        class C
        {
            string M() => $"k:{DateTime.UtcNow}";
        }
        """);

    // ------------------------------------------------------------------ generated key-schema keys are safe

    [Fact]
    public Task Schema_keys_are_not_volatile_keys() => CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
        CachingArchitect.Analyzers.Rules.Keys.VolatileKeyAnalyzer>.VerifyAsync(SchemaTestSupport.ShopKeys + """
        class C
        {
            void M(IDatabase db, IMemoryCache memory, IDistributedCache distributed)
            {
                var key = ShopKeys.Stats(DateTime.UtcNow.Ticks / TimeSpan.TicksPerHour);
                db.StringSet(key.AsRedisKey(), "1", TimeSpan.FromMinutes(5));
                memory.Set(key.Value, 1, TimeSpan.FromMinutes(5));
                distributed.SetString(ShopKeys.Stats(DateTime.UtcNow.Ticks), "1", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                db.StringGet(key.ToString());
                db.Set(ShopKeys.Search(DateTime.UtcNow.Ticks.ToString()), "x");
            }
        }
        """);
}
