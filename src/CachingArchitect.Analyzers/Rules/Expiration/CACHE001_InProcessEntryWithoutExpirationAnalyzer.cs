using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Expiration;

/// <summary>
/// CACHE001 — In-process cache entry stored without any expiration (IMemoryCache <c>Set</c>,
/// <c>GetOrCreate[Async]</c> factories, <c>CreateEntry</c>, System.Runtime.Caching <c>Add/Set/AddOrGetExisting</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InProcessEntryWithoutExpirationAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: which shape the fix must edit.</summary>
    public const string ShapeProperty = "Shape";

    public const string ShapeAddTtlArgument = "AddTtlArgument";
    public const string ShapeOptionsInitializer = "OptionsInitializer";
    public const string ShapeFactory = "Factory";
    public const string ShapeEntry = "Entry";
    public const string ShapeInfiniteArgument = "InfiniteArgument";
    public const string ShapePolicyInitializer = "PolicyInitializer";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE001);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.MemoryCache is not null || symbols.ObjectCache is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, (ctx, operation) =>
        {
            // Opt-in: tests may cache fixtures without expiry on purpose.
            if (symbols.IsTestProject &&
                CachingArchitectOptions.GetBool(ctx.Options, operation.Invocation.Syntax.SyntaxTree, CachingArchitectOptions.ExcludeTestProjectsKey, fallback: false))
            {
                return;
            }

            Analyze(ctx, operation);
        });

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation)
    {
        if (operation.Technology is not (CacheTechnology.MemoryCache or CacheTechnology.RuntimeCaching) ||
            operation.Kind is not (CacheOperationKind.Write or CacheOperationKind.ReadThrough))
        {
            return;
        }

        // IMemoryCache.Set(key, value, IChangeToken): driven by a change token.
        if (operation.ExpiryArgument?.Parameter?.Name == "expirationToken")
        {
            return;
        }

        var facts = ExpiryTracer.Trace(operation);
        if (facts.IsUnknown || facts.HasExpiration)
        {
            return;
        }

        // A size-limited cache with entries that set Size is bounded by compaction.
        if (facts.Has(ExpiryFlags.Size) && SizeLimitTracer.IsSizeLimited(operation.Receiver) != false)
        {
            return;
        }

        // Pinned reference data written at start-up, or refreshed by a BackgroundService, under a constant key is inventory,
        // not a defect.
        if (operation.Key is { ConstantValue.HasValue: true } && CodeContext.IsStartupOrHostedServiceCode(operation.Invocation, context.ContainingSymbol))
        {
            return;
        }

        string? shape = null;
        Location? additional = null;
        switch (operation.ExpirySource)
        {
            case ExpirySourceKind.NoneInOverload when operation.Technology == CacheTechnology.MemoryCache:
                shape = ShapeAddTtlArgument;
                break;
            case ExpirySourceKind.OmittedOptional when operation.Technology == CacheTechnology.RuntimeCaching:
                break;
            case ExpirySourceKind.Argument when facts.Has(ExpiryFlags.Infinite) && operation.ExpiryArgument!.Value.WalkDownConversions() is IFieldReferenceOperation:
                shape = ShapeInfiniteArgument;
                break;
            case ExpirySourceKind.Argument when facts.Origin is IObjectCreationOperation origin:
                shape = operation.Technology == CacheTechnology.RuntimeCaching ? ShapePolicyInitializer : ShapeOptionsInitializer;
                additional = origin.Syntax.GetLocation();
                break;
            case ExpirySourceKind.Factory when operation.FactoryArgument is { } factory:
                shape = ShapeFactory;
                additional = factory.Value.Syntax.GetLocation();
                break;
            case ExpirySourceKind.Entry:
                shape = ShapeEntry;
                break;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[CachingArchitectOptions.TtlProperty] = TtlSyntax.ToPropertyText(
            CachingArchitectOptions.GetDefaultTtl(context.Options, operation.Invocation.Syntax.SyntaxTree));
        if (shape is not null)
        {
            properties[ShapeProperty] = shape;
        }

        // Build report: the "add a TTL argument" fix as a fix proposal (one-line calls).
        if (shape == ShapeAddTtlArgument && InventoryMode.IsEnabled(context.Options) && operation.Invocation.SemanticModel is { } model)
        {
            var ttl = FixProposal.TtlOf(properties);
            var location = CodeContext.GetNameLocation(operation.Invocation);
            FixProposal.AddAppendedArgument(
                properties,
                context.Options,
                "Add an expiration (" + TtlSyntax.ToTimeSpanExpression(ttl) + ")",
                operation.Invocation.Syntax,
                FixProposal.TtlExpression(model, location.SourceSpan.Start, ttl),
                context.CancellationToken);
        }

        var escalation = facts.Has(ExpiryFlags.NeverRemove)
            ? "; Priority = NeverRemove also pins it against compaction, so it is never removed"
            : string.Empty;

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE001,
            CodeContext.GetNameLocation(operation.Invocation),
            additional is null ? null : new List<Location> { additional },
            properties.ToImmutable(),
            "'" + operation.Method.Name + "'",
            escalation));
    }
}
