using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// Constant folding for durations: <c>TimeSpan.FromX(const)</c> (all overloads, by parameter name),
/// <c>new TimeSpan(const…)</c>, <c>TimeSpan.Zero/MaxValue/MinValue</c>, <c>+</c>/<c>-</c>/<c>*</c>,
/// traced locals and readonly fields (syntactically across files).
/// </summary>
internal static class ConstantFolding
{
    /// <summary>Folds <paramref name="operation"/> to a TimeSpan; false when it is not constant-evaluable.</summary>
    public static bool TryGetTimeSpan(IOperation? operation, out TimeSpan value) => TryGetTimeSpan(operation, 0, out value);

    /// <summary>Folds a numeric constant (int, long, double…).</summary>
    public static bool TryGetNumber(IOperation? operation, out double value)
    {
        value = 0;
        if (operation is null)
        {
            return false;
        }

        var op = operation.WalkDownConversions();
        if (op.ConstantValue.HasValue && op.ConstantValue.Value is { } constant && IsNumeric(constant))
        {
            value = Convert.ToDouble(constant, CultureInfo.InvariantCulture);
            return true;
        }

        if (operation.ConstantValue.HasValue && operation.ConstantValue.Value is { } c2 && IsNumeric(c2))
        {
            value = Convert.ToDouble(c2, CultureInfo.InvariantCulture);
            return true;
        }

        if (op is ILocalReferenceOperation or IFieldReferenceOperation)
        {
            var resolved = ValueTracer.Resolve(op);
            if (resolved is not null && !ReferenceEquals(resolved, op))
            {
                return TryGetNumber(resolved, out value);
            }
        }

        return false;
    }

    private static bool TryGetTimeSpan(IOperation? operation, int depth, out TimeSpan value)
    {
        value = default;
        if (operation is null || depth > 8)
        {
            return false;
        }

        var op = operation.WalkDownConversions();
        switch (op)
        {
            case IFieldReferenceOperation field when IsTimeSpan(field.Field.ContainingType) && field.Field.IsStatic:
                switch (field.Field.Name)
                {
                    case "Zero":
                        value = TimeSpan.Zero;
                        return true;
                    case "MaxValue":
                        value = TimeSpan.MaxValue;
                        return true;
                    case "MinValue":
                        value = TimeSpan.MinValue;
                        return true;
                }

                return false;

            case IFieldReferenceOperation field when field.Field.IsReadOnly || field.Field.IsConst:
                var initializer = ValueTracer.GetFieldInitializer(field.Field, op.SemanticModel);
                if (initializer is not null)
                {
                    return TryGetTimeSpan(initializer, depth + 1, out value);
                }

                var syntax = ValueTracer.GetFieldInitializerSyntax(field.Field);
                return syntax is not null && TryGetTimeSpan(syntax, out value);

            case ILocalReferenceOperation local:
                var assigned = ValueTracer.GetSingleAssignment(local.Local, op);
                return assigned is not null && TryGetTimeSpan(assigned, depth + 1, out value);

            case IInvocationOperation invocation when IsTimeSpan(invocation.TargetMethod.ContainingType) && invocation.TargetMethod.IsStatic:
                return TryFoldFactory(invocation, out value);

            case IObjectCreationOperation creation when IsTimeSpan(creation.Type):
                return TryFoldConstructor(creation, out value);

            case IBinaryOperation binary when IsTimeSpan(binary.Type):
                if (binary.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract &&
                    TryGetTimeSpan(binary.LeftOperand, depth + 1, out var left) &&
                    TryGetTimeSpan(binary.RightOperand, depth + 1, out var right))
                {
                    return TrySafe(() => binary.OperatorKind == BinaryOperatorKind.Add ? left + right : left - right, out value);
                }

                if (binary.OperatorKind == BinaryOperatorKind.Multiply)
                {
                    if (TryGetTimeSpan(binary.LeftOperand, depth + 1, out var ts) && TryGetNumber(binary.RightOperand, out var factor))
                    {
                        return TrySafe(() => TimeSpan.FromTicks(checked((long)(ts.Ticks * factor))), out value);
                    }

                    if (TryGetTimeSpan(binary.RightOperand, depth + 1, out ts) && TryGetNumber(binary.LeftOperand, out factor))
                    {
                        return TrySafe(() => TimeSpan.FromTicks(checked((long)(ts.Ticks * factor))), out value);
                    }
                }

                return false;

            default:
                return false;
        }
    }

    private static bool TryFoldFactory(IInvocationOperation invocation, out TimeSpan value)
    {
        value = default;
        var unit = invocation.TargetMethod.Name switch
        {
            "FromDays" => TimeSpan.TicksPerDay,
            "FromHours" => TimeSpan.TicksPerHour,
            "FromMinutes" => TimeSpan.TicksPerMinute,
            "FromSeconds" => TimeSpan.TicksPerSecond,
            "FromMilliseconds" => TimeSpan.TicksPerMillisecond,
            "FromMicroseconds" => TimeSpan.TicksPerMillisecond / 1000,
            "FromTicks" => 1L,
            _ => 0L,
        };
        if (unit == 0)
        {
            return false;
        }

        double ticks = 0;
        foreach (var argument in invocation.Arguments)
        {
            if (!TryGetNumber(argument.Value, out var number))
            {
                return false;
            }

            // .NET 9 added FromHours(int hours, long minutes = 0, …): every parameter names its unit.
            var parameterUnit = argument.Parameter?.Name switch
            {
                "days" => TimeSpan.TicksPerDay,
                "hours" => TimeSpan.TicksPerHour,
                "minutes" => TimeSpan.TicksPerMinute,
                "seconds" => TimeSpan.TicksPerSecond,
                "milliseconds" => TimeSpan.TicksPerMillisecond,
                "microseconds" => TimeSpan.TicksPerMillisecond / 1000,
                _ => unit,
            };
            ticks += number * parameterUnit;
        }

        return TryFromTicks(ticks, out value);
    }

