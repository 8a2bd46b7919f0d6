using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Expiration;

/// <summary>
/// CACHE003 — <c>IDistributedCache</c> write without expiration: the option-less <c>DistributedCacheExtensions</c>
/// overloads, traced <c>DistributedCacheEntryOptions</c> with no expiration member (reported at the write, with the
/// creation as additional location, so a generic helper wrapper is reported once), and traced <c>null</c> options.
/// Info when the compilation's only provider registration is <c>AddDistributedSqlServerCache</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DistributedWriteWithoutExpirationAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: which shape the fix must edit.</summary>
    public const string ShapeProperty = "Shape";

    /// <summary>The overload takes no options: add an options argument after the value.</summary>
    public const string ShapeAddOptions = "AddOptions";

    /// <summary>Add <c>AbsoluteExpirationRelativeToNow</c> to the options creation (first additional location).</summary>
    public const string ShapeOptionsInitializer = "OptionsInitializer";

    /// <summary>Replace the <c>null</c> options (first additional location) with new options.</summary>
    public const string ShapeReplaceNull = "ReplaceNull";

    private const string DefaultSuffix = "; Redis and Memcached providers store it with no TTL, so it lives until evicted";

    private const string NullSuffix = ": the options are null, which RedisCache, SqlServerCache and MemoryDistributedCache reject with ArgumentNullException";

    private const string SqlServerSuffix = "; SqlServerCache then applies its DefaultSlidingExpiration (20 minutes, sliding only), so a key read at least every 20 minutes never expires";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE003);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.DistributedCache is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, (ctx, operation) => Analyze(ctx, operation, symbols));

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation, CacheSymbols symbols)
    {
        if (operation.Technology != CacheTechnology.DistributedCache || operation.Kind != CacheOperationKind.Write)
        {
            return;
        }

        var facts = ExpiryTracer.Trace(operation);

        // Sliding-only options are CACHE002's business.
        if (facts.IsUnknown || facts.HasExpiration)
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[CachingArchitectOptions.TtlProperty] = TtlSyntax.ToPropertyText(
            CachingArchitectOptions.GetDefaultTtl(context.Options, operation.Invocation.Syntax.SyntaxTree));
        var additional = new List<Location>();
        var isNull = facts.Has(ExpiryFlags.Null);
        var tree = operation.Invocation.Syntax.SyntaxTree;

        switch (operation.ExpirySource)
        {
            case ExpirySourceKind.NoneInOverload when operation.ValueArgument is not null:
                properties[ShapeProperty] = ShapeAddOptions;
                break;
            case ExpirySourceKind.Argument when isNull && operation.ExpiryArgument is { } nullArgument:
                properties[ShapeProperty] = ShapeReplaceNull;
                additional.Add(nullArgument.Syntax.GetLocation());
                break;
            case ExpirySourceKind.Argument when facts.Origin is IObjectCreationOperation origin:
                if (origin.Syntax.SyntaxTree == tree)
                {
                    properties[ShapeProperty] = ShapeOptionsInitializer;
                }

                additional.Add(origin.Syntax.GetLocation());
                break;
            case ExpirySourceKind.Argument:
                // A traced value that says nothing about expiration but has no creation site to edit.
                break;
        }

        string suffix;
        var severity = DiagnosticSeverity.Warning;
        if (isNull)
        {
            suffix = NullSuffix;
        }
        else if (DistributedCacheProviders.Get(context.Compilation).IsSqlServerOnly)
        {
            suffix = SqlServerSuffix;
            severity = DiagnosticSeverity.Info;
        }
        else
        {
            suffix = DefaultSuffix;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE003,
            CodeContext.GetNameLocation(operation.Invocation),
            severity,
            additional,
            properties.ToImmutable(),
            "'" + operation.Method.Name + "'",
            suffix));
    }
}
