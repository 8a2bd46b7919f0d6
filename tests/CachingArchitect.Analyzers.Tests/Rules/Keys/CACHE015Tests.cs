using System.Threading.Tasks;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Keys.GlobPatternOnExactKeyApiAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Keys;

public class CACHE015Tests
{
    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Redis_KeyDelete_with_star() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDatabase db) => db.KeyDelete({|#0:"user:*"|});
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("KeyDelete", "user:*"));

    [Fact]
    public Task Redis_exact_key_reads_and_expire() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDatabase db, int id)
            {
                await db.KeyExistsAsync([|"session:*"|]);
                db.StringGet([|$"user:{id}:*"|]);
                db.KeyExpire([|"cart:?"|], TimeSpan.FromMinutes(1));
                db.KeyDelete(new RedisKey[] { "ok:1", [|"tmp:[0-9]"|] });
            }
        }
        """);

    [Fact]
    public Task Distributed_memory_memcached_removes() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDistributedCache distributed, IMemoryCache memory, IMemcachedClient memcached, string prefix)
            {
                distributed.Remove([|"products:*"|]);
                distributed.GetString([|"products:*"|]);
                memory.Remove([|prefix + "*"|]);
                memcached.Remove([|"p:*"|]);
            }
        }
        """);

    [Fact]
    public Task HybridCache_glob_tag_and_key() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(HybridCache cache)
            {
                await cache.RemoveByTagAsync({|#0:"product*"|});
                await cache.RemoveAsync([|"product:*"|]);
            }
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("RemoveByTagAsync", "product*"));

    [Fact]
    public Task Pattern_in_a_constant_field() => VerifyCS.VerifyAsync("""
        class C
        {
            private const string AllUsers = "user:*";
            void M(IDatabase db) => db.KeyDelete([|AllUsers|]);
        }
        """);

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Server_keys_scan_is_CACHE040() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IServer server, IDatabase db)
            {
                foreach (var key in server.Keys(pattern: "user:*"))
                {
                    db.KeyDelete(key);
                }
            }
        }
        """);

    [Fact]
    public Task HybridCache_reserved_star_tag() => VerifyCS.VerifyAsync("""
        class C
        {
            Task M(HybridCache cache) => cache.RemoveByTagAsync("*").AsTask();
        }
        """);

    [Fact]
    public Task Exact_keys_and_url_like_keys() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDatabase db, IMemoryCache cache, int id)
            {
                db.KeyDelete($"user:{id}");
                cache.Remove("/api/products?page=2&sort=name");
                cache.Remove("what?now");
                db.StringGet("list[]");
            }
        }
        """);

    [Fact]
    public Task Writes_are_not_exact_key_lookups() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDatabase db) => db.StringSet("weird*name", "v", TimeSpan.FromMinutes(1));
        }
        """);
}
