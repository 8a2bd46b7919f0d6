using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>A repeated-execution context around an operation: a loop, or a lambda run per element.</summary>
internal sealed class BulkContext
{
    public BulkContext(IOperation scope, string description)
    {
        Scope = scope;
        Description = description;
    }

    /// <summary>The loop operation or per-element lambda; symbols declared inside it change per iteration.</summary>
    public IOperation Scope { get; }

    /// <summary>"foreach loop", "Parallel.ForEach lambda", "LINQ Select lambda"…</summary>
    public string Description { get; }
}

/// <summary>
/// Loop facts beyond <see cref="CodeContext.IsInLoop"/>: the innermost per-element context of an operation
/// (<c>for</c>/<c>foreach</c>/<c>while</c>/<c>do</c>, lambdas passed to LINQ, <c>Parallel.For[Each][Async]</c>,
/// <c>List.ForEach</c>), and whether an expression is the same on every iteration of it.
/// </summary>
internal static class LoopContext
{
    private const int MaxDepth = 12;

    /// <summary>The innermost bulk context of <paramref name="operation"/> in its method, or null (other lambdas stop the walk).</summary>
    public static BulkContext? GetBulkContext(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case ILoopOperation loop:
                    return new BulkContext(loop, loop.LoopKind switch
                    {
                        LoopKind.ForEach => "foreach loop",
                        LoopKind.For => "for loop",
                        _ => "while loop",
                    });
                case IAnonymousFunctionOperation lambda:
                    return GetPerElementCall(lambda) is { } call
                        ? new BulkContext(lambda, Describe(call) + " lambda")
                        : null;
                case ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The LINQ/Parallel/ForEach call that runs <paramref name="lambda"/> once per element, or null.</summary>
    public static IInvocationOperation? GetPerElementCall(IAnonymousFunctionOperation lambda)
    {
        if (lambda.GetReceivingCall() is not { } call)
        {
            return null;
        }

        var method = call.TargetMethod.ReducedFrom ?? call.TargetMethod;
        var type = method.ContainingType;
        var ns = type?.ContainingNamespace?.ToDisplayString();
        return (ns, type?.Name, method.Name) switch
        {
            ("System.Linq", "Enumerable" or "ParallelEnumerable" or "AsyncEnumerable", _) => call,
            ("System.Threading.Tasks", "Parallel", "For" or "ForEach" or "ForEachAsync") => call,
            ("System.Collections.Generic", "List", "ForEach") => call,
            ("System", "Array", "ForEach") => call,
            _ => null,
        };
    }

    private static string Describe(IInvocationOperation call)
    {
        var method = call.TargetMethod.ReducedFrom ?? call.TargetMethod;
        return method.ContainingType?.Name switch
        {
            "Parallel" => "Parallel." + method.Name,
            "List" or "Array" => method.ContainingType.Name + ".ForEach",
            _ => "LINQ " + method.Name,
        };
    }

    /// <summary>
    /// True when <paramref name="expression"/> has the same value on every iteration of <paramref name="scope"/>:
    /// constants, fields, parameters and locals declared outside it (and not assigned inside it), <c>DateTime[Offset].Now</c>,
    /// and TimeSpan/option builders of those. Calls to other methods (per-item computations, <c>Random</c>) are not invariant.
    /// </summary>
    public static bool IsInvariant(IOperation? expression, IOperation scope) => IsInvariant(expression, scope, 0);

    private static bool IsInvariant(IOperation? expression, IOperation scope, int depth)
    {
        if (expression is null)
        {
            return true;
        }

        if (depth > MaxDepth)
        {
            return false;
        }

        var op = expression.WalkDownConversions();
        if (op.ConstantValue.HasValue)
        {
            return true;
        }

        switch (op)
        {
            case ILiteralOperation or IDefaultValueOperation or IInstanceReferenceOperation:
                return true;
            case IFieldReferenceOperation field:
                return field.Field.IsStatic || IsInvariant(field.Instance, scope, depth + 1);
            case IPropertyReferenceOperation property:
                if (property.Property.IsStatic)
                {
                    return !IsRandom(property.Property.ContainingType);
                }

                return property.Arguments.Length == 0 && IsInvariant(property.Instance, scope, depth + 1);
            case IParameterReferenceOperation parameter:
                return !IsDeclaredIn(parameter.Parameter, scope);
            case ILocalReferenceOperation local:
                if (IsDeclaredIn(local.Local, scope))
                {
                    var assigned = ValueTracer.GetSingleAssignment(local.Local, op);
                    return assigned is not null && IsInvariant(assigned, scope, depth + 1);
                }

                return !IsAssignedIn(local.Local, scope) && !IsMutatedIn(local.Local, scope, depth);
            case IInvocationOperation invocation:
                if (IsRandom(invocation.TargetMethod.ContainingType) || !IsDurationBuilder(invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod))
                {
                    return false;
                }

                if (!IsInvariant(invocation.Instance, scope, depth + 1))
                {
                    return false;
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (!IsInvariant(argument.Value, scope, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    if (!IsInvariant(argument.Value, scope, depth + 1))
                    {
                        return false;
                    }
                }

                if (creation.Initializer is { } initializer)
                {
                    foreach (var member in initializer.Initializers)
                    {
                        if (member is not ISimpleAssignmentOperation assignment || !IsInvariant(assignment.Value, scope, depth + 1))
                        {
                            return false;
                        }
                    }
                }

                return true;
            case IBinaryOperation binary:
                return IsInvariant(binary.LeftOperand, scope, depth + 1) && IsInvariant(binary.RightOperand, scope, depth + 1);
            case IUnaryOperation unary:
                return IsInvariant(unary.Operand, scope, depth + 1);
            case IConditionalOperation conditional:
                return IsInvariant(conditional.Condition, scope, depth + 1) &&
                       IsInvariant(conditional.WhenTrue, scope, depth + 1) &&
                       IsInvariant(conditional.WhenFalse, scope, depth + 1);
            case ICoalesceOperation coalesce:
                return IsInvariant(coalesce.Value, scope, depth + 1) && IsInvariant(coalesce.WhenNull, scope, depth + 1);
            default:
                return false;
        }
    }

    /// <summary>TimeSpan/DateTime/DateTimeOffset members and the fluent setters of cache options: pure builders of a duration.</summary>
    private static bool IsDurationBuilder(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true } &&
            type.Name is "TimeSpan" or "DateTime" or "DateTimeOffset" or "Math")
        {
            return true;
        }

        return method.Name.StartsWith("Set", StringComparison.Ordinal) && DurationSinks.IsCachingType(type);
    }

    private static bool IsRandom(INamedTypeSymbol? type) =>
        type is not null && (type.Name is "Random" or "RandomNumberGenerator" or "Guid") &&
        type.ContainingNamespace?.ToDisplayString() is "System" or "System.Security.Cryptography";

    private static bool IsDeclaredIn(ISymbol symbol, IOperation scope)
    {
        var span = scope.Syntax.Span;
        foreach (var location in symbol.Locations)
        {
            if (location.IsInSource && location.SourceTree == scope.Syntax.SyntaxTree && span.Contains(location.SourceSpan))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the object held by <paramref name="local"/> (declared outside the loop) gets a loop-variant value inside it:
    /// <c>options.AbsoluteExpirationRelativeToNow = Jittered();</c> or <c>options.SetAbsoluteExpiration(ttl + jitter);</c>.
    /// </summary>
    private static bool IsMutatedIn(ILocalSymbol local, IOperation scope, int depth)
    {
        if (local.Type is not { IsReferenceType: true })
        {
            return false;
        }

        foreach (var descendant in scope.Descendants())
        {
            switch (descendant)
            {
                case IAssignmentOperation { Target: IMemberReferenceOperation member } assignment
                    when member.Instance.IsReferenceTo(local) && !IsInvariant(assignment.Value, scope, depth + 1):
                    return true;
                case IInvocationOperation invocation
                    when invocation.GetReceiver().IsReferenceTo(local) && SymbolEqualityComparer.Default.Equals(invocation.Type, local.Type):
                    foreach (var argument in invocation.Arguments)
                    {
                        if (!argument.Value.IsReferenceTo(local) && !IsInvariant(argument.Value, scope, depth + 1))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    private static bool IsAssignedIn(ILocalSymbol local, IOperation scope)
    {
        foreach (var descendant in scope.Descendants())
        {
            switch (descendant)
            {
                case IAssignmentOperation assignment when assignment.Target.IsReferenceTo(local):
                case IIncrementOrDecrementOperation increment when increment.Target.IsReferenceTo(local):
                case IArgumentOperation argument when argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out && argument.Value.IsReferenceTo(local):
                    return true;
            }
        }

        return false;
    }
}
