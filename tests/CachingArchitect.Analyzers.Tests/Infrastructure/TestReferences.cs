using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CachingArchitect.Analyzers.Tests.Infrastructure;

/// <summary>Which StackExchange.Redis API shape a test compiles against.</summary>
public enum RedisVersion
{
    /// <summary>3.4.35: the 2.10+ <c>Expiration</c>/<c>ValueCondition</c> overload family.</summary>
    V3,

    /// <summary>2.8.16: the <c>TimeSpan? expiry, bool keepTtl, When when</c> overload family.</summary>
    V2,
}

/// <summary>
/// Metadata references for test compilations, all from disk, nothing downloaded at test time:
/// Basic.Reference.Assemblies (net10.0 BCL), the compile references this test project resolved
/// (ASP.NET Core ref pack, StackExchange.Redis, Microsoft.Extensions.Caching.*, FusionCache,
/// System.Runtime.Caching), the compiled EnyimMemcachedCore stub and the CachingArchitect runtime library.
/// </summary>
public static class TestReferences
{
    private static readonly string[] ExcludedPrefixes =
    {
        "xunit", "Microsoft.CodeAnalysis", "Microsoft.VisualStudio", "Microsoft.TestPlatform", "testhost", "NuGet.",
        "DiffPlex", "MessagePack", "Basic.Reference", "Microsoft.NET.Test", "CachingArchitect", "Microsoft.ServiceHub",
        "Humanizer", "System.Composition", "Microsoft.Build", "Nerdbank", "StreamJsonRpc",
    };

    private static readonly Lazy<ImmutableArray<MetadataReference>> Bcl = new(() =>
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToImmutableArray());

    private static readonly Lazy<ImmutableArray<string>> LibraryPaths = new(LoadLibraryPaths);

    private static readonly Lazy<MetadataReference> Memcached = new(CompileMemcachedStub);

    private static readonly Lazy<ImmutableArray<MetadataReference>> V3 = new(() => Build(RedisVersion.V3));

    private static readonly Lazy<ImmutableArray<MetadataReference>> V2 = new(() => Build(RedisVersion.V2));

    private static readonly Lazy<MetadataReference> Xunit = new(() => CompileStub(
        "xunit.core",
        "namespace Xunit { [System.AttributeUsage(System.AttributeTargets.Method)] public class FactAttribute : System.Attribute { } }",
        Array.Empty<MetadataReference>()));

    /// <summary>A stub assembly named <c>xunit.core</c>: makes a test compilation look like a test project.</summary>
    public static MetadataReference XunitCore => Xunit.Value;

    /// <summary>All references, with StackExchange.Redis of the given version.</summary>
    public static ImmutableArray<MetadataReference> All(RedisVersion redis = RedisVersion.V3) =>
        redis == RedisVersion.V3 ? V3.Value : V2.Value;

    /// <summary>Only the BCL: a project that references no caching library.</summary>
    public static ImmutableArray<MetadataReference> BclOnly => Bcl.Value;

    private static ImmutableArray<MetadataReference> Build(RedisVersion redis)
    {
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        builder.AddRange(Bcl.Value);
        foreach (var path in LibraryPaths.Value)
        {
            if (redis == RedisVersion.V2 && Path.GetFileName(path).Equals("StackExchange.Redis.dll", StringComparison.OrdinalIgnoreCase))
            {
                builder.Add(MetadataReference.CreateFromFile(RedisV2Path));
                continue;
            }

            builder.Add(MetadataReference.CreateFromFile(path));
        }

        builder.Add(Memcached.Value);

        // The CachingArchitect runtime library ([CacheKeySchema], [CacheKey], CacheKey): excluded from the package list above with
        // the analyzer assemblies, added by its own location.
        builder.Add(MetadataReference.CreateFromFile(typeof(global::CachingArchitect.CacheKey).Assembly.Location));
        return builder.ToImmutable();
    }

    private static string RedisV2Path
    {
        get
        {
            var path = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "se-redis-2.txt")).Trim();
            if (!File.Exists(path))
            {
                throw new FileNotFoundException("StackExchange.Redis 2.8.16 was not restored (PackageDownload in the test project).", path);
            }

            return path;
        }
    }

    private static ImmutableArray<string> LoadLibraryPaths()
    {
        var listFile = Path.Combine(AppContext.BaseDirectory, "test-references.txt");
        var bclNames = new HashSet<string>(
            Basic.Reference.Assemblies.Net100.References.All.Select(r => Path.GetFileNameWithoutExtension(r.FilePath ?? string.Empty)),
            StringComparer.OrdinalIgnoreCase);

        var result = ImmutableArray.CreateBuilder<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in File.ReadAllLines(listFile))
        {
            var path = line.Trim();
            if (path.Length == 0 || !File.Exists(path))
            {
                continue;
            }

            var name = Path.GetFileNameWithoutExtension(path);
            if (bclNames.Contains(name) || ExcludedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)) || !seen.Add(name))
            {
                continue;
            }

            result.Add(path);
        }

        return result.ToImmutable();
    }

    private static MetadataReference CompileStub(string assemblyName, string source, IEnumerable<MetadataReference> extra)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source) },
            Bcl.Value.Concat(extra),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException(assemblyName + " stub does not compile: " + string.Join(Environment.NewLine, result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(stream.ToArray(), filePath: assemblyName + ".dll");
    }

    private static MetadataReference CompileMemcachedStub()
    {
        var references = new List<MetadataReference>(Bcl.Value);
        var di = LibraryPaths.Value.First(p => Path.GetFileName(p).Equals("Microsoft.Extensions.DependencyInjection.Abstractions.dll", StringComparison.OrdinalIgnoreCase));
        references.Add(MetadataReference.CreateFromFile(di));
        var caching = LibraryPaths.Value.First(p => Path.GetFileName(p).Equals("Microsoft.Extensions.Caching.Abstractions.dll", StringComparison.OrdinalIgnoreCase));
        references.Add(MetadataReference.CreateFromFile(caching));
        var primitives = LibraryPaths.Value.FirstOrDefault(p => Path.GetFileName(p).Equals("Microsoft.Extensions.Primitives.dll", StringComparison.OrdinalIgnoreCase));
        if (primitives is not null)
        {
            references.Add(MetadataReference.CreateFromFile(primitives));
        }
        var compilation = CSharpCompilation.Create(
            EnyimMemcachedStub.AssemblyName,
            new[] { CSharpSyntaxTree.ParseText(EnyimMemcachedStub.Source) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("Memcached stub does not compile: " + string.Join(Environment.NewLine, result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(stream.ToArray(), filePath: EnyimMemcachedStub.AssemblyName + ".dll");
    }
}
