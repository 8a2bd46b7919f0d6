using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
        using var consumer = new ConsumerProject(
            "consumer",
            extraProjectXml: """
              <PropertyGroup>
                <ErrorLog>$(MSBuildProjectDirectory)/consumer.sarif,version=2.1</ErrorLog>
              </PropertyGroup>
              <Target Name="ShowCachingArchitectHook" AfterTargets="Build">
                <Message Importance="high" Text="CachingArchitectPackageImported=$(CachingArchitectPackageImported)" />
              </Target>
            """,
            packages: new Dictionary<string, string> { ["Microsoft.Extensions.Caching.Memory"] = MemoryCacheVersion });
        output.WriteLine($"package: {consumer.PackagePath} (version {consumer.Version})");
        output.WriteLine($"consumer: {consumer.Directory}");
        consumer.Write("Program.cs", ProgramSource);
        var lines = consumer.Read("Program.cs").Split('\n');
        Assert.StartsWith("cache.Set(\"k\", value)", lines[MistakeLine - 1].TrimStart());

        var sarifPath = Path.Combine(consumer.Directory, "consumer.sarif");
        var (exitCode, log, elapsed) = consumer.Dotnet("build", "Consumer.csproj", "-nologo", "-tl:off", "-v:m", "-nodeReuse:false");
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
}
