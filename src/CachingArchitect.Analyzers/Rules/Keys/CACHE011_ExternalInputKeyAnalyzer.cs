using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Keys;

/// <summary>CACHE011 — placeholder: not implemented yet.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExternalInputKeyAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE011);

    internal override bool IsApplicable(CacheSymbols symbols) => false;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, static (_, _) => { });
}
