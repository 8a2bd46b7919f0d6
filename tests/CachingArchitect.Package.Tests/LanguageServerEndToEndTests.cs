using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace CachingArchitect.Package.Tests;

/// <summary>
/// The IDE path through a real language server: csharp-ls 0.28.0 (a local dotnet tool of this repository, see
/// <c>.config/dotnet-tools.json</c>; <c>build/test.sh</c> runs <c>dotnet tool restore</c>) loads a consumer of the packed
/// package and returns the CACHE diagnostics through LSP pull diagnostics (<c>textDocument/diagnostic</c>), with the
/// ranges and codes the command-line build reports.
/// </summary>
/// <remarks>
/// csharp-ls runs analyzers only when the client answers its <c>workspace/configuration</c> request for section
/// <c>csharp</c> with <c>analyzersEnabled = true</c>. Project loading is lazy, so the test polls the diagnostic request
/// until the CACHE diagnostics arrive (or a generous deadline passes). csharp-ls offers no third-party code fixes
/// (see ../shared/toolchain-facts.md §7); fixes are covered by the dotnet format test and the code-fix unit tests.
/// </remarks>
public sealed class LanguageServerEndToEndTests(ITestOutputHelper output)
{
    private const string ToolVersion = "0.28.0";
    private static readonly TimeSpan DiagnosticsDeadline = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Csharp_ls_returns_the_CACHE_diagnostics_of_the_packed_package_with_their_ranges()
    {
        var server = FindServer();
        using var consumer = new ConsumerProject("lsp", packages: new Dictionary<string, string>
        {
            ["Microsoft.Extensions.Caching.Memory"] = "10.0.12",
            ["StackExchange.Redis"] = "3.4.35",
        });
        consumer.Write("Services.cs", CompilerAndFormatEndToEndTests.ServicesSource);
        consumer.Write("Program.cs", CompilerAndFormatEndToEndTests.ProgramSource);

        // The build gives the expected positions (and restores, which the language server needs).
        var build = consumer.Dotnet("build", "Consumer.csproj", "-nologo", "-tl:off", "-v:m", "-nodeReuse:false");
        Assert.True(build.ExitCode == 0, build.Log);
        var expected = build.CacheDiagnosticLines
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"Services\.cs\((\d+),(\d+)\): warning (CACHE\d{3}):"))
            .Where(m => m.Success)
            .Select(m => (Code: m.Groups[3].Value, Line: int.Parse(m.Groups[1].Value) - 1, Character: int.Parse(m.Groups[2].Value) - 1))
            .Distinct()
            .OrderBy(d => d.Line).ThenBy(d => d.Code)
            .ToList();
        Assert.Contains(expected, d => d.Code == "CACHE001");
        Assert.Contains(expected, d => d.Code == "CACHE004");

        var stopwatch = Stopwatch.StartNew();
        await using var client = LspClient.Start(server, consumer.Directory, output);
        var rootUri = new Uri(consumer.Directory + Path.DirectorySeparatorChar).AbsoluteUri;
        await client.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = rootUri,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = rootUri, ["name"] = "consumer" }),
            ["capabilities"] = new JsonObject
            {
                ["workspace"] = new JsonObject { ["configuration"] = true, ["workspaceFolders"] = true },
                ["textDocument"] = new JsonObject
                {
                    ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false },
                    ["publishDiagnostics"] = new JsonObject(),
                    ["synchronization"] = new JsonObject { ["didSave"] = true },
                },
            },
        });
        await client.NotifyAsync("initialized", new JsonObject());

        var path = Path.Combine(consumer.Directory, "Services.cs");
        var uri = new Uri(path).AbsoluteUri;
        await client.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject
            {
                ["uri"] = uri,
                ["languageId"] = "csharp",
                ["version"] = 1,
                ["text"] = File.ReadAllText(path),
            },
        });

        List<(string Code, int Line, int Character, int Severity)> actual = [];
        while (stopwatch.Elapsed < DiagnosticsDeadline)
        {
            var report = await client.RequestAsync("textDocument/diagnostic", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri },
            });
            actual = (report?["items"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Where(d => d["code"]?.ToString().StartsWith("CACHE", StringComparison.Ordinal) == true)
                .Select(d => (
                    Code: d["code"]!.ToString(),
                    Line: d["range"]!["start"]!["line"]!.GetValue<int>(),
                    Character: d["range"]!["start"]!["character"]!.GetValue<int>(),
                    Severity: d["severity"]?.GetValue<int>() ?? 0))
                .ToList();
            if (expected.All(e => actual.Any(a => a.Code == e.Code)))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        output.WriteLine($"diagnostics after {stopwatch.Elapsed.TotalSeconds:F1}s: " + string.Join(", ", actual));
        foreach (var (code, line, character) in expected)
        {
            Assert.Contains(actual, a => a.Code == code && a.Line == line && a.Character == character && a.Severity == 2);
        }

        await client.ShutdownAsync();
    }

    /// <summary>The csharp-ls entry assembly restored by <c>dotnet tool restore</c> into the NuGet packages folder.</summary>
    private static string FindServer()
    {
        var root = Path.Combine(ConsumerProject.GlobalPackagesFolder(), "csharp-ls", ToolVersion, "tools");
        var dll = Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "CSharpLanguageServer.dll", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (dll is null)
        {
            var restore = ConsumerProject.RunDotnet(PackageArtifacts.RepositoryRoot, "tool", "restore");
            Assert.True(restore.ExitCode == 0, "dotnet tool restore failed:\n" + restore.Log);
            dll = Directory.EnumerateFiles(root, "CSharpLanguageServer.dll", SearchOption.AllDirectories).FirstOrDefault();
        }

        Assert.True(dll is not null, $"csharp-ls {ToolVersion} is not restored under {root}; run `dotnet tool restore` in the repository.");
        return dll!;
    }

    /// <summary>A minimal LSP client over stdio: Content-Length framing, request/response matching, answers to server requests.</summary>
    private sealed class LspClient : IAsyncDisposable
    {
        private readonly Process process;
        private readonly Stream input;
        private readonly ITestOutputHelper output;
        private readonly Dictionary<int, TaskCompletionSource<JsonNode?>> pending = [];
        private readonly SemaphoreSlim writeLock = new(1, 1);
        private readonly Task readLoop;
        private int nextId;

        private LspClient(Process process, ITestOutputHelper output)
        {
            this.process = process;
            this.output = output;
            input = process.StandardInput.BaseStream;
            readLoop = Task.Run(ReadLoopAsync);
        }

        public static LspClient Start(string serverDll, string workingDirectory, ITestOutputHelper output)
        {
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            var start = new ProcessStartInfo(string.IsNullOrEmpty(dotnet) || !File.Exists(dotnet) ? "dotnet" : dotnet)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(serverDll);
            start.ArgumentList.Add("--loglevel");
            start.ArgumentList.Add("warning");
            ConsumerProject.CleanEnvironment(start);
            var process = Process.Start(start)!;
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Log(output, "stderr: " + e.Data); } };
            process.BeginErrorReadLine();
            return new LspClient(process, output);
        }

        public async Task<JsonNode?> RequestAsync(string method, JsonNode parameters, TimeSpan? timeout = null)
        {
            var id = Interlocked.Increment(ref nextId);
            var completion = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (pending)
            {
                pending[id] = completion;
            }

            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
            return await completion.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(120));
        }

        public Task NotifyAsync(string method, JsonNode parameters)
            => SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

        public async Task ShutdownAsync()
        {
            await RequestAsync("shutdown", new JsonObject(), TimeSpan.FromSeconds(20));
            await NotifyAsync("exit", new JsonObject());
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.WaitForExit(5000))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            await Task.WhenAny(readLoop, Task.Delay(2000));
            process.Dispose();
        }

        private async Task SendAsync(JsonNode message)
        {
            var body = Encoding.UTF8.GetBytes(message.ToJsonString());
            var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
            await writeLock.WaitAsync();
            try
            {
                await input.WriteAsync(header);
                await input.WriteAsync(body);
                await input.FlushAsync();
            }
            finally
            {
                writeLock.Release();
            }
        }

        private async Task ReadLoopAsync()
        {
            var stream = process.StandardOutput.BaseStream;
            try
            {
                while (true)
                {
                    var length = await ReadHeaderAsync(stream);
                    if (length < 0)
                    {
                        break;
                    }

                    var body = new byte[length];
                    await stream.ReadExactlyAsync(body);
                    var message = JsonNode.Parse(body)!.AsObject();
                    await HandleAsync(message);
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or EndOfStreamException)
            {
            }
            finally
            {
                lock (pending)
                {
                    foreach (var waiting in pending.Values)
                    {
                        waiting.TrySetException(new IOException("csharp-ls closed its output."));
                    }
                }
            }
        }

        private async Task HandleAsync(JsonObject message)
        {
            var hasId = message.TryGetPropertyValue("id", out var idNode) && idNode is not null;
            var method = message["method"]?.GetValue<string>();
            if (method is null && hasId)
            {
                // A response to one of our requests.
                TaskCompletionSource<JsonNode?>? completion;
                lock (pending)
                {
                    pending.Remove(idNode!.GetValue<int>(), out completion);
                }

                if (message["error"] is { } error)
                {
                    completion?.TrySetException(new InvalidOperationException("LSP error: " + error.ToJsonString()));
                }
                else
                {
                    completion?.TrySetResult(message["result"]?.DeepClone());
                }

                return;
            }

            if (method is not null && hasId)
            {
                // A request from the server: configuration asks whether analyzers run; everything else gets null.
                JsonNode? result = null;
                if (method == "workspace/configuration")
                {
                    var items = message["params"]?["items"] as JsonArray ?? [];
                    var answers = new JsonArray();
                    foreach (var _ in items)
                    {
                        answers.Add(new JsonObject { ["analyzersEnabled"] = true });
                    }

                    result = answers;
                }

                await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = idNode!.DeepClone(), ["result"] = result });
                return;
            }

            if (method == "window/logMessage" || method == "window/showMessage")
            {
                Log(output, "server: " + message["params"]?["message"]);
            }
        }

        private static async Task<int> ReadHeaderAsync(Stream stream)
        {
            var line = new StringBuilder();
            var length = -1;
            var one = new byte[1];
            while (true)
            {
                if (await stream.ReadAsync(one) == 0)
                {
                    return -1;
                }

                if (one[0] == '\n')
                {
                    var text = line.ToString().TrimEnd('\r');
                    line.Clear();
                    if (text.Length == 0)
                    {
                        return length;
                    }

                    if (text.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        length = int.Parse(text["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
                else
                {
                    line.Append((char)one[0]);
                }
            }
        }

        private static void Log(ITestOutputHelper output, string text)
        {
            try
            {
                output.WriteLine(text);
            }
            catch (InvalidOperationException)
            {
                // The test already finished.
            }
        }
    }
}
