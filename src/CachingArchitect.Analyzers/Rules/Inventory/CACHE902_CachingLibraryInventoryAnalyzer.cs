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
        var found = new SortedDictionary<string, IAssemblySymbol>(StringComparer.Ordinal);
        foreach (var reference in context.Compilation.References)
        {
            if (context.Compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly &&
                Libraries.ContainsKey(assembly.Identity.Name) && !found.ContainsKey(assembly.Identity.Name))
            {
                found.Add(assembly.Identity.Name, assembly);
            }
        }

        foreach (var pair in found)
        {
            var technology = Libraries[pair.Key];
            var version = (RedisLibraryFacts.GetPackageVersion(pair.Value) ?? pair.Value.Identity.Version).ToString();
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE902,
                Location.None,
                InventorySupport.Properties(
                    (TechnologyProperty, technology),
                    (AssemblyProperty, pair.Key),
                    (VersionProperty, version)),
                $"Caching library {pair.Key} {version} ({technology})"));
        }
    }
}
