using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Resilience.UnsafeRedisLockAnalyzer>;
using FixVerifier = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Resilience.UnsafeRedisLockAnalyzer,
    CachingArchitect.CodeFixes.Rules.Resilience.UnsafeRedisLockCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Resilience;

public class CACHE033Tests
{
    private static Task Verify(RedisVersion redis, string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        VerifyCS.VerifyAsync(source, editorConfig: null, redis, expected);

    // ------------------------------------------------------------------ (a) SET NX without expiry used as a mutex

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Set_nx_without_expiry_released_by_KeyDelete(RedisVersion redis) => Verify(redis, """
        class Jobs
        {
            public async Task RunAsync(IDatabase db, int id)
            {
                var key = $"lock:job:{id}";
                var token = Environment.MachineName;
                if (await db.[|StringSetAsync|](key, token, when: When.NotExists))
                {
                    try { await Task.Delay(10); }
                    finally { await db.[|KeyDeleteAsync|](key); }
                }
            }
        }
        """);

    [Fact]
    public Task Set_nx_with_ValueCondition_and_null_expiry_v3() => Verify(RedisVersion.V3, """
        class Jobs
        {
            public void Run(IDatabase db)
            {
                if (db.[|StringSet|]("lock:nightly", "me", Expiration.Default, ValueCondition.NotExists))
                {
                    db.[|KeyDelete|]("lock:nightly");
                }
            }
        }
        """);

    [Fact]
    public Task Set_nx_with_null_expiry_v2() => Verify(RedisVersion.V2, """
        class Jobs
        {
            public void Run(IDatabase db)
            {
                if (db.[|StringSet|]("lock:nightly", "me", null, When.NotExists))
                {
                    db.[|KeyDelete|]("lock:nightly");
                }
            }
        }
        """);

    // ------------------------------------------------------------------ (b) huge lease

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task LockTake_with_max_value_or_days(RedisVersion redis) => Verify(redis, """
        class Jobs
        {
            public async Task RunAsync(IDatabase db, string token)
            {
                if (db.LockTake("lock:a", token, {|#0:TimeSpan.MaxValue|}))
                {
                    db.LockRelease("lock:a", token);
                }

                if (await db.LockTakeAsync("lock:b", token, [|TimeSpan.FromDays(7)|]))
                {
                    await db.LockReleaseAsync("lock:b", token);
                }
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("'LockTake' takes a lock with a lease of TimeSpan.MaxValue: if the holder crashes the lock blocks everyone for that long; use a lease a little longer than the work (and LockExtend for long work)"));

    // ------------------------------------------------------------------ (c) release without owner check

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task LockTake_released_by_KeyDelete(RedisVersion redis) => Verify(redis, """
        class Jobs
        {
            public async Task RunAsync(IDatabase db, int id)
            {
                var token = Guid.NewGuid().ToString();
                if (await db.LockTakeAsync($"lock:{id}", token, TimeSpan.FromSeconds(30)))
                {
                    try { await Task.Delay(10); }
                    finally { await db.[|KeyDeleteAsync|]($"lock:{id}"); }
                }
            }
        }
        """);

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Set_nx_with_expiry_released_by_KeyDelete(RedisVersion redis) => Verify(redis, """
        class Jobs
        {
            public void Run(IDatabase db, string token)
            {
                if (db.StringSet("lock:report", token, TimeSpan.FromMinutes(1), When.NotExists))
                {
                    db.[|KeyDelete|]("lock:report");
                }
            }
        }
        """);

    // ------------------------------------------------------------------ does not trigger

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task LockTake_and_LockRelease_with_bounded_lease(RedisVersion redis) => Verify(redis, """
        class Jobs
        {
            public async Task RunAsync(IDatabase db, int id)
            {
                var key = $"lock:{id}";
                var token = Guid.NewGuid().ToString();
                if (await db.LockTakeAsync(key, token, TimeSpan.FromSeconds(30)))
                {
                    try { await Task.Delay(10); }
                    finally { await db.LockReleaseAsync(key, token); }
                }
            }
        }
        """);

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Set_nx_with_expiry_and_owner_checked_script_release(RedisVersion redis) => Verify(redis, """
        class Jobs
        {
            private const string Release = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

            public async Task RunAsync(IDatabase db, string token)
            {
                if (await db.StringSetAsync("lock:x", token, TimeSpan.FromSeconds(30), When.NotExists))
                {
                    await db.ScriptEvaluateAsync(Release, new RedisKey[] { "lock:x" }, new RedisValue[] { token });
                }
            }
        }
        """);

    [Fact]
    public Task Owner_checked_delete_and_conditional_transaction() => Verify(RedisVersion.V3, """
        class Jobs
        {
            public async Task RunAsync(IDatabase db, string token)
            {
                if (db.LockTake("lock:y", token, TimeSpan.FromSeconds(10)))
                {
                    if (db.StringGet("lock:y") == token)
                    {
                        db.KeyDelete("lock:y");
                    }
                }

                if (await db.StringSetAsync("lock:z", token, TimeSpan.FromSeconds(10), When.NotExists))
                {
                    var tran = db.CreateTransaction();
                    tran.AddCondition(Condition.StringEqual("lock:z", token));
                    _ = tran.KeyDeleteAsync("lock:z");
                    await tran.ExecuteAsync();
                }
            }
        }
        """);

    [Fact]
    public Task Test_projects_are_not_analyzed() => VerifyCS.VerifyWithReferencesAsync("""
        public class LockTests
        {
            [Xunit.Fact]
            public void Cleans_up()
            {
                IDatabase db = null!;
                db.LockTake("lock:t", "me", TimeSpan.MaxValue);
                db.KeyDelete("lock:t");
            }
        }
        """, null, new[] { TestReferences.XunitCore });

    // ------------------------------------------------------------------ (d) check-then-set lock

    private const string CheckThenSetMessage = "'{0}' and '{1}' on the same key are used as a lock (released by '{2}' in finally), but checking and setting are two commands: callers that check at the same time all take the lock, and the first to finish releases it while the others still run; use an atomic lock (LockTake with a lease and LockRelease, or a distributed-lock library)";

    [Fact]
    public Task Distributed_cache_check_then_set_lock() => VerifyCS.VerifyAsync("""
        public sealed class Locker(IDistributedCache cache)
        {
            public async Task<bool> RunWithLockAsync(string resource, TimeSpan expiration, Func<Task> action)
            {
                if (!string.IsNullOrEmpty(await cache.{|#0:GetStringAsync|}(resource)))
                    return false;

                try
                {
                    await cache.SetStringAsync(resource, resource, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = expiration });
                    await action();
                    return true;
                }
                finally
                {
                    await cache.RemoveAsync(resource);
                }
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments(string.Format(System.Globalization.CultureInfo.InvariantCulture, CheckThenSetMessage, "GetStringAsync", "SetStringAsync", "RemoveAsync")));

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Redis_get_then_plain_set_lock(RedisVersion redis) => Verify(redis, """
        class Jobs
        {
            public void Run(IDatabase db, int id)
            {
                var key = $"lock:job:{id}";
                var holder = db.{|#0:StringGet|}(key);
                if (holder.HasValue)
                {
                    return;
                }

                db.StringSet(key, Environment.MachineName, TimeSpan.FromMinutes(1));
                try { Console.WriteLine(id); }
                finally { db.KeyDelete(key); }
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments(string.Format(System.Globalization.CultureInfo.InvariantCulture, CheckThenSetMessage, "StringGet", "StringSet", "KeyDelete")));

    [Fact]
    public Task Check_then_set_lock_has_no_automatic_fix()
    {
        // IDistributedCache has no atomic "set if absent": the fix is a different lock, which the author has to choose.
        const string source = """
            public sealed class Locker(IDistributedCache cache)
            {
                public async Task RunAsync(string resource, Func<Task> action)
                {
                    if (await cache.[|GetStringAsync|](resource) is not null) return;
                    try
                    {
                        await cache.SetStringAsync(resource, "1", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) });
                        await action();
                    }
                    finally { await cache.RemoveAsync(resource); }
                }
            }
            """;
        return FixVerifier.VerifyFixAsync(source, source);
    }

    [Fact]
    public Task Cache_aside_and_scratch_entries_are_not_locks() => VerifyCS.VerifyAsync("""
        public sealed class Reports(IDistributedCache cache, IDatabase db)
        {
            public async Task<string> GetAsync(string id)
            {
                var key = $"report:{id}";
                var cached = await cache.GetStringAsync(key);
                if (cached is null)
                {
                    cached = id.ToUpperInvariant();
                    await cache.SetStringAsync(key, cached, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                }

                return cached;
            }

            public async Task ExportAsync(string id)
            {
                var key = $"export:{id}";
                await cache.SetStringAsync(key, "running", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                try { await Task.Delay(10); }
                finally { await cache.RemoveAsync(key); }
            }

            public async Task RefreshAsync(string id)
            {
                var key = $"lock:refresh:{id}";
                if ((await db.StringGetAsync(key)).HasValue) return;
                if (await db.StringSetAsync(key, "me", TimeSpan.FromSeconds(30), When.NotExists))
                {
                    try { await Task.Delay(10); }
                    finally
                    {
                        if (await db.StringGetAsync(key) == "me") await db.KeyDeleteAsync(key);
                    }
                }
            }
        }
        """);

    // ------------------------------------------------------------------ looks like it but is fine

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task First_writer_wins_without_a_delete_and_a_session_handle(RedisVersion redis) => Verify(redis, """
        class Ids
        {
            public bool Claim(IDatabase db, string orderId) =>
                db.StringSet($"claimed:{orderId}", Environment.MachineName, when: When.NotExists);

            public void Session(IDatabase db)
            {
                var session = Guid.NewGuid().ToString("N");
                db.StringSet($"session:{session}", "{}", TimeSpan.FromMinutes(20));
                db.KeyDelete($"session:{session}");
            }
        }
        """);

    [Fact]
    public Task Delete_of_another_key_and_a_short_lease() => Verify(RedisVersion.V3, """
        class Jobs
        {
            public void Run(IDatabase db, string token)
            {
                if (db.LockTake("lock:a", token, TimeSpan.FromHours(2)))
                {
                    db.KeyDelete("data:a");
                    db.LockRelease("lock:a", token);
                }
            }
        }
        """);

    // ------------------------------------------------------------------ fixes

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Fix_rewrites_set_nx_to_LockTake_and_KeyDelete_to_LockRelease(RedisVersion redis) => FixVerifier.VerifyFixAsync("""
        class Jobs
        {
            public async Task RunAsync(IDatabase db, int id)
            {
                var key = $"lock:job:{id}";
                var token = Environment.MachineName;
                if (await db.[|StringSetAsync|](key, token, when: When.NotExists, flags: CommandFlags.DemandMaster))
                {
                    try { await Task.Delay(10); }
                    finally { await db.[|KeyDeleteAsync|](key); }
                }
            }
        }
        """, """
        class Jobs
        {
            public async Task RunAsync(IDatabase db, int id)
            {
                var key = $"lock:job:{id}";
                var token = Environment.MachineName;
                if (await db.LockTakeAsync(key, token, TimeSpan.FromMinutes(5), flags: CommandFlags.DemandMaster))
                {
                    try { await Task.Delay(10); }
                    finally { await db.LockReleaseAsync(key, token); }
                }
            }
        }
        """, null, redis);

    [Fact]
    public Task Fix_all_releases_with_the_token_field() => FixVerifier.VerifyFixAsync("""
        class Jobs
        {
            private readonly string _owner = Environment.MachineName;

            public void Run(IDatabase db)
            {
                if (db.LockTake("lock:a", _owner, TimeSpan.FromSeconds(30)))
                {
                    db.[|KeyDelete|]("lock:a");
                }

                if (db.LockTake("lock:b", _owner, TimeSpan.FromSeconds(30)))
                {
                    db.[|KeyDelete|]("lock:b", CommandFlags.FireAndForget);
                }
            }
        }
        """, """
        class Jobs
        {
            private readonly string _owner = Environment.MachineName;

            public void Run(IDatabase db)
            {
                if (db.LockTake("lock:a", _owner, TimeSpan.FromSeconds(30)))
                {
                    db.LockRelease("lock:a", _owner);
                }

                if (db.LockTake("lock:b", _owner, TimeSpan.FromSeconds(30)))
                {
                    db.LockRelease("lock:b", _owner, flags: CommandFlags.FireAndForget);
                }
            }
        }
        """);
}
