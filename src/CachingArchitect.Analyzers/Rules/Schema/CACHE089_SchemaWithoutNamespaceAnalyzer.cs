using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Schema;

/// <summary>
/// CACHE089 (Info) — a <c>[CacheKeySchema]</c> without <c>Prefix</c> or without <c>Version</c>: its keys share the cache's
/// namespace with every other application, or a change of the cached data cannot be rolled out by bumping the version.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SchemaWithoutNamespaceAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE089);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.CacheKeySchemaAttribute is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        context.RegisterSymbolAction(ctx => Analyze(ctx, symbols), SymbolKind.NamedType);

    private static void Analyze(SymbolAnalysisContext context, CacheSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attribute = SchemaFacts.FindAttribute(type, symbols.CacheKeySchemaAttribute);
        if (attribute is null)
        {
            return;
        }

        var root = SchemaFacts.GetRoot(type, symbols);
        string? message = (root.Prefix, root.Version) switch
        {
            (null, 0) => $"Key schema '{type.Name}' has neither Prefix nor Version: its keys share the namespace of every application using the cache, and a change of the cached data cannot be rolled out by bumping a version",
            (null, _) => $"Key schema '{type.Name}' has no Prefix: its keys share the namespace of every application and bounded context using the cache",
            (_, 0) => $"Key schema '{type.Name}' has no Version: a change of the cached data's shape cannot be rolled out without downtime by bumping it",
            _ => null,
        };

        if (message is not null)
        {
            var location = (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax)?.Name.GetLocation()
                           ?? SchemaRuleSupport.LocationOf(type);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE089, location, message));
        }
    }
}
