using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Performance.RoundTripsInLoopAnalyzer>;
using FixVerifier = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Performance.RoundTripsInLoopAnalyzer,
    CachingArchitect.CodeFixes.Rules.Performance.RoundTripsInLoopCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Performance;

public class CACHE042Tests
{
    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Awaited_single_key_reads_in_loops(RedisVersion redis) => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDatabase db, IDistributedCache cache, HybridCache hybrid, IMemcachedClient memcached, int[] ids)
            {
                foreach (var id in ids)
                {
                    var v = await db.{|#0:StringGetAsync|}($"user:{id}");
                    var h = await db.[|HashGetAsync|]($"cart:{id}", "total").ConfigureAwait(false);
                }

                for (var i = 0; i < ids.Length; i++)
                {
                    var b = await cache.[|GetStringAsync|]($"blob:{ids[i]}");
                    var p = await hybrid.[|GetOrCreateAsync|]($"p:{ids[i]}", ct => ValueTask.FromResult(1));
                }

                var n = 0;
                while (n < ids.Length)
                {
                    var m = await memcached.[|GetAsync<string>|]($"m:{ids[n++]}");
                }
            }
        }
        """, null, redis,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "'StringGetAsync' is awaited once per iteration of the foreach loop: N items cost N network round trips; fetch the keys with one multi-key call (StringGet(RedisKey[]) is MGET), an IBatch, or start the calls and await Task.WhenAll"));

    [Fact]
    public Task Synchronous_single_key_reads_in_loops() => VerifyCS.VerifyAsync("""
        class C
        {
            List<string?> M(IDatabase db, IDistributedCache cache, List<int> ids)
            {
                var result = new List<string?>();
                foreach (var id in ids)
                {
                    result.Add(db.[|StringGet|]($"user:{id}"));
                    result.Add(cache.[|GetString|]($"blob:{id}"));
                }

                return result;
            }
        }
        """);

    [Fact]
    public Task Does_not_trigger() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDatabase db, IDistributedCache cache, IMemcachedClient memcached, int[] ids, string region)
            {
                // Collected and awaited together.
                var tasks = new List<Task<RedisValue>>();
                foreach (var id in ids)
                {
                    tasks.Add(db.StringGetAsync($"user:{id}"));
                }

                await Task.WhenAll(tasks);
                var all = await Task.WhenAll(ids.Select(id => cache.GetStringAsync($"blob:{id}")));

                // Queued on a batch.
                var batch = db.CreateBatch();
                var pending = new List<Task<RedisValue>>();
                foreach (var id in ids)
                {
                    pending.Add(batch.StringGetAsync($"user:{id}"));
                }

                batch.Execute();
                await Task.WhenAll(pending);

                // Multi-key overloads.
                var values = await db.StringGetAsync(ids.Select(id => (RedisKey)$"user:{id}").ToArray());
                var many = memcached.Get<string>(ids.Select(id => $"m:{id}"));

                // Small constant loops and loop-invariant keys.
                for (var i = 0; i < 3; i++)
                {
                    var shard = await db.StringGetAsync($"shard:{i}");
                }

                foreach (var tier in new[] { "gold", "silver" })
                {
                    var t = await db.StringGetAsync($"tier:{tier}");
                }

                foreach (var id in ids)
                {
                    var config = await db.StringGetAsync($"config:{region}");
                }
            }
        }
        """);

    [Fact]
    public Task Fix_rewrites_the_add_loop_to_one_mget() => FixVerifier.VerifyFixAsync("""
        class C
        {
            async Task<List<RedisValue>> M(IDatabase db, IEnumerable<int> ids)
            {
                var values = new List<RedisValue>();
                foreach (var id in ids)
                {
                    values.Add(await db.[|StringGetAsync|]($"user:{id}"));
                }

                return values;
            }
        }
        """, """
        class C
        {
            async Task<List<RedisValue>> M(IDatabase db, IEnumerable<int> ids)
            {
                var values = new List<RedisValue>();
                values.AddRange(await db.StringGetAsync(ids.Select(id => (RedisKey)($"user:{id}")).ToArray()));

                return values;
            }
        }
        """);

    [Fact]
    public Task No_fix_for_other_shapes() => FixVerifier.VerifyFixAsync("""
        class C
        {
            async Task<int> M(IDatabase db, int[] ids)
            {
                var total = 0;
                foreach (var id in ids)
                {
                    var v = await db.[|StringGetAsync|]($"user:{id}");
                    total += (int)v;
                }

                return total;
            }
        }
        """, """
        class C
        {
            async Task<int> M(IDatabase db, int[] ids)
            {
                var total = 0;
                foreach (var id in ids)
                {
                    var v = await db.[|StringGetAsync|]($"user:{id}");
                    total += (int)v;
                }

                return total;
            }
        }
        """);
}
