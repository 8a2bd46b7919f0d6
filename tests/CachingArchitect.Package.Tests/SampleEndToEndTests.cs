using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace CachingArchitect.Package.Tests;

/// <summary>
/// The sample shop (samples/CachingArchitect.Sample) as a user meets it: a temp copy that references the PACKED
/// CachingArchitect and CachingArchitect.StackExchangeRedis packages from artifacts/ (-p:CachingArchitectVersion=&lt;v&gt;
/// switches the sample from ProjectReference to PackageReference), independent of the repository's Directory.* files.
/// The mistakes variant and the fixed variant (-p:SampleVariant=Fixed) are built once each (lazily, shared by the tests);
/// the fixed build is then run against a real redis-server and its keys are checked in Redis.
/// </summary>
public sealed class SampleEndToEndTests(SampleFixture sample, ITestOutputHelper output) : IClassFixture<SampleFixture>
{
    private static readonly Regex DiagnosticLine = new(
        @"^(?<path>.+?)\((?<line>\d+),(?<col>\d+)\): warning (?<id>CACHE\d{3}): .*\((?<link>https://[^ )]+)\)$",
        RegexOptions.CultureInvariant);

    [Fact]
    public void Mistakes_variant_reports_every_marked_mistake_with_file_line_and_help_link_and_writes_the_todo()
    {
        var total = Stopwatch.StartNew();
        var build = sample.Mistakes.Value;
        output.WriteLine($"build (mistakes variant, package {sample.Version}): {build.Elapsed.TotalSeconds:F1}s");
        Assert.True(build.ExitCode == 0, "build failed:\n" + build.Log);

        Assert.True(
            Directory.Exists(Path.Combine(sample.Root, "packages", "cachingarchitect", sample.Version.ToLowerInvariant())),
            "the build did not restore the packed CachingArchitect package into the private packages folder");
        var markers = SampleFixture.Markers(sample.MistakesDirectory);
        Assert.NotEmpty(markers);
        var diagnostics = build.CacheDiagnosticLines.Select(line =>
        {
            var match = DiagnosticLine.Match(line);
            Assert.True(match.Success, "unexpected diagnostic line (no file/line/help link): " + line);
            return (Path: Path.GetFullPath(match.Groups["path"].Value), Line: int.Parse(match.Groups["line"].Value),
                Id: match.Groups["id"].Value, Link: match.Groups["link"].Value);
        }).ToList();

        foreach (var d in diagnostics)
        {
            Assert.StartsWith(sample.MistakesDirectory, d.Path, StringComparison.Ordinal);
            Assert.Equal($"https://github.com/caching-architect/CachingArchitect/blob/main/docs/rules/{d.Id}.md", d.Link);
            Assert.True(
                markers.Any(m => m.Path == d.Path && m.Id == d.Id && Math.Abs(m.Line - d.Line) <= 8),
                $"{d.Id} at {d.Path}({d.Line}) has no '// Mistake ({d.Id})' marker near it: an unexpected finding.");
        }

        // Same number of findings as markers, per file and rule.
        var expected = markers.GroupBy(m => (m.Path, m.Id)).ToDictionary(g => g.Key, g => g.Count());
        var actual = diagnostics.GroupBy(d => (d.Path, d.Id)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(
            expected.OrderBy(e => e.Key.ToString()).Select(e => $"{Path.GetFileName(e.Key.Path)} {e.Key.Id} x{e.Value}"),
            actual.OrderBy(e => e.Key.ToString()).Select(e => $"{Path.GetFileName(e.Key.Path)} {e.Key.Id} x{e.Value}"));

        var todoPath = Path.Combine(sample.MistakesDirectory, "TODO_caching-architect.md");
        Assert.True(File.Exists(todoPath), "TODO_caching-architect.md was not written:\n" + build.Log);
        var todo = File.ReadAllText(todoPath);
        foreach (var heading in SampleFixture.SpecHeadings())
        {
            Assert.Contains("\n" + heading + "\n", todo, StringComparison.Ordinal);
        }

        foreach (var id in expected.Keys.Select(k => k.Id).Distinct())
        {
            Assert.Contains(id, todo, StringComparison.Ordinal);
        }

        output.WriteLine($"{diagnostics.Count} CACHE warnings matched {markers.Count} markers; test total {total.Elapsed.TotalSeconds:F1}s");
    }

    [Fact]
    public void Dotnet_format_applies_the_fixes_and_those_diagnostics_are_gone()
    {
        string[] fixable = ["CACHE001", "CACHE002", "CACHE003", "CACHE007", "CACHE012", "CACHE020", "CACHE025", "CACHE041", "CACHE060", "CACHE062", "CACHE074"];
        var total = Stopwatch.StartNew();
        var directory = sample.NewCopy("format");
        var format = ConsumerProject.RunDotnet(directory, ["format", "analyzers", "CachingArchitect.Sample.csproj", "--diagnostics", .. fixable, "--severity", "info"]);
        output.WriteLine($"dotnet format analyzers: {format.Elapsed.TotalSeconds:F1}s");
        Assert.True(format.ExitCode == 0, "dotnet format failed:\n" + format.Log);
        Assert.Contains("\"cart:\" + tenantId + \":\" + userId", File.ReadAllText(Path.Combine(directory, "Services", "CartStore.cs")), StringComparison.Ordinal);

        var build = sample.Build(directory);
        output.WriteLine($"build after the fixes: {build.Elapsed.TotalSeconds:F1}s");
        Assert.True(build.ExitCode == 0, "build after dotnet format failed:\n" + build.Log);
        var left = build.CacheDiagnosticLines.Select(l => Regex.Match(l, @"CACHE\d{3}").Value).ToHashSet();
        Assert.Empty(left.Intersect(fixable));
        Assert.Contains("CACHE010", left); // rules without a fix are still reported
        output.WriteLine($"left after the fixes: {string.Join(", ", left.Order())}; test total {total.Elapsed.TotalSeconds:F1}s");
    }

    [Fact]
    public void Fixed_variant_builds_without_any_CACHE_diagnostic()
    {
        var total = Stopwatch.StartNew();
        var build = sample.Fixed.Value;
        output.WriteLine($"build (fixed variant): {build.Elapsed.TotalSeconds:F1}s");
        Assert.True(build.ExitCode == 0, "build failed:\n" + build.Log);
        Assert.Empty(build.CacheDiagnosticLines);
        Assert.Contains("Build succeeded", build.Log, StringComparison.Ordinal);
        output.WriteLine($"test total {total.Elapsed.TotalSeconds:F1}s");
    }

    [Fact]
    public async Task Todo_example_in_docs_is_the_one_the_sample_build_writes()
    {
        var total = Stopwatch.StartNew();
        var build = sample.Mistakes.Value;
        Assert.True(build.ExitCode == 0, "build failed:\n" + build.Log);
        var generated = sample.NormalizeTodo(await File.ReadAllTextAsync(Path.Combine(sample.MistakesDirectory, "TODO_caching-architect.md")));
        var path = Path.Combine(PackageArtifacts.RepositoryRoot, "docs", "examples", "sample-TODO_caching-architect.md");
        if (Environment.GetEnvironmentVariable("CACHINGARCHITECT_UPDATE_EXAMPLES") == "1")
        {
            await File.WriteAllTextAsync(path, generated);
        }

        Assert.True(File.Exists(path), path + " is missing: run with CACHINGARCHITECT_UPDATE_EXAMPLES=1.");
        Assert.True(
            (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") == generated,
            "docs/examples/sample-TODO_caching-architect.md differs from the TODO the sample build writes: run " +
            "`CACHINGARCHITECT_UPDATE_EXAMPLES=1 dotnet test tests/CachingArchitect.Package.Tests --filter FullyQualifiedName~SampleEndToEnd` and review the diff.");
        output.WriteLine($"test total (build shared) {total.Elapsed.TotalSeconds:F1}s");
    }

    [Fact]
    public async Task App_runs_against_redis_and_writes_schema_keys_with_their_ttls()
    {
        var total = Stopwatch.StartNew();
        var build = sample.Fixed.Value;
        Assert.True(build.ExitCode == 0, "build failed:\n" + build.Log);
        var buildTime = total.Elapsed;

        await using var redis = await TestRedis.StartAsync();
        const int database = 13;
        var admin = redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]);
        await admin.FlushDatabaseAsync(database);
        var db = redis.Connection.GetDatabase(database);

        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = sample.FixedDirectory };
        foreach (var argument in new[] { "run", "--no-build", "--no-launch-profile", "--project", Path.Combine(sample.FixedDirectory, "CachingArchitect.Sample.csproj"),
                     $"-p:CachingArchitectVersion={sample.Version}", "-p:SampleVariant=Fixed" })
        {
            start.ArgumentList.Add(argument);
        }

