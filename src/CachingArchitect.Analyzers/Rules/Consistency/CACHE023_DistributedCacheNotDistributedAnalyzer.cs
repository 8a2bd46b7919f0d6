using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Consistency;

/// <summary>
/// CACHE023 — "Distributed" cache that is not distributed. Whole-compilation rule over the shared <see cref="CacheRegistrations"/>:
/// an unguarded <c>AddDistributedMemoryCache()</c> that is the only <c>IDistributedCache</c> registration of the compilation
/// (a real provider registered anywhere replaces it: <c>AddDistributedMemoryCache</c> uses <c>TryAdd</c>, the providers <c>Add</c>).
/// When <c>AddHybridCache()</c> is registered too, the message says that HybridCache drops <c>MemoryDistributedCache</c> as its L2.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DistributedCacheNotDistributedAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE023);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.DistributedCache is not null && !symbols.IsTestProject;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        CacheRegistrationsBuilder.Register(context, symbols, Report);

    private static void Report(CompilationAnalysisContext context, CacheRegistrations facts)
    {
        if (facts.HasRealDistributedCache)
        {
            return;
        }

        var hybrid = FirstHybridCache(facts);
        foreach (var registration in facts.DistributedCaches)
        {
            if (registration.Kind != DistributedCacheProviderKind.InMemory || registration.Guard != EnvironmentGuardKind.None)
            {
                continue;
            }

            var tree = registration.Invocation.Syntax.SyntaxTree;
            if (CachingArchitectOptions.GetBool(context.Options, tree, CachingArchitectOptions.SingleInstanceKey, false))
            {
                continue;
            }

            var message = $"'{registration.Name}' registers an IDistributedCache that keeps entries in the memory of each app instance: with more than one instance the caches diverge";
            var additional = new List<Location>();
            if (hybrid is not null)
            {
                message += ", and HybridCache recognizes MemoryDistributedCache and runs without any L2";
                additional.Add(CodeContext.GetNameLocation(hybrid.Invocation));
            }

            message += "; register a shared provider (AddStackExchangeRedisCache, AddDistributedSqlServerCache…) or guard it with IsDevelopment()";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE023, CodeContext.GetNameLocation(registration.Invocation), additional, message));
        }
    }

    private static HybridCacheRegistration? FirstHybridCache(CacheRegistrations facts)
    {
        foreach (var hybrid in facts.HybridCaches)
        {
            if (hybrid.Guard != EnvironmentGuardKind.DevelopmentOrTest)
            {
                return hybrid;
            }
        }

        return null;
    }
}
