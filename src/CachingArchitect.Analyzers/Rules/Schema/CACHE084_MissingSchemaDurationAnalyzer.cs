using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Schema;

/// <summary>
/// CACHE084 — a <c>[CacheKey]</c> without <c>Ttl</c> (Warning: the typed helpers write the key without expiry; fix: add
/// <c>Ttl = "…"</c> with <c>caching_architect.default_ttl</c>), and, as an Info variant reported only when a valid Ttl is declared
/// and the strategy is CacheAside or ReadThrough (entries then change only when they expire, so the Ttl is the staleness and the
/// team should state what it may be), a key without <c>MaxStaleness</c>: a documentation gap, not a defect. WriteThrough,
/// WriteBehind and EventDriven keys are refreshed on change; their strategy already states their freshness.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingSchemaDurationAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: which argument is missing (<c>Ttl</c> or <c>MaxStaleness</c>).</summary>
    public const string MissingProperty = "Missing";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE084);

    internal override bool IsApplicable(CacheSymbols symbols) => SchemaRuleSupport.IsApplicable(symbols);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        SchemaRuleSupport.RegisterKeyAction(context, symbols, static (ctx, key) => Analyze(ctx, key));

    private static void Analyze(SymbolAnalysisContext context, SchemaKeyDeclaration key)
    {
        if (key.Syntax is null)
        {
            return;
        }

        if (key.Ttl is null)
        {
            var ttl = CachingArchitectOptions.GetDefaultTtl(context.Options, key.Syntax.SyntaxTree);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(MissingProperty, "Ttl")
                .Add(CachingArchitectOptions.TtlProperty, TtlSyntax.ToPropertyText(ttl));
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE084,
                key.AttributeLocation,
                properties,
                $"Key '{key.Method.Name}' declares no Ttl: the typed helpers write it without expiry, so its entries live until evicted; declare how long the data may be cached, e.g. Ttl = \"{TtlSyntax.ToPropertyText(ttl)}\""));
            return;
        }

        if (key.MaxStaleness is null && key.IsTtlBoundedStrategy && SchemaFacts.TryParseDuration(key.Ttl, out var parsed) && parsed > System.TimeSpan.Zero)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE084,
                key.AttributeLocation,
                DiagnosticSeverity.Info,
                additionalLocations: null,
                properties: ImmutableDictionary<string, string?>.Empty.Add(MissingProperty, "MaxStaleness"),
                $"Key '{key.Method.Name}' declares no MaxStaleness: state how stale a reader may see this data (at most the Ttl '{key.Ttl}' unless invalidated), so the Ttl and the invalidation strategy can be checked against it"));
        }
    }
}
