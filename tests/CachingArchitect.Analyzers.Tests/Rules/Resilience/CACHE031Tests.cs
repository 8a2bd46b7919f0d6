using System.Threading;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Rules.Resilience;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Resilience.FragileRedisConnectionAnalyzer>;
using FixVerifier = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Resilience.FragileRedisConnectionAnalyzer,
    CachingArchitect.CodeFixes.Rules.Resilience.FragileRedisConnectionCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Resilience;

public class CACHE031Tests
{
    private static Task Verify(string source, params DiagnosticResult[] expected) => VerifyCS.VerifyAsync(source, expected);

    /// <summary>Runs the analyzer with an <c>appsettings*.json</c> passed as an AdditionalFile.</summary>
    private static async Task VerifyWithSettings(string fileName, string json, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<FragileRedisConnectionAnalyzer, DefaultVerifier> { ReferenceAssemblies = new ReferenceAssemblies("net10.0") };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All());
        test.TestState.Sources.Add("class Placeholder { }");
        test.TestState.Sources.Add((TestSources.GlobalUsingsFileName, TestSources.GlobalUsings));
        test.TestState.AdditionalFiles.Add((fileName, json));
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    // ------------------------------------------------------------------ (a) abortConnect

    [Fact]
    public Task AbortOnConnectFail_true() => Verify("""
        class Redis
        {
            public static ConfigurationOptions Options() => new ConfigurationOptions
            {
                EndPoints = { "redis:6379" },
                AbortOnConnectFail = [|true|],
            };

            public static void Change(ConfigurationOptions options) => options.AbortOnConnectFail = [|true|];
        }
        """);

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Literal_connection_strings_without_abortConnect(RedisVersion redis) => VerifyCS.VerifyAsync("""
        class Redis
        {
            private const string Configuration = "redis-primary:6379,redis-replica:6379,ssl=false";

            public static Lazy<ConnectionMultiplexer> Connection = new(() => ConnectionMultiplexer.Connect([|"localhost:6379"|]));
            public static Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync([|Configuration|]);
            public static ConfigurationOptions Parse() => ConfigurationOptions.Parse([|"cache.internal:6380,password=secret,abortConnect=true"|]);
        }
        """, null, redis);

    [Fact]
    public Task RedisCacheOptions_configuration_abortConnect_is_forced_off_by_the_package() => Verify("""
        using Microsoft.Extensions.Caching.StackExchangeRedis;
        using Microsoft.Extensions.DependencyInjection;

        // Microsoft.Extensions.Caching.StackExchangeRedis 8.0+ connects with AbortOnConnectFail = false whatever the string says
        // (this test compiles against 10.0): neither a missing nor an explicit abortConnect=true matters there.
        static class Registration
        {
            public static void Add(IServiceCollection services) =>
                services.AddStackExchangeRedisCache(o =>
                {
                    o.Configuration = "redis:6379";
                    o.InstanceName = "shop:";
                });

            public static RedisCache Create() => new(new RedisCacheOptions { Configuration = "redis:6379,abortConnect=true" });
        }
        """);

    [Fact]
    public Task Appsettings_connection_strings() => VerifyWithSettings("/0/appsettings.Production.json", """
        {
          // comments are allowed
          "ConnectionStrings": {
            "Default": "Server=sql;Database=shop;Trusted_Connection=True;",
            "Redis": "redis-1:6379,redis-2:6379,password=x"
          },
          "Redis": { "Configuration": "cache.internal:6379,abortConnect=true,syncTimeout=100" },
          "Logging": { "LogLevel": { "Redis": "Warning" } }
        }
        """, null,
        VerifyCS.Diagnostic().WithSpan("/0/appsettings.Production.json", 5, 14, 5, 52).WithArguments("'ConnectionStrings:Redis' in appsettings.Production.json connects to 'redis-1:6379' without abortConnect=false (the default is true outside Azure): if Redis is unreachable at start-up, Connect throws and no multiplexer is ever created; append ',abortConnect=false'"),
        VerifyCS.Diagnostic().WithSpan("/0/appsettings.Production.json", 7, 31, 7, 86).WithArguments("'Redis:Configuration' in appsettings.Production.json sets abortConnect=true: if Redis is unreachable at start-up, Connect throws and no multiplexer is ever created; use abortConnect=false and let StackExchange.Redis keep retrying in the background"),
        VerifyCS.Diagnostic().WithSpan("/0/appsettings.Production.json", 7, 31, 7, 86).WithArguments("'Redis:Configuration' in appsettings.Production.json: syncTimeout = 100 ms is below caching_architect.min_redis_timeout (1 s): every network hiccup or GC pause becomes a timeout"));

    [Fact]
    public Task Appsettings_that_are_fine_or_not_settings_files() => VerifyWithSettings("/0/appsettings.json", """
        {
          "ConnectionStrings": {
            "Redis": "contoso.redis.cache.windows.net:6380,ssl=true,password=x",
            "RedisLocal": "localhost:6379,abortConnect=false",
            "RedisSentinel": "sentinel-1:26379,serviceName=mymaster"
          }
        }
        """, null);

    // ------------------------------------------------------------------ (b) IsConnected polling

    [Fact]
    public Task IsConnected_polling_and_reconnect() => Verify("""
        sealed class RedisConnection
        {
            private static ConnectionMultiplexer? _mux;
            private static readonly object Gate = new();

            public static IDatabase Database
            {
                get
                {
                    if (_mux == null || !_mux.[|IsConnected|])
                    {
                        lock (Gate)
                        {
                            _mux = ConnectionMultiplexer.Connect("redis:6379,abortConnect=false");
                        }
                    }

                    return _mux.GetDatabase();
                }
            }

            public async Task<IConnectionMultiplexer> EnsureAsync(IConnectionMultiplexer current)
            {
                if (current.[|IsConnected|])
                {
                    return current;
                }

                current.Dispose();
                return await ConnectionMultiplexer.ConnectAsync("redis:6379,abortConnect=false");
            }
        }
        """);

