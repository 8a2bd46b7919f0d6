using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Security.AdminCacheCommandAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Security;

public class CACHE053Tests
{
    private static DiagnosticResult Admin(int location, string message, bool requestPath = false) =>
        VerifyCS.Diagnostic().WithLocation(location).WithArguments(message, requestPath ? ", and any HTTP request can trigger it (it is on a request path)" : "");

    [Fact]
    public Task Redis_server_admin_commands() => VerifyCS.VerifyAsync("""
        class Maintenance
        {
            async Task Run(IConnectionMultiplexer mux)
            {
                var server = mux.GetServer(mux.GetEndPoints()[0]);
                server.{|#0:FlushDatabase|}();
                await server.{|#1:FlushAllDatabasesAsync|}();
                server.{|#2:ConfigSet|}("maxmemory-policy", "noeviction");
                server.{|#3:Shutdown|}();
                await server.{|#4:MakePrimaryAsync|}(ReplicationChangeOptions.All);
            }
        }
        """,
        Admin(0, "'FlushDatabase' sends FLUSHDB, a destructive admin command, from application code"),
        Admin(1, "'FlushAllDatabasesAsync' sends FLUSHALL, a destructive admin command, from application code"),
        Admin(2, "'ConfigSet' sends CONFIG SET, a destructive admin command, from application code"),
        Admin(3, "'Shutdown' sends SHUTDOWN, a destructive admin command, from application code"),
        Admin(4, "'MakePrimaryAsync' sends a primary/replica topology change, a destructive admin command, from application code"));

    [Fact]
    public Task Memcached_flush_all_on_a_request_path_escalates() => VerifyCS.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        public class CacheController(IMemcachedClient client) : ControllerBase
        {
            [HttpPost("flush")]
            public async Task<IActionResult> Flush()
            {
                await client.{|#0:FlushAllAsync|}();
                return Ok();
            }
        }
        """,
        Admin(0, "'FlushAllAsync' sends flush_all, a destructive admin command, from application code", requestPath: true));

    [Fact]
    public Task AllowAdmin_in_options_and_connection_string() => VerifyCS.VerifyAsync("""
        class Connections
        {
            IConnectionMultiplexer A() => ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { "localhost:6379" }, {|#0:AllowAdmin = true|} });
            IConnectionMultiplexer B() => ConnectionMultiplexer.Connect({|#1:"cache.internal:6380,ssl=true,allowAdmin=true"|});
        }
        """,
        Admin(0, "'AllowAdmin = true' enables FLUSHALL, CONFIG, SHUTDOWN and other risky commands for application code"),
        Admin(1, "'allowAdmin=true' in the connection string enables FLUSHALL, CONFIG, SHUTDOWN and other risky commands for application code"));

    // ------------------------------------------------------------------ looks like it but is fine

    [Fact]
    public Task Test_projects_are_exempt() => VerifyCS.VerifyWithReferencesAsync("""
        public class RedisFixture
        {
            [Xunit.Fact]
            public void Reset(IServer server) => server.FlushDatabase();
        }
        """, null, new[] { TestReferences.XunitCore });

    [Fact]
    public Task Ops_tooling_paths_are_exempt() => VerifyCS.VerifyAsync("""
        class ResetTool
        {
            void Run(IServer server, IMemcachedClient client)
            {
                server.FlushAllDatabases();
                client.FlushAll();
            }
        }
        """, "caching_architect.ops_tooling_paths = /0/", RedisVersion.V3);

    [Fact]
    public Task Debug_only_code_and_similar_names_are_not_reported() => VerifyCS.VerifyAsync("""
        class DevTools
        {
            void Reset(IServer server, IDatabase db, ConfigurationOptions options)
            {
        #if DEBUG
                server.FlushDatabase();
        #endif
                db.KeyDelete("session:1");
                options.AllowAdmin = false;
                var text = "allowAdmin=true is dangerous";
                Console.WriteLine(text);
            }

            void FlushDatabase() { }
        }
        """);

    [Fact]
    public void Debug_region_detection()
    {
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("""
            class C
            {
            #if DEBUG
                void A() { }
            #else
                void B() { }
            #endif
            #if !DEBUG
                void C1() { }
            #else
                void D() { }
            #endif
                void E() { }
            }
            """, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(preprocessorSymbols: new[] { "DEBUG" }));
        var text = tree.ToString();
        bool At(string marker) => CachingArchitect.Analyzers.Model.ConditionalRegions.IsInDebugOnlyRegion(tree, text.IndexOf(marker, System.StringComparison.Ordinal));
        Assert.True(At("void A"));
        Assert.False(At("void B"));
        Assert.False(At("void C1"));
        Assert.True(At("void D"));
        Assert.False(At("void E"));
    }
}
