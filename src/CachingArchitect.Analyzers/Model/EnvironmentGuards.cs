using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>Under which condition a (registration) statement runs.</summary>
internal enum EnvironmentGuardKind
{
    /// <summary>Unconditionally (as far as the enclosing method shows).</summary>
    None,

    /// <summary>Only in Development or test environments: <c>IsDevelopment()</c>, <c>IsEnvironment("Test")</c>, <c>#if DEBUG</c>, <c>Configure{Development,Test}Services</c>…</summary>
    DevelopmentOrTest,

    /// <summary>Under some other condition (a configuration switch, a feature flag): the registration may or may not run in production.</summary>
    Conditional,
}

/// <summary>
/// Classifies the environment guard of a statement (issue 3, CACHE023 and the registration model): enclosing <c>if</c>/ternary
/// conditions (through lambdas, so <c>ConfigureServices((ctx, s) =&gt; { if (ctx.HostingEnvironment.IsDevelopment()) … })</c> counts),
/// earlier early-return guards (<c>if (!env.IsDevelopment()) return;</c>), <c>#if DEBUG</c> regions and the ASP.NET Core
/// <c>Configure{Environment}Services</c> method convention.
/// </summary>
internal static class EnvironmentGuards
{
    private const int MaxDepth = 64;

    /// <summary>The guard of <paramref name="operation"/>; <see cref="EnvironmentGuardKind.DevelopmentOrTest"/> wins over <see cref="EnvironmentGuardKind.Conditional"/>.</summary>
    public static EnvironmentGuardKind Classify(IOperation operation, ISymbol? containingSymbol)
    {
        if (IsInDebugRegion(operation.Syntax) || IsEnvironmentSpecificMethod(containingSymbol))
        {
            return EnvironmentGuardKind.DevelopmentOrTest;
        }

        var result = EnvironmentGuardKind.None;
        IOperation child = operation;
        var depth = 0;
        for (var parent = operation.Parent; parent is not null && depth < MaxDepth; parent = parent.Parent, depth++)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when !ReferenceEquals(conditional.Condition, child):
                {
                    var sense = DevelopmentSense(conditional.Condition, 0);
                    var inTrue = ReferenceEquals(conditional.WhenTrue, child);
                    if ((inTrue && sense > 0) || (!inTrue && sense < 0))
                    {
                        return EnvironmentGuardKind.DevelopmentOrTest;
                    }

                    result = EnvironmentGuardKind.Conditional;
                    break;
                }

                case ISwitchOperation or ISwitchCaseOperation or ISwitchExpressionArmOperation:
                    result = EnvironmentGuardKind.Conditional;
                    break;
                case IBlockOperation block:
                    if (HasEarlyExitForNonDevelopment(block, child))
                    {
                        return EnvironmentGuardKind.DevelopmentOrTest;
                    }

                    break;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    // Keep walking: the lambda may be the body of a guarded ConfigureServices call.
                    break;
            }