    // ------------------------------------------------------------------ (c) timeouts

    [Fact]
    public Task Timeouts_outside_the_configured_range() => Verify("""
        class Redis
        {
            public static ConfigurationOptions Options() => new ConfigurationOptions
            {
                EndPoints = { "redis:6379" },
                AbortOnConnectFail = false,
                ConnectTimeout = {|#0:100000|},
                SyncTimeout = {|#1:200|},
                AsyncTimeout = 5000,
            };
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("'ConnectTimeout' = 100000 ms is above caching_architect.max_redis_timeout (30 s): requests hang that long when Redis is down instead of failing fast"),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("'SyncTimeout' = 200 ms is below caching_architect.min_redis_timeout (1 s): every network hiccup or GC pause becomes a timeout"));

    [Fact]
    public Task Timeout_range_is_configurable() => VerifyCS.VerifyAsync("""
        class Redis
        {
            public static ConfigurationOptions Options() => new ConfigurationOptions
            {
                EndPoints = { "redis:6379" },
                AbortOnConnectFail = false,
                ConnectTimeout = 100000,
                SyncTimeout = [|200|],
                AsyncTimeout = 250,
            };
        }
        """, "caching_architect.min_redis_timeout = 250ms\ncaching_architect.max_redis_timeout = 2m", RedisVersion.V3);

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task AbortConnect_false_and_Azure_hosts() => Verify("""
        class Redis
        {
            public static ConnectionMultiplexer A() => ConnectionMultiplexer.Connect("redis:6379,abortConnect=false");
            public static ConnectionMultiplexer B() => ConnectionMultiplexer.Connect("contoso.redis.cache.windows.net:6380,password=x,ssl=True");
            public static ConnectionMultiplexer C() => ConnectionMultiplexer.Connect("shop.westeurope.redis.azure.net:10000,ssl=true");
            public static ConfigurationOptions D() => new() { EndPoints = { "redis:6379" }, AbortOnConnectFail = false };

            public static ConfigurationOptions E()
            {
                var options = ConfigurationOptions.Parse("redis:6379");
                options.AbortOnConnectFail = false;
                return options;
            }
        }
        """);

    [Fact]
    public Task Sentinel_configurations() => Verify("""
        class Redis
        {
            public static ConnectionMultiplexer A() => ConnectionMultiplexer.Connect("sentinel-1:26379,sentinel-2:26379,serviceName=mymaster");
            public static ConfigurationOptions B() => new() { EndPoints = { "sentinel:26379" }, ServiceName = "mymaster", AbortOnConnectFail = true };
        }
        """);

    [Fact]
    public Task Test_projects_are_not_analyzed() => VerifyCS.VerifyWithReferencesAsync("""
        public class RedisTests
        {
            [Xunit.Fact]
            public void Connects() => ConnectionMultiplexer.Connect("localhost:6379").Dispose();
        }
        """, null, new[] { TestReferences.XunitCore });

    // ------------------------------------------------------------------ looks like it but is fine

    [Fact]
    public Task Configuration_from_settings_and_IsConnected_for_health_checks() => Verify("""
        using Microsoft.Extensions.Configuration;

        sealed class RedisHealth
        {
            private readonly IConnectionMultiplexer _mux;
            public RedisHealth(IConnectionMultiplexer mux) => _mux = mux;

            public string Status() => _mux.IsConnected ? "up" : "down";

            public bool Check()
            {
                if (!_mux.IsConnected)
                {
                    Console.WriteLine("redis is reconnecting");
                    return false;
                }

                return true;
            }

            public static ConnectionMultiplexer Connect(IConfiguration configuration) =>
                ConnectionMultiplexer.Connect(configuration.GetConnectionString("Redis")!);
        }
        """);

    [Fact]
    public Task Timeouts_in_range_and_not_constant() => Verify("""
        class Redis
        {
            public static ConfigurationOptions Options(int fromConfig) => new()
            {
                EndPoints = { "redis:6379" },
                AbortOnConnectFail = false,
                ConnectTimeout = 15000,
                SyncTimeout = 5000,
                AsyncTimeout = fromConfig,
            };
        }
        """);

    // ------------------------------------------------------------------ fix

    [Fact]
    public Task Fix_all_sets_abortConnect_false() => FixVerifier.VerifyFixAsync("""
        class Redis
        {
            public static ConnectionMultiplexer A() => ConnectionMultiplexer.Connect([|"localhost:6379"|]);
            public static ConnectionMultiplexer B() => ConnectionMultiplexer.Connect([|@"redis:6379,ssl=false,"|]);
            public static ConnectionMultiplexer C() => ConnectionMultiplexer.Connect([|"redis:6379,abortConnect=true,ssl=false"|]);
            public static ConfigurationOptions D() => new() { EndPoints = { "redis:6379" }, AbortOnConnectFail = [|true|] };
        }
        """, """
        class Redis
        {
            public static ConnectionMultiplexer A() => ConnectionMultiplexer.Connect("localhost:6379,abortConnect=false");
            public static ConnectionMultiplexer B() => ConnectionMultiplexer.Connect(@"redis:6379,ssl=false,abortConnect=false");
            public static ConnectionMultiplexer C() => ConnectionMultiplexer.Connect("redis:6379,abortConnect=false,ssl=false");
            public static ConfigurationOptions D() => new() { EndPoints = { "redis:6379" }, AbortOnConnectFail = false };
        }
        """);
}
