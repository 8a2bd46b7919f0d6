using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Expiration;

/// <summary>
/// CACHE005 — Memcached item stored without expiration (EnyimMemcachedCore): <c>Store</c>/<c>Cas</c> overloads
/// without expiry, and <c>Add/Set/Replace[Async]</c>, <c>Store</c>, <c>Cas</c>, <c>GetValueOrCreateAsync</c> with an
/// expiry Enyim maps to exptime 0: <c>0</c> seconds, <c>TimeSpan.Zero</c>, <c>TimeSpan.MaxValue</c>, <c>DateTime.MaxValue</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MemcachedItemWithoutExpirationAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: which shape the fix must edit.</summary>
    public const string ShapeProperty = "Shape";

    /// <summary>Switch to the overload with a <c>TimeSpan validFor</c> (no expiry argument was passed).</summary>
    public const string ShapeAddTtl = "AddTtl";

    /// <summary>Replace the "never expires" argument (first additional location) with seconds.</summary>
    public const string ShapeReplaceSeconds = "ReplaceSeconds";

    /// <summary>Replace the "never expires" argument (first additional location) with a <c>TimeSpan</c>.</summary>
    public const string ShapeReplaceTimeSpan = "ReplaceTimeSpan";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE005);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.MemcachedClient is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, static (ctx, operation) => Analyze(ctx, operation));

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation)
    {
        if (operation.Technology != CacheTechnology.Memcached ||
            operation.Kind is not (CacheOperationKind.Write or CacheOperationKind.ReadThrough) ||
            operation.Name is not ("Add" or "Set" or "Replace" or "Store" or "Cas" or "GetValueOrCreate"))
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[CachingArchitectOptions.TtlProperty] = TtlSyntax.ToPropertyText(
            CachingArchitectOptions.GetDefaultTtl(context.Options, operation.Invocation.Syntax.SyntaxTree));
        var additional = new List<Location>();
        string detail;

        if (operation.ExpirySource == ExpirySourceKind.NoneInOverload)
        {
            if (operation.Name is not ("Store" or "Cas"))
            {
                return;
            }

            properties[ShapeProperty] = ShapeAddTtl;
            detail = ": this overload passes no expiration (exptime 0)";
        }
        else if (operation.ExpirySource == ExpirySourceKind.Argument && operation.ExpiryArgument is { } argument)
        {
            var facts = ExpiryTracer.TraceValue(argument.Value, 0);
            var neverExpires = !facts.IsUnknown &&
                               (facts.Has(ExpiryFlags.Infinite) ||
                                facts.Has(ExpiryFlags.Relative) && facts.RelativeValue == TimeSpan.Zero);
            if (!neverExpires)
            {
                return;
            }

            var type = argument.Parameter?.Type;
            properties[ShapeProperty] = type is not null && type.SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt32
                ? ShapeReplaceSeconds
                : ShapeReplaceTimeSpan;
            additional.Add(argument.Syntax.GetLocation());
            detail = $": EnyimMemcachedCore maps '{argument.Value.Syntax}' to exptime 0";
        }
        else
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE005,
            CodeContext.GetNameLocation(operation.Invocation),
            additional,
            properties.ToImmutable(),
            "'" + operation.Method.Name + "'",
            detail));
    }
}
