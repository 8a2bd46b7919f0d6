using System;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Resilience;

/// <summary>
/// CACHE033 — unsafe Redis locks in one method: (a) <c>StringSet(key, token, when: NotExists)</c> without an expiry, released by
/// <c>KeyDelete(key)</c> (a mutex that never expires when its holder dies); (b) <c>LockTake</c> with <c>TimeSpan.MaxValue</c> or a
/// lease of a day or more; (c) a lock taken with <c>LockTake</c> or SET NX released by <c>KeyDelete(key)</c>, which deletes whoever
/// holds the lock now. An owner check around the delete (a <c>StringGet</c> of the key in the condition, or a transaction with
/// <c>AddCondition</c>) is accepted. Both StackExchange.Redis overload families (2.x <c>When</c>, 3.x <c>ValueCondition</c>) are handled.
/// (d) a check-then-set lock over <c>IDistributedCache</c> or Redis: a read of the key decides a branch, a plain write of the key
/// follows, and the key is removed in a <c>finally</c>; the check and the set are two commands, so concurrent callers all acquire it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsafeRedisLockAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: <c>a</c>, <c>b</c>, <c>c</c> or <c>d</c>.</summary>
    public const string VariantProperty = "Variant";

    /// <summary>Diagnostic property for (c): the token expression of the take (the fix passes it to <c>LockRelease</c>); absent when it cannot be re-evaluated.</summary>
    public const string TokenProperty = "Token";

    /// <summary>A lease at or above this is not a lease.</summary>
    internal static readonly TimeSpan HugeLease = TimeSpan.FromDays(1);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE033);

    internal override bool IsApplicable(CacheSymbols symbols) =>
        (symbols.RedisDatabaseAsync is not null || symbols.DistributedCache is not null) && !symbols.IsTestProject;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        context.RegisterOperationAction(
            ctx =>
            {
                var invocation = (IInvocationOperation)ctx.Operation;
                var name = invocation.TargetMethod.Name;
                if (name is "Get" or "GetAsync" or "GetString" or "GetStringAsync" or "StringGet" or "StringGetAsync")
                {
                    AnalyzeCheckThenSetLock(ctx, invocation, symbols);
                    return;
                }

                if (name is not ("StringSet" or "StringSetAsync" or "LockTake" or "LockTakeAsync" or "KeyDelete" or "KeyDeleteAsync") ||
                    !CacheSymbols.IsOrImplements(invocation.TargetMethod.ContainingType, symbols.RedisDatabaseAsync))
                {
                    return;
                }

                switch (name)
                {
                    case "StringSet" or "StringSetAsync":
                        AnalyzeSetNx(ctx, invocation, symbols);
                        break;
                    case "LockTake" or "LockTakeAsync":
                        AnalyzeLockTake(ctx, invocation);
                        break;
                    default:
                        AnalyzeKeyDelete(ctx, invocation, symbols);
                        break;
                }
            },
            OperationKind.Invocation);

    private static void AnalyzeSetNx(OperationAnalysisContext context, IInvocationOperation invocation, CacheSymbols symbols)
    {
        var operation = CacheOperationRecognizer.Recognize(invocation, symbols);
        if (operation is null || operation.IsMultiKey || !operation.IsSetIfNotExists || operation.Key is null)
        {
            return;
        }

        var facts = ExpiryTracer.Trace(operation);
        if (facts.IsUnknown || facts.Has(ExpiryFlags.Relative) || facts.Has(ExpiryFlags.Absolute) || facts.Has(ExpiryFlags.KeepTtl))
        {
            return;
        }

        if (FindKeyDelete(invocation, operation.Key, symbols) is null)
        {
            return; // "first writer wins", not a lock
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(VariantProperty, "a")
            .Add(CachingArchitectOptions.TtlProperty, TtlSyntax.ToPropertyText(CachingArchitectOptions.GetDefaultTtl(context.Options, invocation.Syntax.SyntaxTree)));
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE033,
            CodeContext.GetNameLocation(invocation),
            properties,
            $"'{invocation.TargetMethod.Name}' with NotExists and no expiry is used as a lock (released by KeyDelete): if the holder crashes the lock is never released; take it with LockTake(key, token, lease)"));
    }

    private static void AnalyzeLockTake(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        var expiry = invocation.GetArgument("expiry")?.Value;
        if (expiry is null || !ConstantFolding.TryGetTimeSpan(expiry, out var lease) || lease < HugeLease)
        {
            return;
        }

        var text = lease == TimeSpan.MaxValue ? "TimeSpan.MaxValue" : expiry.Syntax.ToString();
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE033,
            expiry.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(VariantProperty, "b"),
            $"'{invocation.TargetMethod.Name}' takes a lock with a lease of {text}: if the holder crashes the lock blocks everyone for that long; use a lease a little longer than the work (and LockExtend for long work)"));
    }

    private static void AnalyzeKeyDelete(OperationAnalysisContext context, IInvocationOperation invocation, CacheSymbols symbols)
    {
        var key = invocation.GetArgument("key")?.Value.WalkDownConversions();
        if (key is null || IsOwnerChecked(invocation, key, symbols))
        {
            return;
        }

        var take = FindTake(invocation, key, symbols);
        if (take is null)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(VariantProperty, "c");
        var token = take.GetArgument("value")?.Value;
        if (token is not null && IsReEvaluable(token) && ExecutionOrder.InSameBody(take, invocation))
        {
            properties = properties.Add(TokenProperty, token.Syntax.ToString());
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE033,
            CodeContext.GetNameLocation(invocation),
            properties,
            $"'{invocation.TargetMethod.Name}' releases the lock taken by '{take.TargetMethod.Name}' without checking its owner: after the lease lapsed it deletes another holder's lock; release it with LockRelease(key, token)"));
    }

    /// <summary>
    /// (d) a lock taken by reading a key, testing the result and writing the key, released by removing the key in a <c>finally</c>:
    /// <c>if (await cache.GetStringAsync(k) is not null) return; try { await cache.SetStringAsync(k, …); work(); } finally { await cache.RemoveAsync(k); }</c>.
    /// Analyzed and reported at the read (the check). A SET NX write is an atomic take: variants (a) and (c).
    /// </summary>
    private static void AnalyzeCheckThenSetLock(OperationAnalysisContext context, IInvocationOperation check, CacheSymbols symbols)
    {
        if (CacheOperationRecognizer.Recognize(check, symbols) is not { Kind: CacheOperationKind.Read, IsMultiKey: false, Key: { } key } read ||
            read.Technology is not (CacheTechnology.DistributedCache or CacheTechnology.Redis))
        {
            return;
        }

        var body = ExecutionOrder.GetExecutableRoot(check);
        if (!ReadResults.DecidesBranch(check, body))
        {
            return;
        }

        CacheOperation? write = null;
        IInvocationOperation? release = null;
        foreach (var descendant in body.Descendants())
        {
            if (descendant is not IInvocationOperation call || call.Syntax.SpanStart <= check.Syntax.SpanStart || !ExecutionOrder.InSameBody(call, check) ||
                CacheOperationRecognizer.Recognize(call, symbols) is not { IsMultiKey: false } operation ||
                operation.Technology != read.Technology || !KeyExpressions.AreSameKey(key, operation.Key))
            {
                continue;
            }

            if (operation.Kind == CacheOperationKind.Write && write is null)
            {
                if (operation.IsSetIfNotExists)
                {
                    return; // an atomic take
                }

                write = operation;
            }
            else if (operation.Kind == CacheOperationKind.Invalidate && write is not null && IsInFinally(call))
            {
                release = call;
                break;
            }
        }

        if (write is null || release is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE033,
            CodeContext.GetNameLocation(check),
            ImmutableDictionary<string, string?>.Empty.Add(VariantProperty, "d"),
            $"'{check.TargetMethod.Name}' and '{write.Method.Name}' on the same key are used as a lock (released by '{release.TargetMethod.Name}' in finally), but checking and setting are two commands: callers that check at the same time all take the lock, and the first to finish releases it while the others still run; use an atomic lock (LockTake with a lease and LockRelease, or a distributed-lock library)"));
    }

    private static bool IsInFinally(IOperation operation)
    {
        for (IOperation? current = operation, parent = operation.Parent; parent is not null; current = parent, parent = parent.Parent)
        {
            if (parent is ITryOperation @try && ReferenceEquals(@try.Finally, current))
            {
                return true;
            }

            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>A <c>KeyDelete</c> of <paramref name="key"/> in the same member after <paramref name="take"/>.</summary>
    private static IInvocationOperation? FindKeyDelete(IInvocationOperation take, IOperation key, CacheSymbols symbols)
    {
        foreach (var descendant in take.GetRoot().Descendants())
        {
            if (descendant is IInvocationOperation { TargetMethod.Name: "KeyDelete" or "KeyDeleteAsync" } delete &&
                descendant.Syntax.SpanStart > take.Syntax.SpanStart &&
                CacheSymbols.IsOrImplements(delete.TargetMethod.ContainingType, symbols.RedisDatabaseAsync) &&
                KeyExpressions.AreSameKey(key, delete.GetArgument("key")?.Value.WalkDownConversions()))
            {
                return delete;
            }
        }

        return null;
    }

    /// <summary>The <c>LockTake</c> or SET NX of <paramref name="key"/> that runs before <paramref name="delete"/> in the same member.</summary>
    private static IInvocationOperation? FindTake(IInvocationOperation delete, IOperation key, CacheSymbols symbols)
    {
        foreach (var descendant in delete.GetRoot().Descendants())
        {
            if (descendant is not IInvocationOperation candidate || candidate.Syntax.SpanStart >= delete.Syntax.SpanStart ||
                candidate.TargetMethod.Name is not ("LockTake" or "LockTakeAsync" or "StringSet" or "StringSetAsync") ||
                !CacheSymbols.IsOrImplements(candidate.TargetMethod.ContainingType, symbols.RedisDatabaseAsync) ||
                !KeyExpressions.AreSameKey(key, candidate.GetArgument("key")?.Value.WalkDownConversions()))
            {
                continue;
            }

            if (candidate.TargetMethod.Name.StartsWith("LockTake", StringComparison.Ordinal) ||
                CacheOperationRecognizer.Recognize(candidate, symbols) is { IsSetIfNotExists: true })
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// True when the delete is owner-checked: inside a condition that reads the key (<c>if (db.StringGet(key) == token)</c>), or
    /// queued on a transaction that has an <c>AddCondition</c>.
    /// </summary>
    private static bool IsOwnerChecked(IInvocationOperation delete, IOperation key, CacheSymbols symbols)
    {
        for (var parent = delete.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IConditionalOperation conditional && ReadsKey(conditional.Condition, key))
            {
                return true;
            }
        }

        if (CacheSymbols.IsOrImplements(delete.GetReceiver()?.WalkDownConversions().Type, symbols.RedisTransaction))
        {
            foreach (var descendant in delete.GetRoot().Descendants())
            {
                if (descendant is IInvocationOperation { TargetMethod.Name: "AddCondition" })
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool ReadsKey(IOperation condition, IOperation key)
    {
        foreach (var descendant in condition.DescendantsAndSelf())
        {
            if (descendant is IInvocationOperation { TargetMethod.Name: "StringGet" or "StringGetAsync" or "LockQuery" or "LockQueryAsync" } read &&
                KeyExpressions.AreSameKey(key, read.GetArgument("key")?.Value.WalkDownConversions()))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for a token the fix can pass again: a local, parameter, field, property of those, or a constant.</summary>
    private static bool IsReEvaluable(IOperation token)
    {
        var op = token.WalkDownConversions();
        return op switch
        {
            ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation => true,
            ILiteralOperation => true,
            IFieldReferenceOperation field => field.Instance is null || IsReEvaluable(field.Instance),
            IPropertyReferenceOperation { Arguments.IsEmpty: true } property => property.Instance is null || IsReEvaluable(property.Instance),
            _ => op.ConstantValue.HasValue,
        };
    }
}
