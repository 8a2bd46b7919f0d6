using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// Development-only code: inside an <c>#if DEBUG</c> (or the <c>#else</c> of <c>#if !DEBUG</c>) region, or in the true branch of an
/// <c>if (env.IsDevelopment())</c> (any <c>IsDevelopment()</c> call, e.g. on <c>IHostEnvironment</c>/<c>IWebHostEnvironment</c>,
/// <c>builder.Environment</c>, <c>app.Environment</c>) (CACHE052, CACHE053).
/// </summary>
internal static class ConditionalRegions
{
    private const int MaxNesting = 64;

    /// <summary>True when <paramref name="position"/> lies in an active <c>#if DEBUG</c> branch.</summary>
    public static bool IsInDebugOnlyRegion(SyntaxTree tree, int position)
    {
        if (tree.GetRoot() is not CompilationUnitSyntax root || !root.ContainsDirectives)
        {
            return false;
        }

        var stack = new bool[MaxNesting];
        var negated = new bool[MaxNesting];
        var depth = 0;
        var guard = 0;
        for (var directive = root.GetFirstDirective(); directive is not null && guard++ < 10000; directive = directive.GetNextDirective())
        {
            if (directive.SpanStart >= position)
            {
                break;
            }

            switch (directive)
            {
                case IfDirectiveTriviaSyntax @if:
                    if (depth < MaxNesting)
                    {
                        var kind = DebugCondition(@if.Condition);
                        stack[depth] = kind == 1;
                        negated[depth] = kind == -1;
                    }

                    depth++;
                    break;
                case ElifDirectiveTriviaSyntax elif when depth > 0 && depth <= MaxNesting:
                    stack[depth - 1] = DebugCondition(elif.Condition) == 1;
                    negated[depth - 1] = false;
                    break;
                case ElseDirectiveTriviaSyntax when depth > 0 && depth <= MaxNesting:
                    stack[depth - 1] = negated[depth - 1];
                    negated[depth - 1] = false;
                    break;
                case EndIfDirectiveTriviaSyntax when depth > 0:
                    depth--;
                    break;
            }
        }

        for (var i = 0; i < depth && i < MaxNesting; i++)
        {
            if (stack[i])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="operation"/> runs only in Development: <c>#if DEBUG</c>, or the true branch of an <c>IsDevelopment()</c> check.</summary>
    public static bool IsDevelopmentOnly(IOperation operation)
    {
        if (IsInDebugOnlyRegion(operation.Syntax.SyntaxTree, operation.Syntax.SpanStart))
        {
            return true;
        }

        IOperation child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalOperation conditional && ReferenceEquals(conditional.WhenTrue, child) && ChecksDevelopment(conditional.Condition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ChecksDevelopment(IOperation condition)
    {
        foreach (var op in condition.DescendantsAndSelf())
        {
            if (op is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not })
            {
                return false;
            }

            if (op is IInvocationOperation { TargetMethod.Name: "IsDevelopment" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>1 when the condition is <c>DEBUG</c> (or <c>DEBUG &amp;&amp; …</c>), -1 when it is <c>!DEBUG</c>, else 0.</summary>
    private static int DebugCondition(ExpressionSyntax condition)
    {
        switch (condition)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return DebugCondition(parenthesized.Expression);
            case IdentifierNameSyntax { Identifier.ValueText: "DEBUG" }:
                return 1;
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression, Operand: var operand }:
                return DebugCondition(operand) == 1 ? -1 : 0;
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } and:
                return DebugCondition(and.Left) == 1 || DebugCondition(and.Right) == 1 ? 1 : 0;
            default:
                return 0;
        }
    }
}
