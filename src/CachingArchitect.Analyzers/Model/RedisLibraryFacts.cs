using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// Facts about the referenced StackExchange.Redis assembly and its <c>CommandFlags</c>, computed once per compilation:
/// the package version (the assembly identity is pinned to <c>2.0.0.0</c>/<c>3.0.0.0</c>, so the version comes from
/// <c>AssemblyInformationalVersion</c> <c>2.8.16+322c7044d3</c>, else <c>AssemblyFileVersion</c> <c>2.8.16.12844</c>),
/// and whether that version ships the library's own SER305–SER308 analyzers (3.1.31 and later, catalog §2/§10 row 11).
/// </summary>
internal sealed class RedisLibraryFacts
{
    /// <summary>The first StackExchange.Redis release whose package carries SER305–SER308.</summary>
    public static readonly Version FirstWithSer307 = new(3, 1, 31);

    /// <summary><c>CommandFlags.FireAndForget</c>.</summary>
    public const long FireAndForget = 2;

    /// <summary>The replica bit shared by <c>CommandFlags.PreferReplica</c> (8) and <c>DemandReplica</c> (12).</summary>
    public const long ReplicaBit = 8;

    private static readonly ConditionalWeakTable<Compilation, RedisLibraryFacts> Cache = new();

    private RedisLibraryFacts(Compilation compilation)
    {
        var database = compilation.GetTypeByMetadataName("StackExchange.Redis.IDatabase");
        var assembly = database?.ContainingAssembly;
        if (assembly is null)
        {
            return;
        }

        IsReferenced = true;
        PackageVersion = GetPackageVersion(assembly);
    }

    /// <summary>True when StackExchange.Redis is referenced.</summary>
    public bool IsReferenced { get; }

    /// <summary>The package version (major.minor.build), or null when the assembly carries no usable version attribute.</summary>
    public Version? PackageVersion { get; }

    /// <summary>
    /// True when the referenced package ships SER307/SER308; false when it does not; null when the version is unknown
    /// (no version attributes and an identity version of 3.x, which does not tell 3.0.x from 3.4.x).
    /// </summary>
    public bool? ShipsSer307 => PackageVersion is { } version ? version >= FirstWithSer307 : null;

    public static RedisLibraryFacts Get(Compilation compilation) =>
        Cache.GetValue(compilation, static c => new RedisLibraryFacts(c));

    /// <summary>The version of <paramref name="assembly"/>'s package: informational version, file version, then the identity when it is below 3.</summary>
    public static Version? GetPackageVersion(IAssemblySymbol assembly)
    {
        Version? file = null;
        foreach (var attribute in assembly.GetAttributes())
        {
            var name = attribute.AttributeClass?.Name;
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string text)
            {
                continue;
            }

            if (name == "AssemblyInformationalVersionAttribute" && TryParse(text, out var informational))
            {
                return informational;
            }

            if (name == "AssemblyFileVersionAttribute" && TryParse(text, out var parsed))
            {
                file = parsed;
            }
        }

        if (file is not null)
        {
            return file;
        }

        // 2.x packages all predate the analyzers, so a 2.0.0.0 identity is enough to decide.
        var identity = assembly.Identity.Version;
        return identity.Major is > 0 and < 3 ? new Version(identity.Major, identity.Minor, Math.Max(identity.Build, 0)) : null;
    }

    /// <summary>Parses <c>3.4.35</c>, <c>3.4.35+510f791e70</c>, <c>3.1.31-preview.2</c> or <c>2.8.16.12844</c> into major.minor.build.</summary>
    public static bool TryParse(string? text, out Version version)
    {
        version = new Version(0, 0);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var core = text!.Trim();
        var cut = core.IndexOfAny(new[] { '+', '-', ' ' });
        if (cut >= 0)
        {
            core = core.Substring(0, cut);
        }

        if (!Version.TryParse(core, out var parsed) || parsed.Major <= 0)
        {
            return false;
        }

        version = new Version(parsed.Major, parsed.Minor, Math.Max(parsed.Build, 0));
        return true;
    }

    /// <summary>True when the call's <c>flags</c> argument is a constant that includes <paramref name="bits"/> (all of them).</summary>
    public static bool HasFlags(IInvocationOperation invocation, long bits)
    {
        var argument = invocation.GetArgument("flags");
        if (argument is null || !argument.IsExplicit())
        {
            return false;
        }

        var constant = argument.Value.ConstantValue;
        if (!constant.HasValue || constant.Value is null)
        {
            return false;
        }

        try
        {
            var value = Convert.ToInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture);
            return (value & bits) == bits;
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            return false;
        }
    }
}
