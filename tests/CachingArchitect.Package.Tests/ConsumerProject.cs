using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace CachingArchitect.Package.Tests;

/// <summary>
/// A throwaway consumer project in a temp folder that restores the packed CachingArchitect package from a local folder
/// feed (artifacts/), as a user would. Runs <c>dotnet</c> commands in it and cleans up after itself, including the
/// package's folder in the global packages cache (NuGet never re-extracts a version it already has).
/// </summary>
internal sealed class ConsumerProject : IDisposable
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    private readonly string packageCacheFolder;

    public ConsumerProject(string name, string extraProjectXml = "", IReadOnlyDictionary<string, string>? packages = null)
    {
        (PackagePath, Version) = PackageArtifacts.NewestPackage();
        Feed = Path.GetDirectoryName(PackagePath)!;
        Directory = System.IO.Directory.CreateTempSubdirectory("cachingarchitect-" + name + "-").FullName;
        packageCacheFolder = Path.Combine(GlobalPackagesFolder(), "cachingarchitect", Version.ToLowerInvariant());
        DeleteDirectory(packageCacheFolder);

        WriteFiles(Directory, Feed, Version, extraProjectXml, packages);
    }

    /// <summary>
    /// Writes the consumer layout into <paramref name="dir"/>: empty Directory.Build.* / Directory.Packages.props (so MSBuild
    /// imports nothing above the temp folder), a nuget.config with the local feed (next to the machine's sources unless
    /// <paramref name="clearSources"/>), and Consumer.csproj referencing CachingArchitect <paramref name="version"/> plus
    /// <paramref name="packages"/>.
    /// </summary>
    public static void WriteFiles(
        string dir,
        string feed,
        string version,
        string extraProjectXml = "",
        IReadOnlyDictionary<string, string>? packages = null,
        bool clearSources = false)
    {
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(dir, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(dir, "Directory.Packages.props"), "<Project />\n");
        var clear = clearSources ? "    <clear />\n" : string.Empty;
        File.WriteAllText(Path.Combine(dir, "nuget.config"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
            {clear}    <add key="cachingarchitect-local" value="{System.Security.SecurityElement.Escape(feed)}" />
              </packageSources>
            </configuration>

            """);

        var references = new StringBuilder();
        foreach (var (id, packageVersion) in packages ?? new Dictionary<string, string>())
        {
            references.Append($"    <PackageReference Include=\"{id}\" Version=\"{packageVersion}\" />\n");
        }

        File.WriteAllText(Path.Combine(dir, "Consumer.csproj"),
            $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CachingArchitect" Version="[{version}]" PrivateAssets="all" />
            {references}  </ItemGroup>
            {extraProjectXml}
            </Project>

            """);
    }

    public string PackagePath { get; }

    public string Version { get; }

    public string Feed { get; }

    public string Directory { get; }

    public string ProjectPath => Path.Combine(Directory, "Consumer.csproj");

    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in the consumer folder.</summary>
    public CommandResult Dotnet(params string[] arguments) => RunDotnet(Directory, arguments);

    public static CommandResult RunDotnet(string workingDirectory, params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var start = new ProcessStartInfo(string.IsNullOrEmpty(dotnet) || !File.Exists(dotnet) ? "dotnet" : dotnet)
        {
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Run(start, CommandTimeout);
    }

    /// <summary>Runs a process with the environment cleaned of the test host's MSBuild variables; collects stdout+stderr.</summary>
    public static CommandResult Run(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        start.StandardOutputEncoding = Encoding.UTF8;
        start.StandardErrorEncoding = Encoding.UTF8;
        CleanEnvironment(start);

        var log = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{start.FileName} {string.Join(' ', start.ArgumentList)} timed out after {timeout}:\n{log}");
        }

        process.WaitForExit();
        lock (log)
        {
            return new CommandResult(process.ExitCode, log.ToString(), stopwatch.Elapsed);
        }
    }

    /// <summary>
    /// The test host runs under <c>dotnet test</c>: drop the MSBuild variables it inherited so nested builds resolve their
    /// own SDK, and keep them from leaving build servers behind.
    /// </summary>
    public static void CleanEnvironment(ProcessStartInfo start)
    {
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
    }

    public static string GlobalPackagesFolder()
    {
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return string.IsNullOrEmpty(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")
            : configured;
    }

    public void Dispose()
    {
        DeleteDirectory(packageCacheFolder);
        var idFolder = Path.GetDirectoryName(packageCacheFolder)!;
        if (System.IO.Directory.Exists(idFolder) && !System.IO.Directory.EnumerateFileSystemEntries(idFolder).Any())
        {
            System.IO.Directory.Delete(idFolder);
        }

        if (Environment.GetEnvironmentVariable("CACHINGARCHITECT_KEEP_CONSUMER") != "1")
        {
            DeleteDirectory(Directory);
        }
    }

    private static void DeleteDirectory(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
    }
}

internal sealed record CommandResult(int ExitCode, string Log, TimeSpan Elapsed)
{
    /// <summary>Distinct console lines of <c>warning CACHEnnn</c>/<c>error CACHEnnn</c>, trimmed, with the project suffix removed.</summary>
    public IReadOnlyList<string> CacheDiagnosticLines => Log.Split('\n')
        .Select(l => l.Trim())
        .Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @": (warning|error) CACHE\d{3}:"))
        .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @" \[[^\]]*\.csproj\]$", string.Empty))
        .Distinct()
        .ToList();
}