    private static bool TryFoldConstructor(IObjectCreationOperation creation, out TimeSpan value)
    {
        value = default;
        var numbers = new double[creation.Arguments.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            if (!TryGetNumber(creation.Arguments[i].Value, out numbers[i]))
            {
                return false;
            }
        }

        return TryFromParts(numbers, out value);
    }

    /// <summary>Folds a duration written in syntax only (field initializers in other files).</summary>
    public static bool TryGetTimeSpan(ExpressionSyntax syntax, out TimeSpan value)
    {
        value = default;
        switch (syntax)
        {
            case MemberAccessExpressionSyntax member when IsTimeSpanName(member.Expression):
                switch (member.Name.Identifier.ValueText)
                {
                    case "Zero":
                        value = TimeSpan.Zero;
                        return true;
                    case "MaxValue":
                        value = TimeSpan.MaxValue;
                        return true;
                }

                return false;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } invocation
                when IsTimeSpanName(member.Expression) && invocation.ArgumentList.Arguments.Count == 1 &&
                     TryGetLiteral(invocation.ArgumentList.Arguments[0].Expression, out var number):
                var unit = member.Name.Identifier.ValueText switch
                {
                    "FromDays" => TimeSpan.TicksPerDay,
                    "FromHours" => TimeSpan.TicksPerHour,
                    "FromMinutes" => TimeSpan.TicksPerMinute,
                    "FromSeconds" => TimeSpan.TicksPerSecond,
                    "FromMilliseconds" => TimeSpan.TicksPerMillisecond,
                    _ => 0L,
                };
                return unit != 0 && TryFromTicks(number * unit, out value);
            case BaseObjectCreationExpressionSyntax creation when creation.ArgumentList is { } list &&
                                                                  (creation is ImplicitObjectCreationExpressionSyntax ||
                                                                   creation is ObjectCreationExpressionSyntax { Type: var type } && IsTimeSpanName(type)):
                var numbers = new double[list.Arguments.Count];
                for (var i = 0; i < numbers.Length; i++)
                {
                    if (!TryGetLiteral(list.Arguments[i].Expression, out numbers[i]))
                    {
                        return false;
                    }
                }

                return TryFromParts(numbers, out value);
            default:
                return false;
        }
    }

    private static bool TryFromParts(double[] n, out TimeSpan value)
    {
        value = default;
        double ticks;
        switch (n.Length)
        {
            case 1:
                ticks = n[0];
                break;
            case 3:
                ticks = (n[0] * TimeSpan.TicksPerHour) + (n[1] * TimeSpan.TicksPerMinute) + (n[2] * TimeSpan.TicksPerSecond);
                break;
            case 4:
                ticks = (n[0] * TimeSpan.TicksPerDay) + (n[1] * TimeSpan.TicksPerHour) + (n[2] * TimeSpan.TicksPerMinute) + (n[3] * TimeSpan.TicksPerSecond);
                break;
            case 5:
                ticks = (n[0] * TimeSpan.TicksPerDay) + (n[1] * TimeSpan.TicksPerHour) + (n[2] * TimeSpan.TicksPerMinute) + (n[3] * TimeSpan.TicksPerSecond) + (n[4] * TimeSpan.TicksPerMillisecond);
                break;
            default:
                return false;
        }

        return TryFromTicks(ticks, out value);
    }

    private static bool TryFromTicks(double ticks, out TimeSpan value)
    {
        value = default;
        if (double.IsNaN(ticks) || ticks > long.MaxValue || ticks < long.MinValue)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    private static bool TryGetLiteral(ExpressionSyntax expression, out double value)
    {
        value = 0;
        var negative = false;
        if (expression is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } unary)
        {
            negative = true;
            expression = unary.Operand;
        }

        if (expression is LiteralExpressionSyntax { Token.Value: { } literal } && IsNumeric(literal))
        {
            value = Convert.ToDouble(literal, CultureInfo.InvariantCulture) * (negative ? -1 : 1);
            return true;
        }

        return false;
    }

    private static bool TrySafe(Func<TimeSpan> compute, out TimeSpan value)
    {
        try
        {
            value = compute();
            return true;
        }
        catch (OverflowException)
        {
            value = default;
            return false;
        }
    }

    private static bool IsTimeSpanName(SyntaxNode node) =>
        node is IdentifierNameSyntax { Identifier.ValueText: "TimeSpan" } ||
        node is QualifiedNameSyntax { Right.Identifier.ValueText: "TimeSpan" } ||
        node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "TimeSpan" };

    public static bool IsTimeSpan(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type is { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
    }

    private static bool IsNumeric(object value) =>
        value is int or long or double or float or short or byte or uint or ulong or ushort or sbyte or decimal;
}
