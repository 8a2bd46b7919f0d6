using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Rules.Keys;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Inventory;

/// <summary>
/// CACHE900 — one report fact per cache operation the shared model recognizes: <c>kind</c>, <c>technology</c>, key <c>family</c>,
/// <c>ttl</c>, <c>expiry</c> and <c>schema</c> (docs/report-inventory.md). Inventory mode only.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CacheOperationInventoryAnalyzer : InventoryAnalyzer
{
    public const string KindProperty = "kind";
    public const string TechnologyProperty = "technology";
    public const string FamilyProperty = "family";
    public const string TtlProperty = "ttl";
    public const string ExpiryProperty = "expiry";
    public const string SchemaProperty = "schema";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.CACHE900);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        CacheAnalyzer.RegisterCacheOperationAction(context, symbols, Analyze);

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation)
    {
        var key = FirstKey(operation);
        var schemaFamily = InventorySupport.SchemaFamily(key);
        var isSchema = schemaFamily is not null || (key is not null && KeyRuleSupport.IsGeneratedSchemaKey(key));
        var family = schemaFamily ?? (key is null ? string.Empty : InventorySupport.Family(KeyRuleSupport.Decompose(context.Options, key)));

        var (ttl, expiry) = Expiry(operation);
        var technology = InventorySupport.Technology(operation.Technology);
        var message = $"Cache {InventorySupport.KindWord(operation.Kind)} ({technology}) of {(family.Length == 0 ? "an unknown key family" : "family '" + family + "'")}" +
                      (ttl.Length > 0 ? " with TTL " + ttl : string.Empty);

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE900,
            CodeContext.GetNameLocation(operation.Invocation),
            InventorySupport.Properties(
                (KindProperty, InventorySupport.Kind(operation.Kind)),
                (TechnologyProperty, technology),
                (FamilyProperty, family),
                (TtlProperty, ttl),
                (ExpiryProperty, expiry),
                (SchemaProperty, isSchema ? "true" : "false")),
            message));
    }

    private static IOperation? FirstKey(CacheOperation operation)
    {
        if (operation.KeyArgument is null)
        {
            return null;
        }

        if (!operation.IsMultiKey)
        {
            return operation.Key;
        }

        var keys = KeyRuleSupport.Keys(operation);
        return keys.IsDefaultOrEmpty ? null : keys[0];
    }

    /// <summary>
    /// TTL (<c>c</c> format, empty when none or unknown) and expiry class of a write or read-through. Operations that set no
    /// entry (reads, invalidations, admin commands) get empty values for both.
    /// </summary>
    private static (string Ttl, string Expiry) Expiry(CacheOperation operation)
    {
        if (operation.Kind is not (CacheOperationKind.Write or CacheOperationKind.ReadThrough))
        {
            return (string.Empty, string.Empty);
        }

        if (operation.ExpirySource == ExpirySourceKind.NotApplicable)
        {
            // The API applies its own defaults (HybridCache/FusionCache entry options from the registration, output cache policies).
            return (string.Empty, "unknown");
        }

        var facts = ExpiryTracer.Trace(operation);

        if (facts.IsUnknown)
        {
            return (string.Empty, "unknown");
        }

        if (facts.HasAbsoluteCap)
        {
            return (InventorySupport.Duration(facts.RelativeValue), "absolute");
        }

        if (facts.Has(ExpiryFlags.Sliding))
        {
            return (InventorySupport.Duration(facts.SlidingValue), "sliding");
        }

        if (facts.Has(ExpiryFlags.Token) || facts.Has(ExpiryFlags.KeepTtl))
        {
            return (string.Empty, "unknown");
        }

        return (string.Empty, "none");
    }
}
