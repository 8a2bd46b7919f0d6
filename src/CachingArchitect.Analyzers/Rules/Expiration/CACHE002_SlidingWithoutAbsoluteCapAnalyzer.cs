using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Expiration;

/// <summary>
/// CACHE002 — Sliding expiration without an absolute cap, on traced <c>MemoryCacheEntryOptions</c>,
/// <c>DistributedCacheEntryOptions</c>, <c>GetOrCreate[Async]</c> factory entries and <c>CreateEntry</c> entries.
/// System.Runtime.Caching <c>CacheItemPolicy</c> is not reported: it rejects a policy that sets both
/// <c>AbsoluteExpiration</c> and <c>SlidingExpiration</c>, so "add a cap" is not a fix there.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SlidingWithoutAbsoluteCapAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: which shape the fix must edit.</summary>
    public const string ShapeProperty = "Shape";

    /// <summary>Add <c>AbsoluteExpirationRelativeToNow</c> to the options creation (first additional location).</summary>
    public const string ShapeOptionsInitializer = "OptionsInitializer";

    /// <summary>Append <c>.SetAbsoluteExpiration(cap)</c> to the fluent options argument (first additional location).</summary>
    public const string ShapeFluentChain = "FluentChain";

    /// <summary>Insert <c>entry.AbsoluteExpirationRelativeToNow = cap;</c> into the factory lambda (first additional location).</summary>
    public const string ShapeFactory = "Factory";

    /// <summary>Insert the assignment after the <c>CreateEntry</c> declaration.</summary>
    public const string ShapeEntry = "Entry";

    /// <summary>Fallback multiple of the sliding window used as cap (<c>caching_architect.sliding_cap_multiplier</c>).</summary>
    public const double DefaultCapMultiplier = 4;

    private static readonly TimeSpan MaxCap = TimeSpan.FromDays(3650);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE002);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.MemoryCache is not null || symbols.DistributedCache is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, static (ctx, operation) => Analyze(ctx, operation));

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation)
    {
        if (operation.Technology is not (CacheTechnology.MemoryCache or CacheTechnology.DistributedCache) ||
            operation.Kind is not (CacheOperationKind.Write or CacheOperationKind.ReadThrough) ||
            operation.ExpirySource is not (ExpirySourceKind.Argument or ExpirySourceKind.Factory or ExpirySourceKind.Entry))
        {
            return;
        }

        var facts = ExpiryTracer.Trace(operation);
        if (facts.IsUnknown || !facts.Has(ExpiryFlags.Sliding) || facts.HasAbsoluteCap || facts.Has(ExpiryFlags.Token))
        {
            return;
        }

        if (KeyExpressions.IsContentAddressed(operation.Key))
        {
            return; // the key names the content (a hash, revision, reflection object): nothing under it can go stale
        }

        var tree = operation.Invocation.Syntax.SyntaxTree;
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[CachingArchitectOptions.TtlProperty] = TtlSyntax.ToPropertyText(GetCap(context, tree, facts.SlidingValue));
        var additional = new List<Location>();

        switch (operation.ExpirySource)
        {
            case ExpirySourceKind.Argument when operation.ExpiryArgument is { } argument:
                if (argument.Value.WalkDownConversions() is IInvocationOperation chain && chain.Syntax.SyntaxTree == tree)
                {
                    properties[ShapeProperty] = ShapeFluentChain;
                    additional.Add(chain.Syntax.GetLocation());
                }
                else if (facts.Origin is IObjectCreationOperation origin)
                {
                    if (origin.Syntax.SyntaxTree == tree)
                    {
                        properties[ShapeProperty] = ShapeOptionsInitializer;
                    }

                    additional.Add(origin.Syntax.GetLocation());
                }

                break;
            case ExpirySourceKind.Factory when operation.FactoryArgument is { } factory:
                properties[ShapeProperty] = ShapeFactory;
                additional.Add(factory.Value.Syntax.GetLocation());
                break;
            case ExpirySourceKind.Entry:
                properties[ShapeProperty] = ShapeEntry;
                break;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE002,
            CodeContext.GetNameLocation(operation.Invocation),
            additional,
            properties.ToImmutable(),
            "'" + operation.Method.Name + "'"));
    }

    /// <summary>The cap the fix inserts: <c>sliding_cap_multiplier</c> × the constant sliding window, else <c>default_ttl</c>.</summary>
    private static TimeSpan GetCap(OperationAnalysisContext context, SyntaxTree tree, TimeSpan? sliding)
    {
        if (sliding is { } window && window > TimeSpan.Zero)
        {
            var multiplier = CachingArchitectOptions.GetDouble(context.Options, tree, CachingArchitectOptions.SlidingCapMultiplierKey, DefaultCapMultiplier);
            var ticks = window.Ticks * multiplier;
            if (ticks > window.Ticks && ticks < MaxCap.Ticks)
            {
                return TimeSpan.FromTicks((long)ticks);
            }

            if (ticks >= MaxCap.Ticks)
            {
                return MaxCap;
            }
        }

        return CachingArchitectOptions.GetDefaultTtl(context.Options, tree);
    }
}
