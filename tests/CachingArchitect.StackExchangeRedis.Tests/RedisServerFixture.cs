using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using StackExchange.Redis;

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

    private Process? process;
    private readonly StringBuilder serverOutput = new();
    private string? runDirectory;

    public ConnectionMultiplexer Redis { get; private set; } = null!;

    public int Database { get; private set; }

    public string Endpoint { get; private set; } = "";

    /// <summary>True when this fixture started the server (false when REDIS_CONNECTION named one).</summary>
    public bool StartedServer => process is not null;

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
            if (!await AnswersPingAsync(port))
            {
                StartServer(port);
                await WaitForPingAsync(port, TimeSpan.FromSeconds(15));
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

        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        if (runDirectory is not null)
        {
            try { Directory.Delete(runDirectory, recursive: true); } catch (IOException) { }
        }
    }

    private void StartServer(int port)
    {
        var executable = FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "redis-server was not found on PATH. These tests need a real Redis: run `bash build/ensure-redis.sh` (installs redis-server " +
            "with apt-get and starts it on 127.0.0.1:6390; then export REDIS_CONNECTION=127.0.0.1:6390), or `sudo apt-get install redis-server`, " +
            $"or point {ConnectionVariable} at a server you own (its database {DefaultDatabase} is flushed by the tests).");
        runDirectory = Path.Combine(Path.GetTempPath(), $"cachingarchitect-redis-tests-{port}-{Environment.ProcessId}");
        Directory.CreateDirectory(runDirectory);

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = runDirectory,
        };
        foreach (var arg in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", runDirectory })
        {
            start.ArgumentList.Add(arg);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, e) => { lock (serverOutput) { serverOutput.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (serverOutput) { serverOutput.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private async Task WaitForPingAsync(int port, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (await AnswersPingAsync(port))
            {
                return;
            }

            if (process is { HasExited: true })
            {
                break;
            }

            await Task.Delay(50);
        }

        string output;
        lock (serverOutput) { output = serverOutput.ToString(); }
        throw new InvalidOperationException($"redis-server did not answer PING on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s. Output:\n{output}");
    }

    /// <summary>Sends an inline PING over a plain socket (no client library, so a dead port fails fast).</summary>
    private static async Task<bool> AnswersPingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            var connect = client.ConnectAsync("127.0.0.1", port);
            if (await Task.WhenAny(connect, Task.Delay(500)) != connect || connect.IsFaulted)
            {
                return false;
            }

            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"));
            var buffer = new byte[64];
            var read = stream.ReadAsync(buffer, 0, buffer.Length);
            if (await Task.WhenAny(read, Task.Delay(500)) != read)
            {
                return false;
            }

            return Encoding.ASCII.GetString(buffer, 0, await read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin").Append("/usr/local/bin"))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
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
