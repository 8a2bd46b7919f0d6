using System.Threading.Tasks;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Keys.KeyRejectedByBackendAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Keys;

public class CACHE014Tests
{
    private const string Usings = """
        using Microsoft.AspNetCore.Mvc;

        """;

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Memcached_key_with_space() => VerifyCS.VerifyAsync("""
        class C
        {
            bool M(IMemcachedClient client, int id) => client.Set({|#0:$"user profile:{id}"|}, "v", 60);
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "Memcached key 'user profile:{int}' contains whitespace or control characters; Enyim's key transformer throws ArgumentException"));

    [Fact]
    public Task Memcached_key_with_control_character() => VerifyCS.VerifyAsync("""
        class C
        {
            object M(IMemcachedClient client) => client.Get([|"user\t1"|]);
        }
        """);

    [Fact]
    public Task Memcached_constant_key_over_250_bytes() => VerifyCS.VerifyAsync($$"""
        class C
        {
            bool M(IMemcachedClient client) => client.Remove([|"{{new string('k', 251)}}"|]);
        }
        """);

    [Fact]
    public Task Memcached_template_that_can_exceed_250() => VerifyCS.VerifyAsync($$"""
        class C
        {
            bool M(IMemcachedClient client, long id) => client.Remove([|$"{{new string('p', 240)}}:{id}"|]);
        }
        """);

    [Fact]
    public Task Memcached_raw_input_without_hashing_transformer() => VerifyCS.VerifyAsync(Usings + """
        [ApiController]
        public class SearchController : ControllerBase
        {
            [HttpGet]
            public object Get(string q, IMemcachedClient client) => client.Get([|"s:" + q|]);
        }
        """);

    [Fact]
    public Task HybridCache_empty_and_whitespace_key() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(HybridCache cache)
            {
                await cache.GetOrCreateAsync([|""|], ct => ValueTask.FromResult(1));
                await cache.SetAsync([|"  "|], 1);
            }
        }
        """);

    [Fact]
    public Task HybridCache_control_character() => VerifyCS.VerifyAsync("""
        class C
        {
            ValueTask<int> M(HybridCache cache, int id) => cache.GetOrCreateAsync([|$"user\n{id}"|], ct => ValueTask.FromResult(1));
        }
        """);

    [Fact]
    public Task HybridCache_key_over_default_maximum() => VerifyCS.VerifyAsync($$"""
        class C
        {
            ValueTask<int> M(HybridCache cache, int id) => cache.GetOrCreateAsync([|$"{{new string('x', 1020)}}:{id}"|], ct => ValueTask.FromResult(1));
        }
        """);

    [Fact]
    public Task Redis_key_embeds_serialized_object() => VerifyCS.VerifyAsync("""
        class Filter { public string Name { get; set; } = ""; }
        class C
        {
            void M(IDatabase db, Filter filter)
            {
                var json = System.Text.Json.JsonSerializer.Serialize(filter);
                db.StringSet({|#0:$"search:{json}"|}, "v", TimeSpan.FromMinutes(1));
            }
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "Key 'search:{string}' embeds a serialized object (JsonSerializer.Serialize); keys of 1 KB and more are slow to compare and transfer, hash the payload instead"));

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Hashed_keys() => VerifyCS.VerifyAsync(Usings + """
        using System.Security.Cryptography;
        using System.Text;
        public class Filter { public string Name { get; set; } = ""; }
        [ApiController]
        public class SearchController : ControllerBase
        {
            [HttpGet]
            public object Get(string q, IMemcachedClient client, IDatabase db, Filter filter)
            {
                db.StringGet("f:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(filter)))));
                return client.Get("s:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(q))));
            }
        }
        """);

    [Fact]
    public Task Registered_hashing_key_transformer() => VerifyCS.VerifyAsync(Usings + """
        public static class Setup
        {
            public static Enyim.Caching.Memcached.IMemcachedKeyTransformer Transformer = new SHA1KeyTransformer();
        }
        [ApiController]
        public class SearchController : ControllerBase
        {
            [HttpGet]
            public object Get(string q, IMemcachedClient client) => client.Get("s:" + q);
        }
        """);

    [Fact]
    public Task Well_formed_keys() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IMemcachedClient client, HybridCache cache, int id, Guid g, string name)
            {
                client.Set($"user:{id}:{g:N}", "v", 60);
                client.Get($"user:{name}");
                await cache.GetOrCreateAsync($"user:{id}", ct => ValueTask.FromResult(1));
                await cache.GetOrCreateAsync($"user:{name}", ct => ValueTask.FromResult(1));
            }
        }
        """);
}
