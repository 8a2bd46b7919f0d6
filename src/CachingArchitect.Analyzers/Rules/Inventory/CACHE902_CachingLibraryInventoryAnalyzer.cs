using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Inventory;

/// <summary>
/// CACHE902 — one report fact per caching library the compilation references (<c>technology</c>, <c>assembly</c>, <c>version</c>),
/// reported at compilation end without a location. Inventory mode only.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CachingLibraryInventoryAnalyzer : InventoryAnalyzer
{
    public const string TechnologyProperty = "technology";
    public const string AssemblyProperty = "assembly";
    public const string VersionProperty = "version";

    /// <summary><c>framework</c> for an assembly of a .NET shared framework (every ASP.NET Core project references it), else <c>package</c>.</summary>
    public const string OriginProperty = "origin";

    /// <summary>Assembly name → the contract's technology value. Ordered by assembly name for deterministic output.</summary>
    private static readonly Dictionary<string, string> Libraries = new(StringComparer.Ordinal)
    {
        ["EnyimMemcachedCore"] = "Memcached",
        ["Microsoft.AspNetCore.OutputCaching"] = "OutputCache",
        ["Microsoft.AspNetCore.ResponseCaching"] = "ResponseCache",
        ["Microsoft.Extensions.Caching.Abstractions"] = "Microsoft.Extensions.Caching.Abstractions",
        ["Microsoft.Extensions.Caching.Hybrid"] = "HybridCache",
        ["Microsoft.Extensions.Caching.Memory"] = "IMemoryCache",
        ["Microsoft.Extensions.Caching.SqlServer"] = "IDistributedCache",
        ["Microsoft.Extensions.Caching.StackExchangeRedis"] = "IDistributedCache",
        ["StackExchange.Redis"] = "StackExchange.Redis",
        ["System.Runtime.Caching"] = "System.Runtime.Caching",
        ["ZiggyCreatures.FusionCache"] = "FusionCache",
        ["ZiggyCreatures.FusionCache.Backplane.StackExchangeRedis"] = "FusionCache",
        ["CachingArchitect"] = "CachingArchitect key schemas",
        ["CachingArchitect.StackExchangeRedis"] = "CachingArchitect Redis helpers",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.CACHE902);

    // RS1013 suggests a compilation action instead of a start/end pair; the start action is kept because it is where every
    // inventory analyzer checks the CachingArchitectInventory gate, so a project without the property registers nothing.
#pragma warning disable RS1013
    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        context.RegisterCompilationEndAction(ReportLibraries);
#pragma warning restore RS1013

    private static void ReportLibraries(CompilationAnalysisContext context)
    {
        var found = new SortedDictionary<string, (IAssemblySymbol Assembly, bool Framework)>(StringComparer.Ordinal);
        foreach (var reference in context.Compilation.References)
        {
            if (context.Compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly &&
                Libraries.ContainsKey(assembly.Identity.Name) && !found.ContainsKey(assembly.Identity.Name))
            {
                found.Add(assembly.Identity.Name, (assembly, IsSharedFrameworkReference(reference)));
            }
        }

        // Whether a shared-framework library is actually used is left to the report, which sees the registrations, call sites
        // and HTTP surfaces: asking the compiler here (Compilation.GetUsedAssemblyReferences) binds every method body a second
        // time, 22 s on the 2,000-file performance code base.
        foreach (var pair in found)
        {
            var technology = Libraries[pair.Key];
            var version = (RedisLibraryFacts.GetPackageVersion(pair.Value.Assembly) ?? pair.Value.Assembly.Identity.Version).ToString();
            var origin = pair.Value.Framework ? "framework" : "package";
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE902,
                Location.None,
                InventorySupport.Properties(
                    (TechnologyProperty, technology),
                    (AssemblyProperty, pair.Key),
                    (VersionProperty, version),
                    (OriginProperty, origin)),
                $"Caching library {pair.Key} {version} ({technology}{(pair.Value.Framework ? ", shared framework" : string.Empty)})"));
        }
    }

    /// <summary>
    /// A reference from a .NET shared framework: the targeting pack a build compiles against (<c>packs/Microsoft.AspNetCore.App.Ref/…</c>,
    /// or the same pack restored into the NuGet cache as <c>microsoft.aspnetcore.app.ref</c>) or the runtime folder
    /// (<c>shared/Microsoft.AspNetCore.App/…</c>). A NuGet package of the same library has neither segment.
    /// </summary>
    internal static bool IsSharedFrameworkReference(MetadataReference reference)
    {
        var path = (reference as PortableExecutableReference)?.FilePath;
        if (path is null)
        {
            return false;
        }

        foreach (var framework in SharedFrameworks)
        {
            for (var index = path.IndexOf(framework, StringComparison.OrdinalIgnoreCase); index >= 0;
                 index = path.IndexOf(framework, index + 1, StringComparison.OrdinalIgnoreCase))
            {
                var end = index + framework.Length;
                if (index > 0 && path[index - 1] is '/' or '\\' && end < path.Length && path[end] is '/' or '\\' or '.')
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static readonly string[] SharedFrameworks = { "Microsoft.AspNetCore.App", "Microsoft.NETCore.App", "Microsoft.WindowsDesktop.App" };
}
