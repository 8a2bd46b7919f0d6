using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace CachingArchitect.StackExchangeRedis.Tests;

/// <summary>A redis-server child process on 127.0.0.1 (no persistence, its own temp directory), killed on dispose.</summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private RedisProcess(int port, string directory, Process process)
    {
        Port = port;
        Directory = directory;
        this.process = process;
    }

    public int Port { get; }

    public string Directory { get; }

    /// <summary>Starts <c>redis-server --port {port} --bind 127.0.0.1 --save '' --appendonly no</c> plus <paramref name="extraArgs"/>.</summary>
    public static async Task<RedisProcess> StartAsync(int port, params string[] extraArgs)
    {
        var executable = FindRedisServer();
        var directory = Path.Combine(Path.GetTempPath(), $"cachingarchitect-redis-tests-{port}-{Environment.ProcessId}");
        System.IO.Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var arg in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory }.Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        var redis = new RedisProcess(port, directory, process);
        process.OutputDataReceived += (_, e) => redis.Append(e.Data);
        process.ErrorDataReceived += (_, e) => redis.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await redis.WaitForPingAsync(TimeSpan.FromSeconds(15));
        return redis;
    }

    public string Output
    {
        get { lock (output) { return output.ToString(); } }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A TCP port that is free right now (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Sends an inline PING over a plain socket (no client library, so a dead port fails fast).</summary>
    public static async Task<bool> AnswersPingAsync(int port)
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

    public static string FindRedisServer()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin").Append("/usr/local/bin"))
        {
            var candidate = Path.Combine(dir, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "redis-server was not found on PATH. These tests need a real Redis: run `bash build/ensure-redis.sh` (installs redis-server " +
            "with apt-get and starts it on 127.0.0.1:6390; export REDIS_CONNECTION=127.0.0.1:6390 to use that instance), or " +
            "`sudo apt-get install redis-server`. The cluster tests always start their own redis-server.");
    }

    private void Append(string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitForPingAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (await AnswersPingAsync(Port))
            {
                return;
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        await DisposeAsync();
        throw new InvalidOperationException($"redis-server did not answer PING on 127.0.0.1:{Port} within {timeout.TotalSeconds:0} s. Output:\n{Output}");
    }
}
