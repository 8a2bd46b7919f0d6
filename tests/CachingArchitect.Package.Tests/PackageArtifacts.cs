using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace CachingArchitect.Package.Tests;

/// <summary>Locates the repository and the newest CachingArchitect package in its <c>artifacts</c> folder.</summary>
internal static partial class PackageArtifacts
{
    public const string PackageId = "CachingArchitect";

    /// <summary>Optional override: the full path of the .nupkg to test.</summary>
    public const string PackageEnvironmentVariable = "CACHINGARCHITECT_NUPKG";

    [GeneratedRegex(@"^CachingArchitect\.(?<version>\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.nupkg$", RegexOptions.CultureInvariant)]
    private static partial Regex PackageFileName();

    private static readonly Lazy<string> LazyRepositoryRoot = new(FindRepositoryRoot);

    public static string RepositoryRoot => LazyRepositoryRoot.Value;

    public static string ArtifactsDirectory => Path.Combine(RepositoryRoot, "artifacts");

    /// <summary>The newest <c>artifacts/CachingArchitect.&lt;version&gt;.nupkg</c>; fails the test with a clear message when there is none.</summary>
    public static (string Path, string Version) NewestPackage()
    {
        var overridePath = Environment.GetEnvironmentVariable(PackageEnvironmentVariable);
        if (!string.IsNullOrEmpty(overridePath))
        {
            var match = PackageFileName().Match(System.IO.Path.GetFileName(overridePath));
            Assert.True(File.Exists(overridePath) && match.Success, $"{PackageEnvironmentVariable}='{overridePath}' is not an existing CachingArchitect.<version>.nupkg.");
            return (overridePath, match.Groups["version"].Value);
        }

        var candidates = Directory.Exists(ArtifactsDirectory)
            ? new DirectoryInfo(ArtifactsDirectory).GetFiles("*.nupkg")
                .Select(f => (File: f, Match: PackageFileName().Match(f.Name)))
                .Where(c => c.Match.Success)
                .OrderByDescending(c => c.File.LastWriteTimeUtc)
                .ToList()
            : [];

        if (candidates.Count == 0)
        {
            Assert.Fail(
                $"No {PackageId}.<version>.nupkg found in '{ArtifactsDirectory}'. " +
                "These tests check the packed package: run `bash build/test.sh` (it builds, packs a unique version into artifacts/ and runs the tests), " +
                "or `dotnet pack CachingArchitect.sln -c Release -o artifacts -p:VersionSuffix=dev.1` before `dotnet test`.");
        }

        var newest = candidates[0];
        return (newest.File.FullName, newest.Match.Groups["version"].Value);
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
