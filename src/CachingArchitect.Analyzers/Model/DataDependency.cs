using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// Intra-procedural data dependencies (CACHE050, CACHE051): which operations can contribute to a value. Starting from root expressions it
/// walks their operation trees (nested lambdas included, so <c>db.Orders.Where(o =&gt; o.UserId == userId)</c> depends on <c>userId</c>), and for
/// every local it meets, every value assigned to it in the same body (declarations, assignments, compound assignments, <c>foreach</c>
/// collections, pattern declarations, <c>out</c> arguments) and the mutating calls made on it (<c>list.Add(x)</c>, <c>sb.Append(x)</c>,
/// <c>formatter.Serialize(stream, x)</c>). Control dependencies are not followed, except that <see cref="FunctionResultRoots"/> adds the
/// conditions of the <c>if</c> statements that choose between a function's <c>return</c>s. Statements whose result is dropped (logging,
/// authorization checks that throw, audit writes) do not contribute. The walk is bounded.
/// </summary>
internal static class DataDependency
{
    private const int DefaultBudget = 4000;

    private static readonly string[] MutatorPrefixes =
    {
        "Add", "Insert", "Push", "Enqueue", "Append", "Write", "Set", "Put", "Load", "Fill", "Copy", "Populate", "Serialize", "Merge", "Union", "Concat",
    };

    /// <summary>
    /// The values a function produces: its <c>return</c> values (its expression body), plus the conditions of the <c>if</c> statements
    /// (inside the function) that a <c>return</c> is nested in. Returns of nested lambdas are not the function's own.
    /// </summary>
    public static List<IOperation> FunctionResultRoots(IAnonymousFunctionOperation function)
    {
        var roots = new List<IOperation>();
        foreach (var op in function.Body.Descendants())
        {
            if (op is not IReturnOperation { ReturnedValue: { } value } ret || !IsOwnReturn(ret, function))
            {
                continue;
            }

            roots.Add(value);
            for (var parent = ret.Parent; parent is not null && !ReferenceEquals(parent, function); parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional:
                        roots.Add(conditional.Condition);
                        break;
                    case ISwitchOperation @switch:
                        roots.Add(@switch.Value);
                        break;
                    case ITryOperation:
                        break;
                }
            }
        }

        return roots;
    }

    /// <summary>Every operation that can contribute to the value of <paramref name="roots"/>, the roots' own trees included.</summary>
    public static IEnumerable<IOperation> Collect(IEnumerable<IOperation> roots, int budget = DefaultBudget)
    {
        var visitedLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var visitedOps = new HashSet<IOperation>();
        var work = new Stack<IOperation>();
        foreach (var root in roots)
        {
            if (root is not null)
            {
                work.Push(root);
            }
        }

        var count = 0;
        while (work.Count > 0)
        {
            var current = work.Pop();
            if (!visitedOps.Add(current))
            {
                continue;
            }

            foreach (var op in current.DescendantsAndSelf())
            {
                if (++count > budget)
                {
                    yield break;
                }

                yield return op;
                if (op is ILocalReferenceOperation local && visitedLocals.Add(local.Local))
                {
                    foreach (var source in SourcesOf(local.Local, op))
                    {
                        work.Push(source);
                    }
                }
            }
        }
    }

    /// <summary>The operations that assign or mutate <paramref name="local"/> in the body that contains <paramref name="within"/>.</summary>
    private static IEnumerable<IOperation> SourcesOf(ILocalSymbol local, IOperation within)
    {
        foreach (var op in within.GetRoot().Descendants())
        {
            switch (op)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    var init = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                    if (init is not null)
                    {
                        yield return init;
                    }

                    break;
                case IAssignmentOperation assignment when assignment.Target.IsReferenceTo(local):
                    yield return assignment.Value;
                    break;
                case IForEachLoopOperation loop when ContainsLocal(loop.Locals, local) || loop.LoopControlVariable is IVariableDeclaratorOperation { Symbol: var v } && SymbolEqualityComparer.Default.Equals(v, local):
                    yield return loop.Collection;
                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared } pattern when SymbolEqualityComparer.Default.Equals(declared, local):
                    if (pattern.Parent is IIsPatternOperation isPattern)
                    {
                        yield return isPattern.Value;
                    }

                    break;
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                    var parent = reference.Parent;

                    // 'out var x' is a declaration expression inside the argument.
                    while (parent is IConversionOperation or IParenthesizedOperation or IDeclarationExpressionOperation)
                    {
                        parent = parent.Parent;
                    }

                    if (parent is IInvocationOperation call && call.Instance is not null && IsMutator(call.TargetMethod))
                    {
                        yield return call;
                    }
                    else if (parent is IArgumentOperation { Parent: IInvocationOperation receiving } argument &&
                             (argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref || IsBufferLike(local.Type) || IsMutator(receiving.TargetMethod) && argument.Parameter?.Ordinal == 0))
                    {
                        yield return receiving;
                    }

                    break;
            }
        }
    }

    private static bool ContainsLocal(System.Collections.Immutable.ImmutableArray<ILocalSymbol> locals, ILocalSymbol local)
    {
        foreach (var l in locals)
        {
            if (SymbolEqualityComparer.Default.Equals(l, local))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsMutator(IMethodSymbol method)
    {
        foreach (var prefix in MutatorPrefixes)
        {
            if (method.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Streams, writers and string builders: passing one to a call lets the call fill it.</summary>
    private static bool IsBufferLike(ITypeSymbol? type) =>
        SymbolNames.IsOrDerivesFrom(type, "System.IO", "Stream") || SymbolNames.IsOrDerivesFrom(type, "System.IO", "TextWriter") ||
        SymbolNames.Is(type, "System.Text", "StringBuilder") || SymbolNames.IsOrImplements(type, "System.Buffers", "IBufferWriter");

    private static bool IsOwnReturn(IReturnOperation ret, IAnonymousFunctionOperation function)
    {
        for (var parent = ret.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation owner)
            {
                return ReferenceEquals(owner, function);
            }

            if (parent is ILocalFunctionOperation)
            {
                return false;
            }
        }

        return false;
    }
}
