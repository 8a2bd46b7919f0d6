using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace CachingArchitect.Package.Tests;

/// <summary>
/// End to end: a console project outside the repository restores the packed CachingArchitect package from a local
/// folder feed (artifacts/) plus the machine's default feed, and <c>dotnet build</c> shows the CACHE warnings.
/// </summary>
/// <remarks>
/// The normal global packages folder is used (fast: everything else is already there). NuGet never re-extracts a
/// version it already has, so the test deletes <c>cachingarchitect/&lt;version&gt;</c> from it before and after the
/// build: a re-pack of the same version is always picked up and nothing of the test package is left behind.
/// </remarks>
public sealed class ConsumerEndToEndTests(ITestOutputHelper output)
{
    private const string HelpLink = "https://github.com/caching-architect/CachingArchitect/blob/main/docs/rules/CACHE001.md";
    private const string MemoryCacheVersion = "10.0.12";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    // Line 11 of Program.cs holds the mistake. It sits in an ordinary service method: constant keys written from
    // start-up code (top-level statements, hosted services) are reference data by design and not reported.
    private const int MistakeLine = 11;
    private const string ProgramSource =
        """
        using Microsoft.Extensions.Caching.Memory;

        var prices = new PriceCache(new MemoryCache(new MemoryCacheOptions()));
        Console.WriteLine(prices.Get(1));

        public sealed class PriceCache(IMemoryCache cache)
        {
            public decimal Get(int id)
            {
                var value = 9.99m;
                cache.Set("k", value);
                cache.Set($"price:{id}", value, TimeSpan.FromMinutes(5));
                return value;
            }
        }

        """;

    [Fact]
    public void Consumer_project_restoring_the_package_from_a_local_feed_shows_CACHE001_in_dotnet_build()
    {
        var (nupkg, version) = PackageArtifacts.NewestPackage();
        var feed = Path.GetDirectoryName(nupkg)!;
        var work = Directory.CreateTempSubdirectory("cachingarchitect-consumer-");
        var packageCacheFolder = Path.Combine(GlobalPackagesFolder(), "cachingarchitect", version.ToLowerInvariant());
        output.WriteLine($"package: {nupkg} (version {version})");
        output.WriteLine($"consumer: {work.FullName}");

        try
        {
            DeleteDirectory(packageCacheFolder);
            WriteConsumer(work.FullName, feed, version);

            var sarifPath = Path.Combine(work.FullName, "consumer.sarif");
            var (exitCode, log, elapsed) = Run(work.FullName, "build", "Consumer.csproj", "-nologo", "-tl:off", "-v:m", "-nodeReuse:false");
            output.WriteLine($"dotnet build: exit {exitCode} in {elapsed.TotalSeconds:F1}s");
            output.WriteLine(log);

            Assert.True(exitCode == 0, $"dotnet build of the consumer failed (exit {exitCode}):\n{log}");

            // The package's build/ props hook is imported.
            Assert.Contains("CachingArchitectPackageImported=true", log);

            // Console: file, line and rule id.
            Assert.Matches(new Regex($@"Program\.cs\({MistakeLine},\d+\): warning CACHE001:"), log);
            var cache001Lines = log.Split('\n').Where(l => l.Contains("warning CACHE001")).Select(l => l.Trim()).Distinct().ToList();
            Assert.True(cache001Lines.All(l => l.Contains($"Program.cs({MistakeLine},")), "CACHE001 reported on the wrong line(s):\n" + string.Join("\n", cache001Lines));

            // SARIF: the result and the rule's help link.
            Assert.True(File.Exists(sarifPath), $"The compiler wrote no SARIF log at {sarifPath}.");
            using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
            var run = sarif.RootElement.GetProperty("runs")[0];
            var rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
                .SingleOrDefault(r => r.GetProperty("id").GetString() == "CACHE001");
            Assert.True(rule.ValueKind == JsonValueKind.Object, "CACHE001 is not among the SARIF rules.");
            Assert.Equal(HelpLink, rule.GetProperty("helpUri").GetString());

            var results = run.GetProperty("results").EnumerateArray()
                .Where(r => r.GetProperty("ruleId").GetString() == "CACHE001")
                .ToList();
            var result = Assert.Single(results);
            Assert.Equal("warning", result.GetProperty("level").GetString());
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.EndsWith("Program.cs", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal(MistakeLine, location.GetProperty("region").GetProperty("startLine").GetInt32());
        }
        finally
        {
            DeleteDirectory(packageCacheFolder);
            var idFolder = Path.GetDirectoryName(packageCacheFolder)!;
            if (Directory.Exists(idFolder) && !Directory.EnumerateFileSystemEntries(idFolder).Any())
            {
                Directory.Delete(idFolder);
            }

            if (Environment.GetEnvironmentVariable("CACHINGARCHITECT_KEEP_CONSUMER") != "1")
            {
                DeleteDirectory(work.FullName);
            }
        }
    }

    private static void WriteConsumer(string dir, string feed, string version)
    {
        // Empty Directory.Build.* / Directory.Packages.props stop MSBuild from importing anything above the temp folder.
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(dir, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(dir, "Directory.Packages.props"), "<Project />\n");

        // The local feed is added next to the machine's default source(s): no <clear/>, the consumer needs
        // Microsoft.Extensions.Caching.Memory too.
        File.WriteAllText(Path.Combine(dir, "nuget.config"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="cachingarchitect-local" value="{System.Security.SecurityElement.Escape(feed)}" />
              </packageSources>
            </configuration>

            """);

        File.WriteAllText(Path.Combine(dir, "Consumer.csproj"),
            $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <ErrorLog>$(MSBuildProjectDirectory)/consumer.sarif,version=2.1</ErrorLog>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CachingArchitect" Version="[{version}]" PrivateAssets="all" />
                <PackageReference Include="Microsoft.Extensions.Caching.Memory" Version="{MemoryCacheVersion}" />
              </ItemGroup>
              <Target Name="ShowCachingArchitectHook" AfterTargets="Build">
                <Message Importance="high" Text="CachingArchitectPackageImported=$(CachingArchitectPackageImported)" />
              </Target>
            </Project>

            """);

        File.WriteAllText(Path.Combine(dir, "Program.cs"), ProgramSource);
        var lines = File.ReadAllLines(Path.Combine(dir, "Program.cs"));
        Assert.StartsWith("cache.Set(\"k\", value)", lines[MistakeLine - 1].TrimStart());
    }

    private static (int ExitCode, string Log, TimeSpan Elapsed) Run(string workingDirectory, params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var start = new ProcessStartInfo(string.IsNullOrEmpty(dotnet) || !File.Exists(dotnet) ? "dotnet" : dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs under `dotnet test`: drop the MSBuild variables it inherited so the nested build
        // resolves its own SDK, and keep it from leaving build servers behind.
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var log = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(BuildTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"dotnet {string.Join(' ', arguments)} timed out after {BuildTimeout}:\n{log}");
        }

        process.WaitForExit();
        lock (log)
        {
            return (process.ExitCode, log.ToString(), stopwatch.Elapsed);
        }
    }

    private static string GlobalPackagesFolder()
    {
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return string.IsNullOrEmpty(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")
            : configured;
    }

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
