using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Performance.KeyspaceEnumerationAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Performance;

public class CACHE040Tests
{
    private static DiagnosticResult Info(int index, string name) =>
        VerifyCS.Diagnostic().WithSeverity(DiagnosticSeverity.Info).WithLocation(index).WithArguments(
            $"'{name}' enumerates the whole keyspace of the server (SCAN, or KEYS on servers without it) in a background job on a replica: keep the sweep rare and its pattern narrow, or replace it with an index of member keys");

    // ------------------------------------------------------------------ triggers

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Keys_and_KeysAsync_on_IServer(RedisVersion redis) => VerifyCS.VerifyAsync("""
        class C
        {
            int Count(IServer server) => server.[|Keys|](pattern: "session:*").Count();

            async Task<int> CountAsync(IServer server)
            {
                var n = 0;
                await foreach (var key in server.[|KeysAsync|](pattern: "session:*"))
                {
                    n++;
                }

                return n;
            }
        }
        """, null, redis);

    [Fact]
    public Task Execute_KEYS_and_SCAN_commands() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDatabase db, IServer server)
            {
                var all = db.[|Execute|]("KEYS", "user:*");
                var page = await db.[|ExecuteAsync|]("scan", 0, "MATCH", "user:*");
                var more = server.[|Execute|]("KEYS", "*");
            }
        }
        """);

    [Fact]
    public Task Message_names_the_request_path_and_the_delete_by_pattern() => VerifyCS.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        public class CartController : ControllerBase
        {
            private readonly IConnectionMultiplexer _mux;
            public CartController(IConnectionMultiplexer mux) => _mux = mux;

            [HttpDelete("carts/{userId:int}")]
            public async Task<IActionResult> Clear(int userId)
            {
                var server = _mux.GetServer(_mux.GetEndPoints()[0]);
                var db = _mux.GetDatabase();
                foreach (var key in server.{|#0:Keys|}(pattern: $"cart:{userId}:*"))
                {
                    await db.KeyDeleteAsync(key);
                }

                return NoContent();
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "'Keys' enumerates the whole keyspace of the server (SCAN, or KEYS on servers without it), on the request path, so every request pays for a full sweep, and to delete by pattern, which a tag/set index of member keys or key versioning does without a sweep; keep an index of member keys (a set, or HybridCache/FusionCache tags) or version the key family"));

    [Fact]
    public Task Keys_materialized_into_KeyDelete() => VerifyCS.VerifyAsync("""
        class C
        {
            Task<long> Purge(IServer server, IDatabase db)
            {
                var keys = server.{|#0:Keys|}(pattern: "report:*").ToArray();
                return db.KeyDeleteAsync(keys);
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "'Keys' enumerates the whole keyspace of the server (SCAN, or KEYS on servers without it), to delete by pattern, which a tag/set index of member keys or key versioning does without a sweep; keep an index of member keys (a set, or HybridCache/FusionCache tags) or version the key family"));

    [Fact]
    public Task Keys_inside_a_loop() => VerifyCS.VerifyAsync("""
        class C
        {
            int M(IServer server, string[] tenants)
            {
                var total = 0;
                foreach (var tenant in tenants)
                {
                    total += server.{|#0:Keys|}(pattern: tenant + ":*").Count();
                }

                return total;
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "'Keys' enumerates the whole keyspace of the server (SCAN, or KEYS on servers without it), inside a loop, so the sweep repeats; keep an index of member keys (a set, or HybridCache/FusionCache tags) or version the key family"));

    [Fact]
    public Task Visiting_each_server_once_is_not_a_repeated_sweep() => VerifyCS.VerifyAsync("""
        class C
        {
            void Invalidate(IConnectionMultiplexer mux, IDistributedCache cache)
            {
                foreach (var endpoint in mux.GetEndPoints())
                {
                    var server = mux.GetServer(endpoint);
                    if (server.IsReplica) continue;
                    foreach (var key in server.{|#0:Keys|}(pattern: "query:*"))
                    {
                        cache.Remove(key.ToString());
                    }
                }

                foreach (var tenant in new[] { "a", "b" })
                {
                    foreach (var server in mux.GetServers())
                    {
                        _ = server.{|#1:Keys|}(pattern: tenant + ":*").Count();
                    }
                }
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "'Keys' enumerates the whole keyspace of the server (SCAN, or KEYS on servers without it); don't enumerate keys in application code: keep an index of member keys (a set, or HybridCache/FusionCache tags) or version the key family"),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments(
            "'Keys' enumerates the whole keyspace of the server (SCAN, or KEYS on servers without it), inside a loop, so the sweep repeats; keep an index of member keys (a set, or HybridCache/FusionCache tags) or version the key family"));

    [Fact]
    public Task Replica_sweep_outside_a_hosted_service_stays_a_warning() => VerifyCS.VerifyAsync("""
        class C
        {
            int M(IServer server) => server.[|Keys|](pattern: "a:*", flags: CommandFlags.DemandReplica).Count();
        }
        """);

    [Fact]
    public Task Hosted_service_on_the_primary_stays_a_warning() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.Hosting;

        public sealed class Janitor : BackgroundService
        {
            private readonly IServer _server;
            public Janitor(IServer server) => _server = server;

            protected override Task ExecuteAsync(CancellationToken stoppingToken)
            {
                var n = _server.[|Keys|](pattern: "tmp:*").Count();
                return Task.CompletedTask;
            }
        }
        """);

    // ------------------------------------------------------------------ does not trigger / downgraded

    [Fact]
    public Task Replica_sweep_in_a_hosted_service_is_info() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.Hosting;

        public sealed class Janitor : BackgroundService
        {
            private readonly IServer _server;
            public Janitor(IServer server) => _server = server;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await foreach (var key in _server.{|#0:KeysAsync|}(pattern: "tmp:*", pageSize: 500, flags: CommandFlags.PreferReplica))
                    {
                    }

                    await Task.Delay(TimeSpan.FromHours(1), stoppingToken);
                }
            }
        }

        public sealed class Audit : IHostedService
        {
            private readonly IServer _server;
            public Audit(IServer server) => _server = server;

            public Task StartAsync(CancellationToken ct)
            {
                var n = _server.{|#1:Keys|}(pattern: "audit:*", flags: CommandFlags.DemandReplica).Count();
                return Task.CompletedTask;
            }

            public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
        }
        """, Info(0, "KeysAsync"), Info(1, "Keys"));

    [Fact]
    public Task Files_under_ops_tooling_paths_are_exempt() => PathVerifier<Analyzers.Rules.Performance.KeyspaceEnumerationAnalyzer>.VerifyAsync(
        "/src/Tools/KeyCleanup.cs", """
        static class KeyCleanup
        {
            public static async Task Run(IServer server, IDatabase db)
            {
                await foreach (var key in server.KeysAsync(pattern: "legacy:*"))
                {
                    await db.KeyDeleteAsync(key);
                }
            }
        }
        """,
        "caching_architect.ops_tooling_paths = Tools/, *.Ops/\n");

    [Fact]
    public Task Other_paths_are_not_exempt() => PathVerifier<Analyzers.Rules.Performance.KeyspaceEnumerationAnalyzer>.VerifyAsync(
        "/src/Services/KeyCleanup.cs", """
        static class KeyCleanup
        {
            public static int Run(IServer server) => server.[|Keys|]().Count();
        }
        """,
        "caching_architect.ops_tooling_paths = Tools/, *.Ops/\n");

    [Fact]
    public Task Looks_like_it_but_is_fine() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDatabase db, IServer server, IConnectionMultiplexer mux)
            {
                // A hash field scan is bounded by one key, not the keyspace.
                await foreach (var entry in db.HashScanAsync("cart:42", "item:*")) { }

                // Other raw commands, a set of member keys, and server info.
                await db.ExecuteAsync("PING");
                var members = await db.SetMembersAsync("index:carts");
                await db.KeyDeleteAsync(members.Select(m => (RedisKey)m.ToString()).ToArray());
                var info = await server.InfoAsync("keyspace");
                var size = await server.DatabaseSizeAsync();
            }

            // A dictionary or a user type with a Keys member is not Redis.
            int Count(Dictionary<string, int> map, KeyStore store) => map.Keys.Count + store.Keys("x").Count;
        }

        class KeyStore
        {
            public List<string> Keys(string pattern) => new();
        }
        """);

    [Fact]
    public Task Command_not_constant_is_not_reported() => VerifyCS.VerifyAsync("""
        class C
        {
            Task<RedisResult> Run(IDatabase db, string command, object[] args) => db.ExecuteAsync(command, args);
        }
        """);

    // ------------------------------------------------------------------ CachingArchitect.StackExchangeRedis DeleteFamilyAsync

    private const string SchemaSource = """
        using Microsoft.AspNetCore.Mvc;

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("product:{id}:details", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Product(long id);
        }

        """;

    [Fact]
    public Task DeleteFamilyAsync_on_the_request_path() => CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
        CachingArchitect.Analyzers.Rules.Performance.KeyspaceEnumerationAnalyzer>.VerifyAsync(SchemaSource + """
        [ApiController]
        public class ProductsController : ControllerBase
        {
            [HttpPost("products/{id}/refresh")]
            public Task<long> Refresh(long id, IConnectionMultiplexer mux) => RedisCacheAdministration.[|DeleteFamilyAsync|](mux, ShopKeys.Product(id));

            [HttpPost("products/purge")]
            public Task<long> Purge(IConnectionMultiplexer mux) => RedisCacheAdministration.[|DeleteByPatternAsync|](mux, "shop:v1:*");
        }
        """);

    [Fact]
    public Task DeleteFamilyAsync_in_an_admin_job_is_its_intended_use() => CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
        CachingArchitect.Analyzers.Rules.Performance.KeyspaceEnumerationAnalyzer>.VerifyAsync(SchemaSource + """
        public sealed class CacheMaintenance
        {
            private readonly IConnectionMultiplexer _mux;
            public CacheMaintenance(IConnectionMultiplexer mux) => _mux = mux;

            public Task<long> PurgeProductDetailsAsync(CancellationToken ct) =>
                RedisCacheAdministration.DeleteFamilyAsync(_mux, ShopKeys.Product(0), cancellationToken: ct);
        }
        """);
}
