using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Xunit.Abstractions;

namespace CachingArchitect.Package.Tests;

/// <summary>
/// End to end for key schemas: a console project restores the packed package from a local folder feed, compiles against
/// the runtime library in <c>lib/netstandard2.0</c>, gets its <c>[CacheKey]</c> methods implemented by the generator in
/// <c>analyzers/dotnet/cs</c>, runs, and prints the keys the issue states.
/// </summary>
/// <remarks>
/// The consumer restores into its own empty packages folder (<c>NUGET_PACKAGES</c>): it needs no other package, the restore
/// always extracts the freshly packed nupkg, and it never races with other tests over the machine's global folder.
/// </remarks>
public sealed class GeneratorPackageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private const string ShopKeysSource =
        """
        using CachingArchitect;

        namespace Consumer.Caching;

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{userId}:profile", Ttl = "00:15:00", JitterPercent = 10,
                      Strategy = CacheStrategy.CacheAside, MaxStaleness = "00:01:00",
                      Justification = "Profile edits are rare; one minute of staleness is acceptable.")]
            public static partial CacheKey UserProfile(int userId);

            [CacheKey("product:{productId}:price", Ttl = "00:00:30", Strategy = CacheStrategy.EventDriven)]
            public static partial CacheKey<decimal> ProductPrice(long productId);
        }

        """;

    private const string ProgramSource =
        """
        using System.Globalization;
        using Consumer.Caching;

        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        var profile = ShopKeys.UserProfile(42);
        Console.WriteLine("key=" + profile);
        Console.WriteLine("family=" + profile.Family);
        Console.WriteLine("pattern=" + profile.Pattern);
        Console.WriteLine("ttl=" + profile.TimeToLive);
        Console.WriteLine("price=" + ShopKeys.ProductPrice(7).Value + " " + ShopKeys.ProductPrice(7).Strategy);
        Console.WriteLine("schema=" + string.Join(",", ShopKeys.Schema.Keys.Select(k => k.Name)));

        """;

    [Fact]
    public void Consumer_of_the_package_gets_generated_key_builders_and_the_runtime_library()
    {
        var (nupkg, version) = PackageArtifacts.NewestPackage();
        var work = Directory.CreateTempSubdirectory("cachingarchitect-keys-consumer-");
        output.WriteLine($"package: {nupkg} (version {version})");
        output.WriteLine($"consumer: {work.FullName}");
        try
        {
            var dir = work.FullName;
            ConsumerProject.WriteFiles(dir, Path.GetDirectoryName(nupkg)!, version, clearSources: true);
            File.WriteAllText(Path.Combine(dir, "ShopKeys.cs"), ShopKeysSource);
            File.WriteAllText(Path.Combine(dir, "Program.cs"), ProgramSource);

            var packages = Path.Combine(dir, "packages");
            var (buildExit, buildLog) = Run(dir, packages, "build", "Consumer.csproj", "-c", "Release", "-nologo", "-tl:off", "-v:m", "-nodeReuse:false");
            output.WriteLine(buildLog);
            Assert.True(buildExit == 0, $"dotnet build of the consumer failed (exit {buildExit}):\n{buildLog}");
            Assert.DoesNotContain("CS8795", buildLog);
            Assert.DoesNotContain("CS8785", buildLog);

            var bin = Path.Combine(dir, "bin", "Release", "net10.0");
            Assert.True(File.Exists(Path.Combine(bin, "CachingArchitect.dll")), "The runtime library was not copied to the consumer's output.");
            Assert.False(File.Exists(Path.Combine(bin, "CachingArchitect.Generators.dll")), "The generator must not be copied to the output.");

            var (runExit, runLog) = Run(dir, packages, Path.Combine(bin, "Consumer.dll"));
            output.WriteLine(runLog);
            Assert.True(runExit == 0, $"The consumer failed (exit {runExit}):\n{runLog}");
            var lines = runLog.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            Assert.Contains("key=shop:v2:user:42:profile", lines);
            Assert.Contains("family=shop:v2:user:{userId}:profile", lines);
            Assert.Contains("pattern=shop:v2:user:*:profile", lines);
            Assert.Contains("ttl=00:15:00", lines);
            Assert.Contains("price=shop:v2:product:7:price EventDriven", lines);
            Assert.Contains("schema=UserProfile,ProductPrice", lines);
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("CACHINGARCHITECT_KEEP_CONSUMER") != "1")
            {
                work.Delete(recursive: true);
            }
        }
    }

    private static (int ExitCode, string Log) Run(string workingDirectory, string packagesFolder, params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var start = new ProcessStartInfo(string.IsNullOrEmpty(dotnet) || !File.Exists(dotnet) ? "dotnet" : dotnet) { WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NUGET_PACKAGES"] = packagesFolder;
        var result = ConsumerProject.Run(start, Timeout);
        return (result.ExitCode, result.Log);
    }
}
