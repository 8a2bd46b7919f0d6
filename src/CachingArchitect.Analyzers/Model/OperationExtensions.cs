using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>Small helpers over <see cref="IOperation"/> used by the model and the rules.</summary>
internal static class OperationExtensions
{
    /// <summary>Strips implicit and explicit conversions and parentheses (e.g. string → RedisKey, TimeSpan → TimeSpan?).</summary>
    public static IOperation WalkDownConversions(this IOperation operation)
    {
        var current = operation;
        for (var i = 0; i < 32; i++)
        {
            switch (current)
            {
                case IConversionOperation conversion:
                    current = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    current = parenthesized.Operand;
                    continue;
                default:
                    return current;
            }
        }

        return current;
    }

    /// <summary>The argument bound to the parameter named <paramref name="name"/>, or null.</summary>
    public static IArgumentOperation? GetArgument(this IInvocationOperation invocation, string name)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == name)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>True when the argument was written by the caller (not an omitted optional or params default).</summary>
    /// <remarks>An argument written with the null-forgiving operator (<c>null!</c>) is an implicit operation of kind <see cref="ArgumentKind.Explicit"/>.</remarks>
    public static bool IsExplicit(this IArgumentOperation? argument) =>
        argument is not null &&
        (argument.ArgumentKind == ArgumentKind.Explicit || (argument.ArgumentKind != ArgumentKind.DefaultValue && !argument.IsImplicit));

    /// <summary>The receiver of an instance call, or the <c>this</c> argument of an extension call.</summary>
    public static IOperation? GetReceiver(this IInvocationOperation invocation)
    {
        if (invocation.Instance is not null)
        {
            return invocation.Instance;
        }

        var method = invocation.TargetMethod;
        if (method.IsExtensionMethod && invocation.Arguments.Length > 0)
        {
            return invocation.Arguments[0].Value;
        }

        return null;
    }

    /// <summary>The outermost operation containing <paramref name="operation"/> (the method, lambda-owner or initializer body).</summary>
    public static IOperation GetRoot(this IOperation operation)
    {
        var current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>True when <paramref name="operation"/> is a reference to <paramref name="symbol"/> (local or parameter).</summary>
    public static bool IsReferenceTo(this IOperation? operation, ISymbol symbol)
    {
        if (operation is null)
        {
            return false;
        }

        var op = operation.WalkDownConversions();
        return op switch
        {
            ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, symbol),
            IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, symbol),
            _ => false,
        };
    }

    /// <summary>The original (unreduced, unconstructed) definition of the invoked method.</summary>
    public static IMethodSymbol GetOriginalMethod(this IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        return (method.ReducedFrom ?? method).OriginalDefinition;
    }

    /// <summary>
    /// The call made on <paramref name="current"/> as its receiver — an instance call, or an extension call with it as <c>this</c> —
    /// when <paramref name="parent"/> is that call (or its first argument); else null. Used to walk fluent builder chains.
    /// </summary>
    public static IInvocationOperation? AsFluentCall(IOperation? parent, IOperation current)
    {
        if (parent is IInvocationOperation direct && direct.Instance is not null && ReferenceEquals(direct.Instance, current))
        {
            return direct;
        }

        if (parent is IArgumentOperation { Parent: IInvocationOperation extension } argument && extension.TargetMethod.IsExtensionMethod &&
            extension.Arguments.Length > 0 && ReferenceEquals(extension.Arguments[0], argument))
        {
            return extension;
        }

        return null;
    }

    /// <summary>
    /// The call <paramref name="lambda"/> is passed to as an argument (through the delegate creation and conversions around it):
    /// <c>MapGet</c> for a minimal-API handler, <c>Select</c> for a LINQ projection; null when the lambda is not an argument.
    /// </summary>
    public static IInvocationOperation? GetReceivingCall(this IAnonymousFunctionOperation lambda)
    {
        IOperation current = lambda;
        while (current.Parent is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return (current.Parent as IArgumentOperation)?.Parent as IInvocationOperation;
    }

    /// <summary>
    /// The outermost conversion or parenthesized expression wrapping <paramref name="operation"/> (the operation itself when none):
    /// its <see cref="IOperation.Parent"/> is the operation that consumes the value. The upward twin of <see cref="WalkDownConversions"/>.
    /// </summary>
    public static IOperation WalkUpConversions(this IOperation operation)
    {
        var current = operation;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>The next call of a fluent chain: the call made on <paramref name="operation"/>'s value (through conversions), or null.</summary>
    public static IInvocationOperation? NextFluentCall(this IOperation operation)
    {
        var outer = operation.WalkUpConversions();
        return AsFluentCall(outer.Parent, outer);
    }
}
