using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Performance.BlockingCacheIoAnalyzer>;
using FixVerifier = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Performance.BlockingCacheIoAnalyzer,
    CachingArchitect.CodeFixes.Rules.Performance.BlockingCacheIoCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Performance;

public class CACHE041Tests
{
    // ------------------------------------------------------------------ (a) synchronous SE.Redis API

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Synchronous_redis_calls_in_async_and_task_returning_methods(RedisVersion redis) => VerifyCS.VerifyAsync("""
        class C
        {
            async Task<string?> GetAsync(IDatabase db, int id)
            {
                await Task.Yield();
                var hash = db.[|HashGetAll|]($"user:{id}");
                return db.[|StringGet|]($"name:{id}");
            }

            Task PublishAsync(ISubscriber subscriber, IServer server)
            {
                subscriber.[|Publish|](RedisChannel.Literal("events"), "changed");
                server.[|Ping|]();
                return Task.CompletedTask;
            }
        }
        """, null, redis);

    [Fact]
    public Task Synchronous_redis_call_in_a_sync_controller_action_and_minimal_api() => VerifyCS.VerifyAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;

        public class ProfileController : ControllerBase
        {
            private readonly IDatabase _db;
            public ProfileController(IDatabase db) => _db = db;

            [HttpGet("profiles/{id:int}")]
            public IActionResult Get(int id) => Ok(_db.[|StringGet|]($"profile:{id}").ToString());
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/flags/{id:int}", (int id, IDatabase db) => db.[|StringGet|]($"flag:{id}").ToString());
        }
        """);

    // ------------------------------------------------------------------ (b) synchronous IDistributedCache

    [Fact]
    public Task Synchronous_distributed_cache_calls() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDistributedCache cache, byte[] bytes, int id)
            {
                await Task.Yield();
                var a = cache.[|Get|]($"a:{id}");
                var b = cache.[|GetString|]($"b:{id}");
                cache.[|Set|]($"c:{id}", bytes, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                cache.[|SetString|]($"d:{id}", "x", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                cache.[|Refresh|]($"e:{id}");
                cache.[|Remove|]($"f:{id}");
            }
        }
        """);

    // ------------------------------------------------------------------ (c) blocking on other cache libraries' tasks

    [Fact]
    public Task Blocking_on_cache_library_tasks() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDistributedCache cache, HybridCache hybrid, IFusionCache fusion, IMemoryCache memory, IMemcachedClient memcached, int id)
            {
                await Task.Yield();
                var a = [|cache.GetStringAsync($"a:{id}").Result|];
                [|cache.SetStringAsync($"b:{id}", "x", new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1), AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) }).Wait()|];
                var c = [|hybrid.GetOrCreateAsync($"c:{id}", ct => ValueTask.FromResult(id)).AsTask().Result|];
                var d = [|fusion.GetOrSetAsync($"d:{id}", ct => Task.FromResult(id), TimeSpan.FromMinutes(5)).GetAwaiter().GetResult()|];
                var e = [|memory.GetOrCreateAsync($"e:{id}", entry => { entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5); return Task.FromResult(id); }).Result|];
                var f = [|memcached.GetAsync<string>($"f:{id}").ConfigureAwait(false).GetAwaiter().GetResult()|];
            }
        }
        """);

    [Fact]
    public Task Blocking_on_a_cache_task_held_in_a_local() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task<string?> M(IDistributedCache cache, int id)
            {
                await Task.Yield();
                var pending = cache.GetStringAsync($"a:{id}");
                return [|pending.Result|];
            }
        }
        """);

    // ------------------------------------------------------------------ (d) blocking on SE.Redis tasks, deferral to SER307

    private const string RedisBlocking = """
        class C
        {
            async Task<string?> M(IDatabase db, int id)
            {
                await Task.Yield();
                return {|#0:db.StringGetAsync($"a:{id}").Result|};
            }
        }
        """;

    [Fact]
    public Task Redis_task_blocking_is_reported_on_2x_which_has_no_SER307() =>
        VerifyCS.VerifyAsync(RedisBlocking, null, RedisVersion.V2, VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "'.Result' blocks on the 'StringGetAsync' cache task in an async method: the thread waits for a network round trip and, under load, the pool starves; await the task instead"));

    [Fact]
    public Task Redis_task_blocking_is_left_to_SER307_on_3x() =>
        VerifyCS.VerifyAsync(RedisBlocking, null, RedisVersion.V3);

    [Fact]
    public Task Redis_task_blocking_defer_auto_explicit_on_3x() =>
        VerifyCS.VerifyAsync(RedisBlocking, "caching_architect.defer_to_ser307 = auto\n", RedisVersion.V3);

    [Fact]
    public Task Redis_task_blocking_defer_false_reports_on_3x() =>
        VerifyCS.VerifyAsync(RedisBlocking, "caching_architect.defer_to_ser307 = false\n", RedisVersion.V3, VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "'.Result' blocks on the 'StringGetAsync' cache task in an async method: the thread waits for a network round trip and, under load, the pool starves; await the task instead"));

    [Fact]
    public Task Redis_task_blocking_defer_true_is_silent_on_2x() =>
        VerifyCS.VerifyAsync(RedisBlocking, "caching_architect.defer_to_ser307 = true\n", RedisVersion.V2);

    [Fact]
    public Task Redis_task_blocking_reported_on_3x_when_SER307_is_turned_off() =>
        VerifyCS.VerifyAsync(RedisBlocking, "dotnet_diagnostic.SER307.severity = none\n", RedisVersion.V3, VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "'.Result' blocks on the 'StringGetAsync' cache task in an async method: the thread waits for a network round trip and, under load, the pool starves; await the task instead"));

    [Fact]
    public Task Synchronous_redis_api_is_reported_on_3x_too() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDatabase db) { await Task.Yield(); db.[|StringSet|]("a:1", "x", TimeSpan.FromMinutes(1)); }
        }
        """, "caching_architect.defer_to_ser307 = true\n", RedisVersion.V3);

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Synchronous_methods_off_the_request_path_are_fine() => VerifyCS.VerifyAsync("""
        public sealed class ReportTool
        {
            public string? Read(IDatabase db, IDistributedCache cache, int id)
            {
                var name = db.StringGet($"name:{id}");
                var blob = cache.GetString($"blob:{id}");
                var pending = cache.GetStringAsync($"other:{id}").Result;
                return name;
            }
        }
        """);

    [Fact]
    public Task Fire_and_forget_calls_are_fine() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDatabase db, int id)
            {
                await Task.Yield();
                db.StringSet($"seen:{id}", 1, TimeSpan.FromMinutes(5), flags: CommandFlags.FireAndForget);
                db.KeyExpire($"seen:{id}", TimeSpan.FromMinutes(5), CommandFlags.FireAndForget);
            }
        }
        """, "caching_architect.defer_to_ser307 = false\n", RedisVersion.V3);

    [Fact]
    public Task Looks_like_it_but_is_fine() => VerifyCS.VerifyAsync("""
        class C
        {
            // Results read after the tasks were awaited together, or behind a completion check, do not block.
            async Task<int> Both(IDistributedCache cache)
            {
                var a = cache.GetStringAsync("shop:a");
                var b = cache.GetStringAsync("shop:b");
                await Task.WhenAll(a, b);
                return (a.Result?.Length ?? 0) + (b.Result?.Length ?? 0);
            }

            ValueTask<string?> Fast(HybridCache cache, int id)
            {
                var pending = cache.GetOrCreateAsync($"shop:n:{id}", ct => ValueTask.FromResult<string?>("x"));
                return pending.IsCompletedSuccessfully ? ValueTask.FromResult(pending.Result) : pending;
            }

            // Offloaded on purpose: a synchronous lambda passed to Task.Run is not the async path itself.
            Task<RedisValue> Offload(IDatabase db) => Task.Run(() => db.StringGet("shop:x"));

            // Members without an async twin, and types that only look like a cache.
            async Task Other(IDatabase db, Repository repo)
            {
                await Task.Yield();
                var batch = db.CreateBatch();
                var connected = db.IsConnected("shop:x");
                var value = repo.StringGet("x");
                batch.Execute();
            }
        }

        class Repository
        {
            public string StringGet(string key) => key;
            public Task<string> StringGetAsync(string key) => Task.FromResult(key);
        }
        """);

    [Fact]
    public Task Async_entry_point_is_fine() => VerifyCS.VerifyAsync("""
        static class Program
        {
            static async Task Main()
            {
                var mux = await ConnectionMultiplexer.ConnectAsync("localhost");
                var db = mux.GetDatabase();
                Console.WriteLine(db.StringGet("tool:last-run"));
            }
        }
        """);

    [Fact]
    public Task Queued_batch_tasks_are_left_to_SER305() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task<string?> M(IDatabase db)
            {
                var tran = db.CreateTransaction();
                var value = tran.StringGetAsync("shop:a");
                await tran.ExecuteAsync();
                return value.Result;
            }
        }
        """, "caching_architect.defer_to_ser307 = false\n", RedisVersion.V2);

    // ------------------------------------------------------------------ code fix

    [Fact]
    public Task Fix_switches_to_the_async_twin_in_an_async_method() => FixVerifier.VerifyFixAsync("""
        class C
        {
            async Task<int> M(IDatabase db, IDistributedCache cache, int id)
            {
                await Task.Yield();
                var name = db.[|StringGet|]($"name:{id}");
                var length = cache.[|GetString|]($"blob:{id}")?.Length ?? 0;
                return name.ToString().Length + length + [|cache.GetStringAsync($"x:{id}").Result|]!.Length;
            }
        }
        """, """
        class C
        {
            async Task<int> M(IDatabase db, IDistributedCache cache, int id)
            {
                await Task.Yield();
                var name = await db.StringGetAsync($"name:{id}");
                var length = (await cache.GetStringAsync($"blob:{id}"))?.Length ?? 0;
                return name.ToString().Length + length + (await cache.GetStringAsync($"x:{id}"))!.Length;
            }
        }
        """);

    [Fact]
    public Task Fix_replaces_Wait_and_GetResult() => FixVerifier.VerifyFixAsync("""
        class C
        {
            async Task M(IDistributedCache cache, IFusionCache fusion, int id)
            {
                await Task.Yield();
                [|cache.RemoveAsync($"a:{id}").Wait()|];
                var n = [|fusion.GetOrSetAsync($"b:{id}", ct => Task.FromResult(id), TimeSpan.FromMinutes(5)).ConfigureAwait(false).GetAwaiter().GetResult()|];
            }
        }
        """, """
        class C
        {
            async Task M(IDistributedCache cache, IFusionCache fusion, int id)
            {
                await Task.Yield();
                await cache.RemoveAsync($"a:{id}");
                var n = await fusion.GetOrSetAsync($"b:{id}", ct => Task.FromResult(id), TimeSpan.FromMinutes(5)).ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task Fix_makes_a_task_returning_method_async() => FixVerifier.VerifyFixAsync("""
        public sealed class Names
        {
            private readonly IDistributedCache _cache;
            public Names(IDistributedCache cache) => _cache = cache;

            public Task<string?> GetAsync(int id)
            {
                var name = _cache.[|GetString|]($"name:{id}");
                return Task.FromResult(name);
            }

            public Task RemoveAsync(int id)
            {
                _cache.[|Remove|]($"name:{id}");
                return Task.CompletedTask;
            }

            public Task<int> LengthAsync(int id) => Task.FromResult(_cache.[|GetString|]($"name:{id}")?.Length ?? 0);
        }
        """, """
        public sealed class Names
        {
            private readonly IDistributedCache _cache;
            public Names(IDistributedCache cache) => _cache = cache;

            public async Task<string?> GetAsync(int id)
            {
                var name = await _cache.GetStringAsync($"name:{id}");
                return name;
            }

            public async Task RemoveAsync(int id)
            {
                await _cache.RemoveAsync($"name:{id}");
                return;
            }

            public async Task<int> LengthAsync(int id) => (await _cache.GetStringAsync($"name:{id}"))?.Length ?? 0;
        }
        """);

    [Fact]
    public Task Fix_makes_a_sync_controller_action_async() => FixVerifier.VerifyFixAsync("""
        using Microsoft.AspNetCore.Mvc;

        public class ProfileController : ControllerBase
        {
            private readonly IDatabase _db;
            public ProfileController(IDatabase db) => _db = db;

            [HttpGet("profiles/{id:int}")]
            public IActionResult Get(int id)
            {
                var profile = _db.[|StringGet|]($"profile:{id}");
                return profile.IsNull ? NotFound() : Ok(profile.ToString());
            }
        }
        """, """
        using Microsoft.AspNetCore.Mvc;

        public class ProfileController : ControllerBase
        {
            private readonly IDatabase _db;
            public ProfileController(IDatabase db) => _db = db;

            [HttpGet("profiles/{id:int}")]
            public async Task<IActionResult> Get(int id)
            {
                var profile = await _db.StringGetAsync($"profile:{id}");
                return profile.IsNull ? NotFound() : Ok(profile.ToString());
            }
        }
        """);

    [Fact]
    public Task No_fix_for_an_action_that_code_calls() => FixVerifier.VerifyFixAsync("""
        using Microsoft.AspNetCore.Mvc;

        public class ProfileController : ControllerBase
        {
            private readonly IDatabase _db;
            public ProfileController(IDatabase db) => _db = db;

            public IActionResult Get(int id) => Ok(_db.[|StringGet|]($"profile:{id}").ToString());

            public IActionResult Default() => Get(0);
        }
        """, """
        using Microsoft.AspNetCore.Mvc;

        public class ProfileController : ControllerBase
        {
            private readonly IDatabase _db;
            public ProfileController(IDatabase db) => _db = db;

            public IActionResult Get(int id) => Ok(_db.[|StringGet|]($"profile:{id}").ToString());

            public IActionResult Default() => Get(0);
        }
        """);
}
