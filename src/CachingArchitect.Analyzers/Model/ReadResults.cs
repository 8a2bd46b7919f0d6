using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// How a cache read's result is used: whether it decides a branch (the miss test of cache-aside, the "is it taken?" test of a
/// hand-made lock). Shared by CACHE032 (cache-aside without coalescing) and CACHE033 (check-then-set locks).
/// </summary>
internal static class ReadResults
{
    /// <summary>
    /// True when the read's result decides a branch: the read in a condition or a <c>??</c> (also through <c>await</c>, conversions,
    /// operators and <c>string.IsNullOrEmpty</c>/<c>IsNullOrWhiteSpace</c>), or its local tested in a later condition.
    /// </summary>
    public static bool DecidesBranch(IInvocationOperation read, IOperation body)
    {
        IOperation current = read;
        ILocalSymbol? local = null;
        for (var parent = read.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when ReferenceEquals(conditional.Condition, current):
                case IWhileLoopOperation loop when ReferenceEquals(loop.Condition, current):
                case ICoalesceOperation coalesce when ReferenceEquals(coalesce.Value, current):
                    return true;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    local = declarator.Symbol;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when ReferenceEquals(assignment.Value, current):
                    local = target.Local;
                    break;
                case IAwaitOperation or IConversionOperation or IParenthesizedOperation or IUnaryOperation or IBinaryOperation or IIsPatternOperation
                    or IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } or IArgumentOperation:
                    current = parent;
                    continue;
                case IInvocationOperation { TargetMethod: { Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace", ContainingType.SpecialType: SpecialType.System_String } }:
                    current = parent; // string.IsNullOrEmpty(await cache.GetStringAsync(key))
                    continue;
            }

            break;
        }

        // TryGetValue(key, out var value): the bool is usually tested directly (handled above).
        if (local is null)
        {
            return false;
        }

        foreach (var descendant in body.Descendants())
        {
            if (descendant is IConditionalOperation { Condition: { } condition } && condition.Syntax.SpanStart > read.Syntax.SpanStart)
            {
                foreach (var reference in condition.DescendantsAndSelf())
                {
                    if (reference is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
