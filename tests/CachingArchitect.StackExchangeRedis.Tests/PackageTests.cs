using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace CachingArchitect.StackExchangeRedis.Tests;

/// <summary>
/// Packs src/CachingArchitect.StackExchangeRedis (<c>dotnet pack --no-build</c>, the configuration these tests were built in)
/// into a temporary folder and checks the package: lib/netstandard2.0 only, no copy of CachingArchitect.dll, and the
/// dependencies CachingArchitect (same version), StackExchange.Redis (2.8.16 floor), System.Text.Json and
/// Microsoft.Bcl.AsyncInterfaces.
/// </summary>
public sealed class PackageTests
{
    private const string Version = "0.1.0-test.1";

    [Fact]
    public void Package_has_the_library_and_the_expected_dependencies()
    {
        var (entries, nuspec) = Pack();

        Assert.Contains("lib/netstandard2.0/CachingArchitect.StackExchangeRedis.dll", entries);
        Assert.Contains("lib/netstandard2.0/CachingArchitect.StackExchangeRedis.xml", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.EndsWith("/CachingArchitect.dll", StringComparison.OrdinalIgnoreCase));
        Assert.Single(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal));

        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("CachingArchitect.StackExchangeRedis", metadata.Element(ns + "id")!.Value);
        var groups = metadata.Element(ns + "dependencies")!.Elements(ns + "group").ToList();
        var group = Assert.Single(groups);
        Assert.Equal(".NETStandard2.0", group.Attribute("targetFramework")!.Value);
        var dependencies = group.Elements(ns + "dependency").ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
        Assert.Equal(Version, dependencies["CachingArchitect"]);        // the package built by src/CachingArchitect.Package
        Assert.Equal("2.8.16", dependencies["StackExchange.Redis"]);    // the floor
        Assert.Equal("8.0.5", dependencies["System.Text.Json"]);
        Assert.Equal("8.0.0", dependencies["Microsoft.Bcl.AsyncInterfaces"]);
        Assert.Equal(4, dependencies.Count);
    }

    private static (string[] Entries, XDocument Nuspec) Pack()
    {
        var root = FindRepositoryRoot();
        var project = Path.Combine(root, "src", "CachingArchitect.StackExchangeRedis", "CachingArchitect.StackExchangeRedis.csproj");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var output = Path.Combine(Path.GetTempPath(), $"cachingarchitect-redis-pack-{Guid.NewGuid():N}");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "pack", project, "-c", configuration, "--no-build", "-o", output, $"-p:VersionSuffix=test.1", "-nologo", "-nodeReuse:false", "-tl:off" })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(120_000), "dotnet pack did not finish within 2 minutes");
            Assert.True(process.ExitCode == 0, $"dotnet pack failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");

            var nupkg = Path.Combine(output, $"CachingArchitect.StackExchangeRedis.{Version}.nupkg");
            Assert.True(File.Exists(nupkg), $"{nupkg} was not produced:\n{stdout.Result}");
            using var zip = ZipFile.OpenRead(nupkg);
            var entries = zip.Entries.Select(e => e.FullName).ToArray();
            using var nuspecStream = zip.GetEntry("CachingArchitect.StackExchangeRedis.nuspec")!.Open();
            return (entries, XDocument.Load(nuspecStream));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CachingArchitect.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"CachingArchitect.sln not found above '{AppContext.BaseDirectory}'.");
    }
}