        ConsumerProject.CleanEnvironment(start);
        start.Environment["ConnectionStrings__Redis"] = $"{redis.Endpoint},defaultDatabase={database},abortConnect=false";
        start.Environment["ASPNETCORE_URLS"] = baseUrl;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var log = new System.Text.StringBuilder();
        using var app = new Process { StartInfo = start };
        app.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        app.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        app.Start();
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(20) };
            var startup = Stopwatch.StartNew();
            while (true)
            {
                Assert.False(app.HasExited, "the sample exited early:\n" + log);
                try
                {
                    if ((await http.GetAsync("/admin/cache/schema")).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                Assert.True(startup.Elapsed < TimeSpan.FromSeconds(60), "the sample did not answer within 60 s:\n" + log);
                await Task.Delay(250);
            }

            output.WriteLine($"app startup: {startup.Elapsed.TotalSeconds:F1}s");
            var schema = JsonDocument.Parse(await http.GetStringAsync("/admin/cache/schema")).RootElement.EnumerateArray()
                .ToDictionary(k => k.GetProperty("name").GetString()!, k => k);

            var profile = await http.GetStringAsync("/users/42/profile");
            Assert.Contains("\"displayName\":\"user 42\"", profile, StringComparison.Ordinal);
            Assert.Equal("199", await http.GetStringAsync("/products/7/price"));
            Assert.Contains("Noise-cancelling headphones", await http.GetStringAsync("/catalog"), StringComparison.Ordinal);
            Assert.Equal("59", (await http.GetStringAsync("/prices/2")).Trim('"'));

            await AssertSchemaKeyAsync(db, schema["UserProfile"], "shop:v2:user:42:profile", "{\"id\":42,\"displayName\":\"user 42\"}");
            await AssertSchemaKeyAsync(db, schema["ProductPrice"], "shop:v2:product:7:price", "199");

            // HybridCache and IDistributedCache over the same Redis (InstanceName "sample:"), with their expirations.
            foreach (var (key, max) in new[] { ("sample:catalog:all", TimeSpan.FromMinutes(10)), ("sample:price:2", TimeSpan.FromMinutes(2)) })
            {
                Assert.True(await db.KeyExistsAsync(key), $"{key} not in Redis; keys: {string.Join(", ", admin.Keys(database))}");
                var ttl = await db.KeyTimeToLiveAsync(key);
                Assert.True(ttl is { } t && t > TimeSpan.Zero && t <= max, $"{key}: TTL {ttl} not in (0, {max}]");
            }

            output.WriteLine("keys: " + string.Join(", ", admin.Keys(database).Select(k => $"{k} (ttl {db.KeyTimeToLive(k):c})")));
        }
        finally
        {
            if (!app.HasExited)
            {
                app.Kill(entireProcessTree: true);
                app.WaitForExit(10_000);
            }

            await admin.FlushDatabaseAsync(database);
        }

        output.WriteLine($"test total {total.Elapsed.TotalSeconds:F1}s (of which waiting for the shared fixed build {buildTime.TotalSeconds:F1}s)");
    }

    private static async Task AssertSchemaKeyAsync(IDatabase db, JsonElement definition, string key, string value)
    {
        Assert.True(key.StartsWith(definition.GetProperty("family").GetString()!.Split('{')[0], StringComparison.Ordinal), key);
        Assert.Equal(value, (string?)await db.StringGetAsync(key));
        var declared = TimeSpan.Parse(definition.GetProperty("timeToLive").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var jitter = definition.GetProperty("jitterPercent").GetInt32() / 100.0;
        var ttl = await db.KeyTimeToLiveAsync(key);
        var low = declared * (1 - jitter) - TimeSpan.FromSeconds(15); // slack: time between the write and this check
        var high = declared * (1 + jitter);
        Assert.True(ttl is { } t && t >= low && t <= high, $"{key}: TTL {ttl} outside the declared {declared} ± {jitter:P0} ([{low}, {high}])");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The test redis: REDIS_CONNECTION (build/test.sh exports 127.0.0.1:6390) or a redis-server started here on a free port.</summary>
    private sealed class TestRedis : IAsyncDisposable
    {
        private Process? server;

        public string Endpoint { get; private set; } = "";

        public ConnectionMultiplexer Connection { get; private set; } = null!;

        public static async Task<TestRedis> StartAsync()
        {
            var redis = new TestRedis();
            var configured = Environment.GetEnvironmentVariable("REDIS_CONNECTION");
            if (!string.IsNullOrWhiteSpace(configured))
            {
                redis.Endpoint = configured.Trim();
            }
            else
            {
                var port = FreePort();
                redis.Endpoint = $"127.0.0.1:{port}";
                var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var a in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
                {
                    start.ArgumentList.Add(a);
                }

                try
                {
                    redis.server = Process.Start(start);
                }
                catch (System.ComponentModel.Win32Exception e)
                {
                    Assert.Fail("redis-server not found (" + e.Message + "): run `bash build/ensure-redis.sh` and export REDIS_CONNECTION=127.0.0.1:6390.");
                }
            }

            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (true)
            {
                try
                {
                    var options = ConfigurationOptions.Parse(redis.Endpoint);
                    options.AllowAdmin = true;
                    options.AbortOnConnectFail = true;
                    redis.Connection = await ConnectionMultiplexer.ConnectAsync(options);
                    return redis;
                }
                catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Connection is not null)
            {
                await Connection.DisposeAsync();
            }

            if (server is { HasExited: false })
            {
                server.Kill();
                server.WaitForExit(5000);
            }

            server?.Dispose();
        }
    }
}

/// <summary>The temp copies of the sample (mistakes and fixed) against the packed packages; each is built once, lazily.</summary>
public sealed class SampleFixture : IDisposable
{
    public const string StackExchangeRedisPackageId = "CachingArchitect.StackExchangeRedis";

    public SampleFixture()
    {
        (PackagePath, Version) = PackageArtifacts.NewestPackage();
        Feed = Path.GetDirectoryName(PackagePath)!;
        var redisPackage = Path.Combine(Feed, $"{StackExchangeRedisPackageId}.{Version}.nupkg");
        Assert.True(File.Exists(redisPackage), $"{redisPackage} is missing: pack the solution (both packages share one version).");
        Root = Directory.CreateTempSubdirectory("cachingarchitect-sample-").FullName;
        var repo = PackageArtifacts.RepositoryRoot;

        // Packages: a private packages folder, so the packages under test are always extracted fresh from artifacts/ and
        // the shared ~/.nuget/packages is never touched (other tests of this assembly delete their extraction of
        // CachingArchitect there, in parallel with this class). Everything else is found offline through a fallback
        // folder of links to the global packages folder, without the two packages under test.
        var fallback = Directory.CreateDirectory(Path.Combine(Root, "fallback")).FullName;
        var global = ConsumerProject.GlobalPackagesFolder();
        if (Directory.Exists(global))
        {
            foreach (var idFolder in Directory.EnumerateDirectories(global))
            {
                var id = Path.GetFileName(idFolder);
                if (id is not ("cachingarchitect" or "cachingarchitect.stackexchangeredis"))
                {
                    Directory.CreateSymbolicLink(Path.Combine(fallback, id), idFolder);
                }
            }
        }

        // Independent of the repository: its own Directory.Build.props / Directory.Packages.props / nuget.config.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"),
            $$"""
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                <!-- The sample's switch to the packed packages (also for dotnet format, which takes no -p:). -->
                <CachingArchitectVersion>{{Version}}</CachingArchitectVersion>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
                <RestorePackagesPath>$(MSBuildThisFileDirectory)packages</RestorePackagesPath>
                <RestoreAdditionalProjectFallbackFolders>$(MSBuildThisFileDirectory)fallback</RestoreAdditionalProjectFallbackFolders>
              </PropertyGroup>
            </Project>

            """);
        var packages = File.ReadAllText(Path.Combine(repo, "Directory.Packages.props"));
        packages = packages.Replace("</Project>",
            $"""
              <ItemGroup Label="The packed packages under test">
                <PackageVersion Include="CachingArchitect" Version="{Version}" />
                <PackageVersion Include="{StackExchangeRedisPackageId}" Version="{Version}" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), packages);
        File.WriteAllText(Path.Combine(Root, "nuget.config"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="cachingarchitect-local" value="{System.Security.SecurityElement.Escape(Feed)}" />
              </packageSources>
            </configuration>

            """);

        var source = Path.Combine(repo, "samples", "CachingArchitect.Sample");
        MistakesDirectory = Path.Combine(Root, "mistakes", "CachingArchitect.Sample");
        FixedDirectory = Path.Combine(Root, "fixed", "CachingArchitect.Sample");
        Copy(source, MistakesDirectory);
        Copy(source, FixedDirectory);
        Source = source;

        Mistakes = new Lazy<CommandResult>(() => Build(MistakesDirectory));
        Fixed = new Lazy<CommandResult>(() => Build(FixedDirectory, "-p:SampleVariant=Fixed"));
    }

    public string PackagePath { get; }

    public string Version { get; }

    public string Feed { get; }

    public string Root { get; }

    public string MistakesDirectory { get; }

    public string Source { get; }

    /// <summary>A further fresh copy of the sample under <see cref="Root"/>.</summary>
    public string NewCopy(string name)
    {
        var directory = Path.Combine(Root, name, "CachingArchitect.Sample");
        Copy(Source, directory);
        return directory;
    }

    public string FixedDirectory { get; }

    internal Lazy<CommandResult> Mistakes { get; }

    internal Lazy<CommandResult> Fixed { get; }

    /// <summary>Every <c>// Mistake (CACHEnnn)</c> marker of the sample copy: file, line, rule.</summary>
    public static List<(string Path, int Line, string Id)> Markers(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                        && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .SelectMany(f => File.ReadAllLines(f).SelectMany((text, i) =>
                Regex.Matches(text, @"Mistake \((CACHE\d{3})\)").Select(m => (Path.GetFullPath(f), i + 1, m.Groups[1].Value))))
            .ToList();

    /// <summary>The top-level sections of a TODO file, from the renderer's own example (docs/examples/TODO_caching-architect.md).</summary>
    public static IReadOnlyList<string> SpecHeadings() =>
        File.ReadAllLines(Path.Combine(PackageArtifacts.RepositoryRoot, "docs", "examples", "TODO_caching-architect.md"))
            .Where(l => l.StartsWith("## ", StringComparison.Ordinal))
            .ToList();

    /// <summary>The TODO with what depends on this machine and run replaced: temp paths and the package's pre-release suffix.</summary>
    public string NormalizeTodo(string todo)
    {
        todo = todo.ReplaceLineEndings("\n").Replace(MistakesDirectory, "samples/CachingArchitect.Sample", StringComparison.Ordinal);
        var prefix = Version.Split('-')[0];
        return todo.Replace("CachingArchitect " + Version, "CachingArchitect " + prefix, StringComparison.Ordinal);
    }

    internal CommandResult Build(string directory, params string[] extra) =>
        ConsumerProject.RunDotnet(directory, ["build", "CachingArchitect.Sample.csproj", $"-p:CachingArchitectVersion={Version}", "-nologo", "-tl:off", "-v:m", .. extra]);

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj" || relative.StartsWith("TODO_", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("CACHINGARCHITECT_KEEP_CONSUMER") != "1" && Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
