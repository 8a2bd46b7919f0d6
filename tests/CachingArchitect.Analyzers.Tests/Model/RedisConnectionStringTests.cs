using System.Linq;
using CachingArchitect.Analyzers.Model;

namespace CachingArchitect.Analyzers.Tests.Model;

public class RedisConnectionStringTests
{
    [Fact]
    public void Parses_endpoints_and_options()
    {
        var c = RedisConnectionString.Parse(" redis-1:6379, redis-2 ,[::1]:6380,ssl=True,password=p=w,user=app,allowAdmin=true,abortConnect=false,connectTimeout=5000,syncTimeout=100,asyncTimeout=x")!;
        Assert.Equal(new[] { "redis-1:6379", "redis-2", "[::1]:6380" }, c.Endpoints.ToArray());
        Assert.Equal(new[] { "redis-1", "redis-2", "::1" }, c.Hosts.ToArray());
        Assert.True(c.Ssl);
        Assert.Equal("p=w", c.Password);
        Assert.Equal("app", c.User);
        Assert.True(c.AllowAdmin);
        Assert.False(c.AbortConnect);
        Assert.False(c.EffectiveAbortConnect);
        Assert.Equal(5000, c.ConnectTimeoutMilliseconds);
        Assert.Equal(100, c.SyncTimeoutMilliseconds);
        Assert.Null(c.AsyncTimeoutMilliseconds);
        Assert.False(c.IsSentinel);
    }

    [Fact]
    public void Keys_are_case_insensitive_and_the_last_occurrence_wins()
    {
        var c = RedisConnectionString.Parse("h,ABORTCONNECT=true,abortconnect=false")!;
        Assert.False(c.AbortConnect);
        Assert.True(c.TryGetOption("AbortConnect", out var option));
        Assert.Equal("h,ABORTCONNECT=true,".Length, option.Start);
        Assert.Equal("abortconnect=false".Length, option.Length);
    }

    [Theory]
    [InlineData("contoso.redis.cache.windows.net:6380,ssl=true", true)]
    [InlineData("CONTOSO.REDIS.CACHE.WINDOWS.NET", true)]
    [InlineData("shop.westeurope.redis.azure.net:10000", true)]
    [InlineData("x.redisenterprise.cache.azure.net:10000", true)]
    [InlineData("x.redis.cache.chinacloudapi.cn", true)]
    [InlineData("localhost:6379", false)]
    [InlineData("redis.cache.windows.net.evil.com", false)]
    public void Azure_hosts_default_abortConnect_to_false(string text, bool azure)
    {
        var c = RedisConnectionString.Parse(text)!;
        Assert.Equal(azure, c.HasAzureEndpoint);
        Assert.Equal(!azure, c.EffectiveAbortConnect);
    }

    [Fact]
    public void Sentinel_configuration()
    {
        var c = RedisConnectionString.Parse("sentinel:26379,serviceName=mymaster")!;
        Assert.True(c.IsSentinel);
        Assert.Equal("mymaster", c.ServiceName);
        Assert.Null(c.EffectiveAbortConnect);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Server=sql;Database=shop;Trusted_Connection=True;")]
    [InlineData("ssl=true,password=x")]
    [InlineData("Hello world")]
    public void Not_a_redis_configuration(string? text) => Assert.Null(RedisConnectionString.Parse(text));
}

public class JsonStringValuesTests
{
    [Fact]
    public void Reads_paths_values_and_spans()
    {
        const string json = """
            {
              // comment
              "ConnectionStrings": { "Redis": "a:1,b:2", /* c */ "Sql": "x\"y" },
              "Arr": [ "p", { "Q": "\u0041" }, 3, true, null ],
              "N": 1.5,
            }
            """;
        var values = JsonStringValues.Read(json);
        Assert.Equal(new[] { "ConnectionStrings:Redis", "ConnectionStrings:Sql", "Arr:0", "Arr:1:Q" }, values.Select(v => v.Path).ToArray());
        Assert.Equal(new[] { "a:1,b:2", "x\"y", "p", "A" }, values.Select(v => v.Value).ToArray());
        var redis = values[0];
        Assert.Equal("\"a:1,b:2\"", json.Substring(redis.Start, redis.Length));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"a\": \"unterminated")]
    [InlineData("{\"a\" \"b\", ]]]}")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"deep\"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    [InlineData("/* unterminated")]
    public void Never_throws_on_malformed_input(string json) => JsonStringValues.Read(json);
}
