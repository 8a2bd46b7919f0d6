using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// Statement order inside one method (issue 3 "the statement order inside one method"): which executable body an operation
/// belongs to, whether one operation runs before another in it, and which statement of a block holds an operation. Order is
/// source order within one body (method, lambda or local function); operations in different arms of one <c>if</c>/<c>?:</c> or
/// in different <c>switch</c> sections never run one after the other, and nothing is ordered across bodies.
/// </summary>
internal static class ExecutionOrder
{
    /// <summary>The body <paramref name="operation"/> executes in: the nearest lambda, local function, or the member's root.</summary>
    public static IOperation GetExecutableRoot(IOperation operation)
    {
        var current = operation;
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }

            current = parent;
        }

        return current;
    }

    /// <summary>True when both operations execute in the same body (not across a lambda or local function boundary).</summary>
    public static bool InSameBody(IOperation a, IOperation b) => ReferenceEquals(GetExecutableRoot(a), GetExecutableRoot(b));

    /// <summary>
    /// True when <paramref name="first"/> can run before <paramref name="second"/> in one execution of their body: same body,
    /// earlier in source, and not in mutually exclusive branches.
    /// </summary>
    public static bool RunsBefore(IOperation first, IOperation second)
    {
        if (first.Syntax.SyntaxTree != second.Syntax.SyntaxTree || first.Syntax.Span.End > second.Syntax.SpanStart || !InSameBody(first, second))
        {
            return false;
        }

        return !AreExclusive(first, second);
    }

    /// <summary>True when the two operations are in different arms of one conditional or in different switch sections.</summary>
    public static bool AreExclusive(IOperation a, IOperation b)
    {
        for (var parent = a.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when conditional.WhenFalse is not null:
                    var aInTrue = IsWithin(a, conditional.WhenTrue);
                    var aInFalse = !aInTrue && IsWithin(a, conditional.WhenFalse);
                    if ((aInTrue && IsWithin(b, conditional.WhenFalse)) || (aInFalse && IsWithin(b, conditional.WhenTrue)))
                    {
                        return true;
                    }

                    break;
                case ISwitchOperation @switch:
                    foreach (var section in @switch.Cases)
                    {
                        if (IsWithin(a, section))
                        {
                            return IsWithin(b, @switch) && !IsWithin(b, section) && !IsWithin(b, @switch.Value);
                        }
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="operation"/> is <paramref name="ancestor"/> or lies inside it.</summary>
    public static bool IsWithin(IOperation operation, IOperation? ancestor)
    {
        if (ancestor is null)
        {
            return false;
        }

        for (var current = operation; current is not null; current = current.Parent)
        {
            if (ReferenceEquals(current, ancestor))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The statement of <paramref name="block"/> that contains <paramref name="operation"/>, or null when it is not in that block.</summary>
    public static IOperation? GetStatementIn(IOperation operation, IBlockOperation block)
    {
        for (var current = operation; current is not null; current = current.Parent)
        {
            if (ReferenceEquals(current.Parent, block))
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>The innermost block that contains <paramref name="operation"/>.</summary>
    public static IBlockOperation? GetEnclosingBlock(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IBlockOperation block)
            {
                return block;
            }
        }

        return null;
    }

    /// <summary>The innermost block holding both operations as (parts of) two of its statements, with those statements; null when none.</summary>
    public static (IBlockOperation Block, IOperation FirstStatement, IOperation SecondStatement)? GetCommonBlock(IOperation first, IOperation second)
    {
        for (var parent = first.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IBlockOperation block && IsWithin(second, block))
            {
                var a = GetStatementIn(first, block);
                var b = GetStatementIn(second, block);
                return a is null || b is null ? null : (block, a, b);
            }
        }

        return null;
    }
}
