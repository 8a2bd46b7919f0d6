using System.Collections.Immutable;
using System.Globalization;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Inventory;

/// <summary>
/// CACHE904 — one report fact per key of a key schema (a <c>[CachingArchitect.CacheKey]</c> method of a
/// <c>[CachingArchitect.CacheKeySchema]</c> class), read from the attributes: <c>schema</c>, <c>family</c>, <c>template</c>, <c>ttl</c>,
/// <c>jitter</c>, <c>strategy</c>, <c>maxStaleness</c>, <c>justification</c>, <c>valueType</c>. Inventory mode only; gated on the
/// CachingArchitect runtime library rather than on a caching library (a schema may live in a project that only declares keys).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeySchemaInventoryAnalyzer : InventoryAnalyzer
{
    public const string SchemaProperty = "schema";
    public const string FamilyProperty = "family";
    public const string TemplateProperty = "template";
    public const string TtlProperty = "ttl";
    public const string JitterProperty = "jitter";
    public const string StrategyProperty = "strategy";
    public const string MaxStalenessProperty = "maxStaleness";
    public const string JustificationProperty = "justification";
    public const string ValueTypeProperty = "valueType";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.CACHE904);

    internal override bool IsApplicable(CacheSymbols symbols) =>
        symbols.Compilation.GetTypeByMetadataName("CachingArchitect.CacheKeyAttribute") is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        context.RegisterSymbolAction(Analyze, SymbolKind.Method);

    private static void Analyze(SymbolAnalysisContext context)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.PartialImplementationPart is null && method.PartialDefinitionPart is not null)
        {
            return; // the generated implementation part: the definition part is reported
        }

        if (SchemaKey.TryRead(method) is not { } key)
        {
            return;
        }

        var location = method.Locations.IsDefaultOrEmpty ? Location.None : method.Locations[0];
        var ttl = InventorySupport.Duration(key.Ttl);
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE904,
            location,
            InventorySupport.Properties(
                (SchemaProperty, key.Schema),
                (FamilyProperty, key.Family),
                (TemplateProperty, key.Template),
                (TtlProperty, ttl),
                (JitterProperty, key.JitterPercent.ToString(CultureInfo.InvariantCulture)),
                (StrategyProperty, key.Strategy),
                (MaxStalenessProperty, InventorySupport.Duration(key.MaxStaleness)),
                (JustificationProperty, key.Justification ?? string.Empty),
                (ValueTypeProperty, key.ValueType)),
            $"Key '{method.Name}' of schema '{key.Schema}': family '{key.Family}'" + (ttl.Length > 0 ? " with TTL " + ttl : " without a TTL")));
    }
}
