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
        if (KeyRuleSupport.IsGeneratedSchemaKey(key))
        {
            return; // declared parts; volatile parameter types are CACHE082's finding at the declaration
        }

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

                // A value minted on purpose and handed out (returned, stored, passed on) identifies the entry for later reads:
                // var token = Guid.NewGuid().ToString("N"); db.StringSet($"token:{token}", user); return token;
                var root = operation.Invocation.GetRoot();
                if ((key is ILocalReferenceOperation keyLocal && Escapes(keyLocal.Local, root, 0)) ||
                    (segment.Operation?.WalkDownConversions() is ILocalReferenceOperation holeLocal && Escapes(holeLocal.Local, root, 0)))
                {
                    return;
                }

                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE010, key.Syntax.GetLocation(), segment.Reason ?? segment.Placeholder));
                return;
            }
        }
    }

    /// <summary>
    /// True when <paramref name="local"/> is used other than to build and pass cache keys: returned, assigned to a field or property,
    /// passed as a non-key argument, or captured in an object.
    /// </summary>
    private static bool Escapes(ILocalSymbol local, IOperation root, int depth)
    {
        if (depth > 2)
        {
            return false;
        }

        foreach (var descendant in root.Descendants())
        {
            if (descendant is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            IOperation current = reference;
            for (var i = 0; i < 12 && current.Parent is { } parent; i++)
            {
                var next = false;
                switch (parent)
                {
                    case IConversionOperation or IParenthesizedOperation or IInterpolationOperation or IInterpolatedStringOperation or
                        IInterpolatedStringHandlerCreationOperation or IInterpolatedStringAppendOperation or IBinaryOperation:
                        next = true;
                        break;
                    case IInvocationOperation invocation when ReferenceEquals(invocation.Instance, current):
                        next = invocation.TargetMethod.Name is "ToString" or "Append" or "Prepend";
                        break;
                    case IArgumentOperation argument:
                        if (argument.Parameter?.Name is "key" or "keys" or "tag" or "tags")
                        {
                            break;
                        }

                        if (argument.Parent is IInvocationOperation builder && IsStringBuilding(builder.TargetMethod))
                        {
                            next = true;
                            break;
                        }

                        return true;
                    case IReturnOperation or IAnonymousObjectCreationOperation or IArrayInitializerOperation or IObjectOrCollectionInitializerOperation or
                        ITupleOperation:
                        return true;
                    case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, current):
                        if (assignment.Target is not ILocalReferenceOperation target || Escapes(target.Local, root, depth + 1))
                        {
                            return true;
                        }

                        break;
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        if (Escapes(declarator.Symbol, root, depth + 1))
                        {
                            return true;
                        }

                        break;
                }

                if (!next)
                {
                    break;
                }

                current = parent;
            }
        }

        return false;
    }

    /// <summary>
    /// String concatenation, formatting and fluent builders (<c>StringBuilder.Append</c>, a key builder's <c>Append</c> that returns
    /// the builder): the argument only flows into a longer string. A void <c>Append</c> (<c>Response.Cookies.Append("sid", id)</c>)
    /// hands the value out.
    /// </summary>
    private static bool IsStringBuilding(IMethodSymbol method) =>
        method.ContainingType?.SpecialType == SpecialType.System_String ||
        method.Name == "ToString" ||
        (method.Name is "Append" or "Prepend" &&
         (method.ReturnType.SpecialType == SpecialType.System_String ||
          SymbolEqualityComparer.Default.Equals(method.ReturnType, method.ContainingType)));

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
