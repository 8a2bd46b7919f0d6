using System.Threading.Tasks;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Security.InsecureCacheConnectionAnalyzer>;
using FixVerifier = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Security.InsecureCacheConnectionAnalyzer,
    CachingArchitect.CodeFixes.Rules.Security.InsecureCacheConnectionCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Security;

public class CACHE052Tests
{
    private const string Credentials = "The Redis connection string literal contains credentials ('password='/'user='); read it from configuration or a secret store";

    private static string Cleartext(string host) => $"The Redis connection to '{host}' is not encrypted; add 'ssl=true' (and use the TLS port)";

    private static DiagnosticResult At(int location, string message) => VerifyCS.Diagnostic().WithLocation(location).WithArguments(message);

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Literal_with_password_and_without_ssl() => VerifyCS.VerifyAsync("""
        class Connections
        {
            IConnectionMultiplexer A() => ConnectionMultiplexer.Connect({|#0:"prod-cache.redis.cache.windows.net:6380,password=s3cr3t,abortConnect=false"|});
            IConnectionMultiplexer B() => ConnectionMultiplexer.Connect({|#1:"prod-cache.redis.cache.windows.net:6380,password=s3cr3t,ssl=True"|});
        }
        """,
        At(0, Credentials), At(0, Cleartext("prod-cache.redis.cache.windows.net")), At(1, Credentials));

    [Fact]
    public Task Const_connection_string_in_RedisCacheOptions() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        static class Setup
        {
            private const string Redis = {|#0:"10.0.4.12:6379,user=app,password=hunter2"|};

            public static void Add(IServiceCollection services) =>
                services.AddStackExchangeRedisCache(o => o.Configuration = Redis);
        }
        """,
        At(0, Credentials), At(0, Cleartext("10.0.4.12")));

    [Fact]
    public Task Options_object_without_ssl_hard_coded_password_and_weak_tls() => VerifyCS.VerifyAsync("""
        using System.Security.Authentication;

        class Connections
        {
            IConnectionMultiplexer Create()
            {
                var options = {|#0:new ConfigurationOptions { EndPoints = { "cache.example.com:6379" }, AbortOnConnectFail = false }|};
                options.Password = {|#1:"p@ss"|};
                {|#2:options.CheckCertificateRevocation = false|};
                {|#3:options.SslProtocols = SslProtocols.Tls | SslProtocols.Tls12|};
                {|#4:options.CertificateValidation += (sender, cert, chain, errors) => true|};
                return ConnectionMultiplexer.Connect(options);
            }
        }
        """,
        At(0, "The Redis connection to 'cache.example.com' is not encrypted; set 'Ssl = true' (and use the TLS port)"),
        At(1, "The Redis password is hard-coded in source; read it from configuration or a secret store"),
        At(2, "'CheckCertificateRevocation = false' accepts revoked Redis server certificates"),
        At(3, "'SslProtocols' allows TLS 1.0/1.1 for the Redis connection; use TLS 1.2 or later (or the OS default)"),
        At(4, "The certificate validation callback accepts every Redis server certificate, so TLS no longer authenticates the server"));

    // ------------------------------------------------------------------ looks like it but is fine

    [Fact]
    public Task Loopback_unix_socket_and_configuration_values() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.Configuration;

        class Connections
        {
            IConnectionMultiplexer A() => ConnectionMultiplexer.Connect("localhost:6379,password=dev");
            IConnectionMultiplexer B() => ConnectionMultiplexer.Connect("127.0.0.1:6379,abortConnect=false");
            IConnectionMultiplexer C() => ConnectionMultiplexer.Connect("/var/run/redis/redis.sock");
            IConnectionMultiplexer D(IConfiguration config) => ConnectionMultiplexer.Connect(config.GetConnectionString("Redis")!);
            IConnectionMultiplexer E(IConfiguration config) => ConnectionMultiplexer.Connect(config["Redis:ConnectionString"] + ",abortConnect=false");
        }
        """);

    [Fact]
    public Task Docker_compose_name_in_development_guarded_code() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Configuration;

        class Connections
        {
            IConnectionMultiplexer Create(IHostEnvironment env, IConfiguration config)
            {
                if (env.IsDevelopment())
                {
                    return ConnectionMultiplexer.Connect("redis:6379,password=devpassword");
                }

                return ConnectionMultiplexer.Connect(config.GetConnectionString("Redis")!);
            }
        }
        """);

    [Fact]
    public Task Tls_enabled_remote_and_strict_validation() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.Configuration;

        class Connections
        {
            IConnectionMultiplexer A() => ConnectionMultiplexer.Connect("prod-cache.redis.cache.windows.net:6380,ssl=true,abortConnect=false");

            IConnectionMultiplexer B(IConfiguration config)
            {
                var options = new ConfigurationOptions { EndPoints = { "cache.example.com:6380" }, Ssl = true, Password = config["Redis:Password"] };
                options.CheckCertificateRevocation = true;
                options.CertificateValidation += (sender, cert, chain, errors) => errors == System.Net.Security.SslPolicyErrors.None;
                return ConnectionMultiplexer.Connect(options);
            }

            IConnectionMultiplexer C()
            {
                var options = new ConfigurationOptions { EndPoints = { "cache.example.com:6380" } };
                options.Ssl = true;
                return ConnectionMultiplexer.Connect(options);
            }
        }
        """);

    // ------------------------------------------------------------------ fixes

    [Fact]
    public Task Fix_appends_ssl_to_the_literal_and_sets_Ssl_in_the_initializer() => FixVerifier.VerifyFixAsync("""
        class Connections
        {
            IConnectionMultiplexer A() => ConnectionMultiplexer.Connect([|"cache.example.com:6380,abortConnect=false"|]);
            IConnectionMultiplexer B() => ConnectionMultiplexer.Connect([|new ConfigurationOptions { EndPoints = { "cache.example.com:6380" } }|]);
        }
        """, """
        class Connections
        {
            IConnectionMultiplexer A() => ConnectionMultiplexer.Connect("cache.example.com:6380,abortConnect=false,ssl=true");
            IConnectionMultiplexer B() => ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { "cache.example.com:6380" }, Ssl = true });
        }
        """);

    // ------------------------------------------------------------------ parser

    [Fact]
    public void Connection_string_parser_serves_the_security_checks()
    {
        var parsed = RedisConnectionString.Parse(" a.example.com:6380 , [::1]:6379,password=p=w,Ssl=True,abortConnect=false,allowAdmin=true,user=u,serviceName=m,connectTimeout=5000,syncTimeout=x")!;
        Assert.Equal(new[] { "a.example.com:6380", "[::1]:6379" }, parsed.Endpoints);
        Assert.Equal("p=w", parsed.Password);
        Assert.True(parsed.Ssl);
        Assert.False(parsed.AbortConnect);
        Assert.True(parsed.AllowAdmin);
        Assert.Equal("u", parsed.User);
        Assert.Equal("m", parsed.ServiceName);
        Assert.Equal(5000, parsed.ConnectTimeoutMilliseconds);
        Assert.Null(parsed.SyncTimeoutMilliseconds);
        Assert.True(RedisConnectionString.IsLoopback("[::1]:6379"));
        Assert.True(RedisConnectionString.IsSingleLabel("redis:6379"));
        Assert.False(RedisConnectionString.IsSingleLabel("localhost"));
        Assert.True(RedisConnectionString.IsUnixSocket("/tmp/redis.sock"));
        Assert.True(RedisConnectionString.IsRemote("cache.example.com:6380"));
        Assert.Null(RedisConnectionString.Parse(null));
    }
}
