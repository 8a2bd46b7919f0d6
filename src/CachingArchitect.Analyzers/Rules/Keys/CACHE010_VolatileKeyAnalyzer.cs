using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Keys;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Keys;

/// <summary>
/// CACHE010 — a key (or tag) contains a volatile value: current time below minute granularity, a new GUID, a random number,
/// a tick count, an <c>Interlocked</c> counter or a process-seeded hash. Time buckets (≥ 1 minute), small random shards and
/// keys of Redis counters (<c>StringIncrement</c> rate-limit windows) are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class VolatileKeyAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE010);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, static (ctx, operation) => Analyze(ctx, operation));

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation)
    {
        if (operation.Kind == CacheOperationKind.Admin || IsCounterOperation(operation))
        {
            return;
        }

        foreach (var key in KeyRuleSupport.Keys(operation))
        {
            Check(context, key, operation);
        }

        foreach (var tag in KeyDecomposer.GetTagExpressions(operation))
        {
            Check(context, tag, operation);
        }
    }

    private static void Check(OperationAnalysisContext context, IOperation key, CacheOperation operation)
    {
        var template = KeyRuleSupport.Decompose(context.Options, key);
        if (!template.HasVolatile)
        {
            return;
        }

        foreach (var segment in template.Segments)
        {
            if (segment.Kind == KeySegmentKind.Volatile)
            {
                if (key is ILocalReferenceOperation local && IsUsedWithCounter(local, operation))
                {
                    return;
                }

                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE010, key.Syntax.GetLocation(), segment.Reason ?? segment.Placeholder));
                return;
            }
        }
    }

    /// <summary>Redis counters keyed by a time window (rate limiting) are volatile by design.</summary>
    private static bool IsCounterOperation(CacheOperation operation) =>
        operation.Technology == CacheTechnology.Redis &&
        operation.Name is "StringIncrement" or "StringDecrement" or "HashIncrement" or "HashDecrement" or "KeyExpire" or "KeyTimeToLive";

    private static bool IsUsedWithCounter(ILocalReferenceOperation local, CacheOperation operation)
    {
        foreach (var descendant in operation.Invocation.GetRoot().Descendants())
        {
            if (descendant is IInvocationOperation { TargetMethod.Name: "StringIncrement" or "StringIncrementAsync" or "StringDecrement" or "StringDecrementAsync" } counter &&
                counter.GetArgument("key")?.Value.IsReferenceTo(local.Local) == true)
            {
                return true;
            }
        }

        return false;
    }
}