            child = parent;
        }

        return result;
    }

    /// <summary>
    /// +1 when <paramref name="condition"/> being true means "Development or test environment", −1 when it means a
    /// non-development environment (<c>IsProduction()</c>, <c>!IsDevelopment()</c>, <c>EnvironmentName != "Development"</c>), 0 when unknown.
    /// </summary>
    public static int DevelopmentSense(IOperation? condition, int depth)
    {
        if (condition is null || depth > 8)
        {
            return 0;
        }

        var op = condition.WalkDownConversions();
        switch (op)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return -DevelopmentSense(not.Operand, depth + 1);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
            {
                var left = DevelopmentSense(and.LeftOperand, depth + 1);
                var right = DevelopmentSense(and.RightOperand, depth + 1);
                return left > 0 || right > 0 ? 1 : left < 0 && right < 0 ? -1 : 0;
            }

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
            {
                var left = DevelopmentSense(or.LeftOperand, depth + 1);
                var right = DevelopmentSense(or.RightOperand, depth + 1);
                return left > 0 && right > 0 ? 1 : left < 0 || right < 0 ? -1 : 0;
            }

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } equality:
            {
                var sense = EnvironmentNameSense(equality.RightOperand) is var s && s != 0 ? s : EnvironmentNameSense(equality.LeftOperand);
                return equality.OperatorKind == BinaryOperatorKind.Equals ? sense : -sense;
            }

            case IInvocationOperation invocation:
                return InvocationSense(invocation);
            case IPropertyReferenceOperation { Property.Name: "IsAttached", Property.ContainingType.Name: "Debugger" }:
                return 1;
            default:
                return 0;
        }
    }

    private static int InvocationSense(IInvocationOperation invocation)
    {
        switch (invocation.TargetMethod.Name)
        {
            case "IsDevelopment":
                return 1;
            case "IsProduction" or "IsStaging":
                return -1;
            case "IsEnvironment" or "Equals" or "StartsWith":
                foreach (var argument in invocation.Arguments)
                {
                    var sense = EnvironmentNameSense(argument.Value);
                    if (sense != 0)
                    {
                        return sense;
                    }
                }

                return 0;
            default:
                return 0;
        }
    }

    /// <summary>+1 for a constant environment name meaning development or test, −1 for production/staging, 0 otherwise.</summary>
    private static int EnvironmentNameSense(IOperation operand)
    {
        if (operand.WalkDownConversions().ConstantValue is not { HasValue: true, Value: string name })
        {
            return 0;
        }

        if (name.StartsWith("Dev", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Test", StringComparison.OrdinalIgnoreCase) ||
            name.IndexOf("Local", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("Integration", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return 1;
        }

        return name.StartsWith("Prod", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Stag", StringComparison.OrdinalIgnoreCase) ? -1 : 0;
    }

    /// <summary><c>if (!env.IsDevelopment()) return;</c> (or <c>throw</c>) before <paramref name="child"/> in <paramref name="block"/>.</summary>
    private static bool HasEarlyExitForNonDevelopment(IBlockOperation block, IOperation child)
    {
        foreach (var statement in block.Operations)
        {
            if (ReferenceEquals(statement, child))
            {
                return false;
            }

            if (statement is IConditionalOperation { WhenFalse: null } guard && ExitsAlways(guard.WhenTrue) && DevelopmentSense(guard.Condition, 0) < 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool ExitsAlways(IOperation? operation) => operation switch
    {
        IReturnOperation or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation { Operations.Length: > 0 } block => ExitsAlways(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };

    /// <summary>ASP.NET Core's <c>Configure{Environment}Services</c>/<c>Configure{Environment}</c> convention, and test fixtures' <c>ConfigureTestServices</c>.</summary>
    private static bool IsEnvironmentSpecificMethod(ISymbol? symbol)
    {
        if (symbol is not IMethodSymbol method)
        {
            return false;
        }

        var name = method.Name;
        return name.StartsWith("Configure", StringComparison.Ordinal) &&
               (name.IndexOf("Development", StringComparison.Ordinal) >= 0 || name.IndexOf("Test", StringComparison.Ordinal) >= 0);
    }

    /// <summary>True when <paramref name="node"/> lies in the active branch of <c>#if DEBUG</c> (or <c>#else</c> of <c>#if !DEBUG</c>).</summary>
    public static bool IsInDebugRegion(SyntaxNode node)
    {
        var root = node.SyntaxTree.GetRoot();
        if (!root.ContainsDirectives)
        {
            return false;
        }

        var position = node.SpanStart;

        // Stack of the enclosing #if chains: whether the branch we are in is a DEBUG branch, and the sense of the chain's #if.
        var stack = new System.Collections.Generic.List<(bool InDebug, int IfSense)>();
        for (var directive = (root as CSharpSyntaxNode)?.GetFirstDirective(); directive is not null; directive = directive.GetNextDirective())
        {
            if (directive.SpanStart >= position)
            {
                break;
            }

            switch (directive)
            {
                case IfDirectiveTriviaSyntax @if:
                    var sense = DebugSense(@if.Condition);
                    stack.Add((sense > 0, sense));
                    break;
                case ElifDirectiveTriviaSyntax elif when stack.Count > 0:
                    stack[stack.Count - 1] = (DebugSense(elif.Condition) > 0, stack[stack.Count - 1].IfSense);
                    break;
                case ElseDirectiveTriviaSyntax when stack.Count > 0:
                    stack[stack.Count - 1] = (stack[stack.Count - 1].IfSense < 0, stack[stack.Count - 1].IfSense);
                    break;
                case EndIfDirectiveTriviaSyntax when stack.Count > 0:
                    stack.RemoveAt(stack.Count - 1);
                    break;
            }
        }

        foreach (var entry in stack)
        {
            if (entry.InDebug)
            {
                return true;
            }
        }

        return false;
    }

    private static int DebugSense(ExpressionSyntax condition) => condition switch
    {
        IdentifierNameSyntax { Identifier.ValueText: var name } => name is "DEBUG" or "DEVELOPMENT" or "TEST" or "TESTS" ? 1 : 0,
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not => -DebugSense(not.Operand),
        ParenthesizedExpressionSyntax parenthesized => DebugSense(parenthesized.Expression),
        BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } and => DebugSense(and.Left) > 0 || DebugSense(and.Right) > 0 ? 1 : 0,
        _ => 0,
    };
}
