using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Keys;

/// <summary>CACHE013 — placeholder: not implemented yet.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeyWithoutNamespaceAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE013);

    internal override bool IsApplicable(CacheSymbols symbols) => false;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, static (_, _) => { });
}
