using System;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

// Some tests replace the process-wide CacheKeyRedisExtensions.Serializer: no test may run next to them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace CachingArchitect.StackExchangeRedis.Tests;

/// <summary>
/// A real redis-server for the tests: the one named by <c>REDIS_CONNECTION</c>, or one this fixture starts from PATH on
/// 127.0.0.1:<c>REDIS_TEST_PORT</c> (default 6391, no persistence) and stops on dispose.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    public const string ConnectionVariable = "REDIS_CONNECTION";
    public const string PortVariable = "REDIS_TEST_PORT";
    public const string DatabaseVariable = "REDIS_TEST_DATABASE";
    public const int DefaultPort = 6391;
    public const int DefaultDatabase = 9;

    private RedisProcess? server;

    public ConnectionMultiplexer Redis { get; private set; } = null!;

    public int Database { get; private set; }

    public string Endpoint { get; private set; } = "";

    /// <summary>True when this fixture started the server (false when REDIS_CONNECTION named one).</summary>
    public bool StartedServer => server is not null;

    public IDatabase Db => Redis.GetDatabase();

    public IServer Server => Redis.GetServer(Redis.GetEndPoints().First());

    public async Task InitializeAsync()
    {
        Database = int.TryParse(Environment.GetEnvironmentVariable(DatabaseVariable), out var db) ? db : DefaultDatabase;
        var connection = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(connection))
        {
            var port = int.TryParse(Environment.GetEnvironmentVariable(PortVariable), out var p) ? p : DefaultPort;
            Endpoint = $"127.0.0.1:{port}";
            if (!await RedisProcess.AnswersPingAsync(port))
            {
                server = await RedisProcess.StartAsync(port);
            }
        }
        else
        {
            Endpoint = connection.Trim();
        }

        var options = ConfigurationOptions.Parse(Endpoint);
        options.AllowAdmin = true; // FLUSHDB between tests
        options.DefaultDatabase = Database;
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        Redis = await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>Empties the test database (only that one).</summary>
    public void Flush() => Server.FlushDatabase(Database);

    public async Task DisposeAsync()
    {
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis-server";
}

/// <summary>Base of the Redis test classes: one shared server, the test database flushed before each test.</summary>
[Collection(RedisCollection.Name)]
public abstract class RedisTestBase
{
    protected RedisTestBase(RedisServerFixture fixture)
    {
        Fixture = fixture;
        fixture.Flush();
    }

    protected RedisServerFixture Fixture { get; }

    protected IDatabase Db => Fixture.Db;

    protected IConnectionMultiplexer Redis => Fixture.Redis;

    protected long CountKeys(string pattern)
    {
        long count = 0;
        foreach (var _ in Fixture.Server.Keys(Fixture.Database, pattern, pageSize: 1000))
        {
            count++;
        }

        return count;
    }
}
