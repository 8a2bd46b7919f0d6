using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit.Abstractions;

namespace CachingArchitect.Package.Tests;

/// <summary>
/// The package on the compilers and tools users have: <c>dotnet format analyzers</c> applies the code fixes from the packed
/// package, and the analyzers and the key-schema generator load on an older Roslyn (Microsoft.Net.Compilers.Toolset 4.14.0).
/// </summary>
public sealed class CompilerAndFormatEndToEndTests(ITestOutputHelper output)
{
    private static readonly IReadOnlyDictionary<string, string> CachingPackages = new Dictionary<string, string>
    {
        ["Microsoft.Extensions.Caching.Memory"] = "10.0.12",
        ["StackExchange.Redis"] = "3.4.35",
    };

    // CACHE001 on line 11 (IMemoryCache entry without expiration), CACHE004 on line 21 (Redis write without TTL).
    internal const string ServicesSource =
        """
        using Microsoft.Extensions.Caching.Memory;
        using StackExchange.Redis;

        namespace Consumer;

        public sealed class PriceCache(IMemoryCache cache)
        {
            public decimal Get(int id)
            {
                var value = 9.99m;
                cache.Set($"shop:price:{id}", value);
                return value;
            }
        }

        public sealed class SessionStore(IDatabase redis)
        {
            public void Save(int id, string json)
            {
                var key = $"shop:session:{id}";
                redis.StringSet(key, json);
            }
        }

        """;

    internal const string ProgramSource =
        """
        using Microsoft.Extensions.Caching.Memory;

        var prices = new Consumer.PriceCache(new MemoryCache(new MemoryCacheOptions()));
        Console.WriteLine(prices.Get(1));

        """;

    [Fact]
    public void Dotnet_format_analyzers_applies_the_fixes_of_the_packed_package_and_the_project_still_builds()
    {
        using var consumer = new ConsumerProject("format", packages: CachingPackages);
        consumer.Write("Services.cs", ServicesSource);
        consumer.Write("Program.cs", ProgramSource);

        var before = consumer.Dotnet("build", "Consumer.csproj", "-nologo", "-tl:off", "-v:m", "-nodeReuse:false");
        output.WriteLine($"build before: exit {before.ExitCode} in {before.Elapsed.TotalSeconds:F1}s");
        Assert.True(before.ExitCode == 0, before.Log);
        Assert.Contains(before.CacheDiagnosticLines, l => l.Contains("Services.cs(11,") && l.Contains("warning CACHE001"));
        Assert.Contains(before.CacheDiagnosticLines, l => l.Contains("Services.cs(21,") && l.Contains("warning CACHE004"));

        var format = consumer.Dotnet("format", "analyzers", "Consumer.csproj", "--diagnostics", "CACHE001", "CACHE004", "--severity", "info", "--no-restore", "-v", "n");
        output.WriteLine($"dotnet format analyzers: exit {format.ExitCode} in {format.Elapsed.TotalSeconds:F1}s");
        output.WriteLine(format.Log);
        Assert.True(format.ExitCode == 0, format.Log);

        var fixedSource = consumer.Read("Services.cs");
        output.WriteLine(fixedSource);
        Assert.NotEqual(ServicesSource, fixedSource);

        var after = consumer.Dotnet("build", "Consumer.csproj", "-nologo", "-tl:off", "-v:m", "-nodeReuse:false", "--no-restore");
        output.WriteLine($"build after: exit {after.ExitCode} in {after.Elapsed.TotalSeconds:F1}s");
        Assert.True(after.ExitCode == 0, after.Log);
        Assert.DoesNotContain(after.CacheDiagnosticLines, l => l.Contains("CACHE001") || l.Contains("CACHE004"));
    }

    [Fact]
    public void Analyzers_load_and_report_on_the_older_Roslyn_of_Microsoft_Net_Compilers_Toolset_4_14()
    {
        var packages = new Dictionary<string, string>(CachingPackages) { ["Microsoft.Net.Compilers.Toolset"] = "4.14.0" };
        // SDK 10 replaces the compiler of a toolset package unless RoslynCompilerType is set (Microsoft.NET.Sdk.BeforeCommon.targets
        // points CSharpCoreTargetsPath back at the SDK's Roslyn for 'Core'); a toolset package newer than 4.14 sets it itself.
        using var consumer = new ConsumerProject(
            "toolset",
            extraProjectXml: "  <PropertyGroup>\n    <RoslynCompilerType>Package</RoslynCompilerType>\n  </PropertyGroup>\n",
            packages: packages);
        consumer.Write("Services.cs", ServicesSource);
        consumer.Write("Program.cs", ProgramSource);

        // The key-schema generator must run on that compiler too: without it the partial method has no body (CS8795).
        consumer.Write("ShopKeys.cs",
            """
            using CachingArchitect;

            namespace Consumer;

            [CacheKeySchema(Prefix = "shop", Version = 2)]
            public static partial class ShopKeys
            {
                [CacheKey("user:{userId}:profile", Ttl = "00:15:00", JitterPercent = 10, MaxStaleness = "00:01:00")]
                public static partial CacheKey UserProfile(int userId);
            }

            """);

        var build = consumer.Dotnet("build", "Consumer.csproj", "-nologo", "-tl:off", "-v:n", "-nodeReuse:false");
        output.WriteLine($"build with Toolset 4.14.0: exit {build.ExitCode} in {build.Elapsed.TotalSeconds:F1}s");
        Assert.True(build.ExitCode == 0, build.Log);

        // The compiler that ran is the toolset's, not the SDK's: the CoreCompile command line runs its csc.dll (the restore log
        // also names the package folder, so only the compiler's own line counts).
        var toolsetCompiler = Path.Combine("microsoft.net.compilers.toolset", "4.14.0", "tasks", "netcore", "bincore", "csc.dll");
        Assert.True(
            build.Log.Split('\n').Any(l => l.Contains(toolsetCompiler, StringComparison.OrdinalIgnoreCase) && l.Contains("/noconfig", StringComparison.Ordinal)),
            "CoreCompile did not run the toolset's compiler:\n" + build.Log);

        // No analyzer failed to load (CS8032), referenced a newer compiler (CS9057) or crashed (AD0001).
        Assert.DoesNotContain("CS8032", build.Log);
        Assert.DoesNotContain("CS9057", build.Log);
        Assert.DoesNotContain("AD0001", build.Log);
        Assert.DoesNotContain("CS8785", build.Log);
        Assert.DoesNotContain("CS8795", build.Log);
        Assert.Contains(build.CacheDiagnosticLines, l => l.Contains("Services.cs(11,") && l.Contains("warning CACHE001"));
        Assert.Contains(build.CacheDiagnosticLines, l => l.Contains("Services.cs(21,") && l.Contains("warning CACHE004"));
        Assert.True(File.Exists(Path.Combine(consumer.Directory, "obj", "Debug", "net10.0", "Consumer.dll")) ||
                    Directory.EnumerateFiles(consumer.Directory, "Consumer.dll", SearchOption.AllDirectories).Any(),
                    "the consumer (with its generated key schema) was not compiled");
    }
}
