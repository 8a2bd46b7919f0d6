using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Model;

/// <summary>The runtime family a project is compiled for.</summary>
internal enum TargetRuntimeKind
{
    /// <summary>Cannot tell (e.g. <c>netstandard*</c>, Mono/Xamarin, an unrecognised moniker): rules that depend on the runtime stay silent.</summary>
    Unknown,

    /// <summary>.NET Framework 4.x (<c>net48</c>, <c>.NETFramework</c>, an <c>mscorlib</c> core library).</summary>
    NetFramework,

    /// <summary>.NET Core / .NET 5+ (<c>netcoreapp*</c>, <c>net5.0</c>+, <c>.NETCoreApp</c>, a <c>System.Runtime</c>/<c>System.Private.CoreLib</c> core library).</summary>
    NetCore,
}

/// <summary>
/// Which runtime a compilation targets. The MSBuild properties win when the build passes them to analyzers
/// (<c>build_property.TargetFrameworkIdentifier</c>, then <c>build_property.TargetFramework</c>, which the .NET SDK makes
/// compiler-visible by default); otherwise the assembly that defines <c>System.Object</c> decides: <c>System.Runtime</c>
/// (reference packs) or <c>System.Private.CoreLib</c> means .NET Core/.NET 5+, <c>mscorlib</c> means .NET Framework
/// (Mono and Xamarin use <c>mscorlib</c> too, so that answer errs on the quiet side), <c>netstandard</c> is unknown.
/// </summary>
internal static class TargetRuntime
{
    public const string TargetFrameworkIdentifierKey = "build_property.TargetFrameworkIdentifier";
    public const string TargetFrameworkKey = "build_property.TargetFramework";

    /// <summary>The runtime of <paramref name="compilation"/> given the analyzer options of the build.</summary>
    public static TargetRuntimeKind Get(Compilation compilation, AnalyzerOptions? options)
    {
        var global = options?.AnalyzerConfigOptionsProvider.GlobalOptions;
        if (global is not null)
        {
            if (global.TryGetValue(TargetFrameworkIdentifierKey, out var identifier) && FromIdentifier(identifier) is { } byIdentifier)
            {
                return byIdentifier;
            }

            if (global.TryGetValue(TargetFrameworkKey, out var moniker) && FromMoniker(moniker) is { } byMoniker)
            {
                return byMoniker;
            }
        }

        return FromCoreLibrary(compilation);
    }

    /// <summary><c>.NETCoreApp</c> / <c>.NETFramework</c> / <c>.NETStandard</c>; null for an empty or unknown value.</summary>
    public static TargetRuntimeKind? FromIdentifier(string? identifier)
    {
        switch (identifier?.Trim().ToUpperInvariant())
        {
            case ".NETCOREAPP":
                return TargetRuntimeKind.NetCore;
            case ".NETFRAMEWORK":
                return TargetRuntimeKind.NetFramework;
            case ".NETSTANDARD":
                return TargetRuntimeKind.Unknown;
            default:
                return null;
        }
    }

    /// <summary>
    /// A target framework moniker: <c>net5.0</c>+ (with a dot, optionally <c>-windows</c> etc.) and <c>netcoreapp*</c> are .NET Core;
    /// <c>net4x</c>/<c>net3x</c>/<c>net2x</c> without a dot (<c>net48</c>, <c>net472</c>) are .NET Framework; <c>netstandard*</c> is unknown;
    /// anything else (empty, several frameworks, a custom alias) is null, i.e. undecided.
    /// </summary>
    public static TargetRuntimeKind? FromMoniker(string? moniker)
    {
        var tfm = moniker?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(tfm) || tfm!.IndexOf(';') >= 0)
        {
            return null;
        }

        var dash = tfm.IndexOf('-');
        if (dash > 0)
        {
            tfm = tfm.Substring(0, dash);
        }

        if (tfm.StartsWith("netcoreapp", StringComparison.Ordinal))
        {
            return TargetRuntimeKind.NetCore;
        }

        if (tfm.StartsWith("netstandard", StringComparison.Ordinal))
        {
            return TargetRuntimeKind.Unknown;
        }

        if (!tfm.StartsWith("net", StringComparison.Ordinal) || tfm.Length < 4 || !char.IsDigit(tfm[3]))
        {
            return null;
        }

        var version = tfm.Substring(3);
        if (version.IndexOf('.') >= 0)
        {
            // net5.0, net8.0, net10.0 (a dotted "net4.8" is not a valid moniker; treat it by its major version).
            var major = version.Substring(0, version.IndexOf('.'));
            return int.TryParse(major, out var m) && m >= 5 ? TargetRuntimeKind.NetCore : TargetRuntimeKind.NetFramework;
        }

        // net20 … net481: .NET Framework.
        return version.Length >= 2 && AllDigits(version) ? TargetRuntimeKind.NetFramework : null;
    }

    /// <summary>Decides from the assembly that defines <c>System.Object</c>.</summary>
    public static TargetRuntimeKind FromCoreLibrary(Compilation compilation)
    {
        var name = compilation.GetSpecialType(SpecialType.System_Object)?.ContainingAssembly?.Name;
        switch (name)
        {
            case "System.Runtime":
            case "System.Private.CoreLib":
                return TargetRuntimeKind.NetCore;
            case "mscorlib":
                return TargetRuntimeKind.NetFramework;
            default:
                return TargetRuntimeKind.Unknown;
        }
    }

    private static bool AllDigits(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
