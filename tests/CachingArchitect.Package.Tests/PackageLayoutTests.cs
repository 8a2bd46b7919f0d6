using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace CachingArchitect.Package.Tests;

/// <summary>Unzips the newest artifacts/CachingArchitect.&lt;version&gt;.nupkg and checks its layout and metadata.</summary>
public sealed class PackageLayoutTests
{
    private const string AnalyzerFolder = "analyzers/dotnet/cs/";

    private static readonly string[] RequiredAnalyzerAssemblies =
    [
        AnalyzerFolder + "CachingArchitect.Analyzers.dll",
        AnalyzerFolder + "CachingArchitect.CodeFixes.dll",
        AnalyzerFolder + "CachingArchitect.Generators.dll",
    ];

    private static readonly string[] RuntimeLibraryEntries =
    [
        "lib/netstandard2.0/CachingArchitect.dll",
        "lib/netstandard2.0/CachingArchitect.xml",
    ];

    [Fact]
    public void Package_contains_the_analyzer_and_code_fix_assemblies_under_analyzers_dotnet_cs()
    {
        var entries = ReadEntries();

        foreach (var required in RequiredAnalyzerAssemblies)
        {
            Assert.Contains(required, entries);
        }

        // Only our own assemblies: Roslyn and its dependencies come with the compiler, never with the package.
        var foreign = entries.Where(e => e.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) &&
                                         !Path.GetFileName(e).StartsWith("CachingArchitect.", StringComparison.Ordinal)).ToList();
        Assert.True(foreign.Count == 0, "Foreign assemblies in the package: " + string.Join(", ", foreign));
    }

    [Fact]
    public void Package_has_only_the_runtime_library_under_lib_and_nothing_under_ref()
    {
        // The key-schema runtime library (attributes, CacheKey, CacheKeyDefinition …) and its XML documentation.
        var entries = ReadEntries();
        var libOrRef = entries.Where(e => e.StartsWith("lib/", StringComparison.OrdinalIgnoreCase) ||
                                          e.StartsWith("ref/", StringComparison.OrdinalIgnoreCase))
                              .Order(StringComparer.Ordinal)
                              .ToList();
        Assert.Equal(RuntimeLibraryEntries, libOrRef);

        var (path, _) = PackageArtifacts.NewestPackage();
        using var zip = ZipFile.OpenRead(path);
        var (targetFramework, references) = ReadAssembly(zip.GetEntry(RuntimeLibraryEntries[0])!);
        Assert.Equal(".NETStandard,Version=v2.0", targetFramework);
        Assert.Equal(["netstandard"], references);
    }

    [Fact]
    public void Package_has_the_build_props_hook()
    {
        var (path, _) = PackageArtifacts.NewestPackage();
        using var zip = ZipFile.OpenRead(path);
        var props = zip.GetEntry("build/CachingArchitect.props");
        Assert.NotNull(props);
        using var stream = props!.Open();
        var document = XDocument.Load(stream);
        Assert.Equal("Project", document.Root!.Name.LocalName);
    }

    [Fact]
    public void Nuspec_is_not_a_development_dependency_and_has_no_dependencies()
    {
        var (path, version) = PackageArtifacts.NewestPackage();
        using var zip = ZipFile.OpenRead(path);
        var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase) && !e.FullName.Contains('/'));
        using var stream = nuspecEntry.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal(PackageArtifacts.PackageId, Value("id"));
        Assert.Equal(version, Value("version"));
        // A development dependency would exclude the compile assets (lib/), hiding the runtime library from consumers.
        Assert.True(Value("developmentDependency") is null or "false", "developmentDependency must be absent or false: " + Value("developmentDependency"));

        var dependencies = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "dependencies");
        Assert.True(dependencies is null || !dependencies.HasElements, "The package must not declare dependencies: " + dependencies);
    }

    /// <summary>Package ids a pack of the solution may produce. A second package (e.g. CachingArchitect.StackExchangeRedis) is added here deliberately.</summary>
    private static readonly string[] PackableIds = [PackageArtifacts.PackageId, "CachingArchitect.StackExchangeRedis"];

    [Fact]
    public void Artifacts_hold_exactly_the_two_packages_for_the_version()
    {
        // Only the packaging project and the Redis helpers may pack: any other project of the solution showing up here is missing IsPackable=false.
        var (path, version) = PackageArtifacts.NewestPackage();
        var sameVersion = Directory.GetFiles(Path.GetDirectoryName(path)!, "*.nupkg")
            .Concat(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.snupkg"))
            .Select(Path.GetFileName)
            .Where(name => name!.EndsWith("." + version + ".nupkg", StringComparison.OrdinalIgnoreCase) ||
                           name!.EndsWith("." + version + ".snupkg", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(PackableIds.Select(id => $"{id}.{version}.nupkg").Order(StringComparer.Ordinal), sameVersion);
    }

    [Fact]
    public void Analyzer_assemblies_target_netstandard20_and_the_analyzer_does_not_reference_Workspaces()
    {
        var (path, _) = PackageArtifacts.NewestPackage();
        using var zip = ZipFile.OpenRead(path);
        foreach (var name in RequiredAnalyzerAssemblies)
        {
            var (targetFramework, references) = ReadAssembly(zip.GetEntry(name)!);
            Assert.Equal(".NETStandard,Version=v2.0", targetFramework);
            Assert.Contains("Microsoft.CodeAnalysis", references);
            if (name.EndsWith("CachingArchitect.Analyzers.dll", StringComparison.Ordinal))
            {
                // RS1038: analyzers must load in hosts without Workspaces (the command-line compiler).
                Assert.DoesNotContain("Microsoft.CodeAnalysis.Workspaces", references);
            }
        }
    }

    private static List<string> ReadEntries()
    {
        var (path, _) = PackageArtifacts.NewestPackage();
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
    }

    private static (string? TargetFramework, List<string> References) ReadAssembly(ZipArchiveEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        using var pe = new PEReader(buffer);
        var reader = pe.GetMetadataReader();
        var references = reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList();

        string? targetFramework = null;
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var ctor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (ctor.Parent.Kind != HandleKind.TypeReference ||
                reader.GetString(reader.GetTypeReference((TypeReferenceHandle)ctor.Parent).Name) != "TargetFrameworkAttribute")
            {
                continue;
            }

            // Blob: prolog (2 bytes), then the SerString of the first constructor argument.
            var blob = reader.GetBlobReader(attribute.Value);
            blob.ReadUInt16();
            targetFramework = blob.ReadSerializedString();
        }

        return (targetFramework, references);
    }
}
