using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// Intra-procedural request-input taint (catalog §5.2 CACHE011 sources, §7 "Taint"): <c>HttpRequest.Query/Form/
/// Headers/Cookies/RouteValues/Path/QueryString</c> and <c>string</c> parameters of request-path methods (controller
/// actions, Razor Page handlers, minimal-API delegates passed to <c>Map*</c>). The value is followed only through
/// string-preserving operations (interpolation, concatenation, <c>ToString</c>, <c>Trim</c>, case changes,
/// <c>string.Concat/Format/Join</c>) and single-assignment locals, so every sanitizer (parsing, hashing, allow-list
/// lookups, any other call) stops it.
/// </summary>
internal static class RequestTaint
{
    private const int MaxDepth = 6;

    /// <summary>A short description of the taint source of <paramref name="value"/> (e.g. <c>Request.Query</c>), or null.</summary>
    public static string? FindSource(IOperation value) => FindSource(value, 0);

    private static string? FindSource(IOperation value, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        var op = value.WalkDownConversions();
        switch (op)
        {
            case IPropertyReferenceOperation property:
                if (IsRequestMember(property.Property))
                {
                    return "Request." + property.Property.Name;
                }

                // Request.Query["q"], Request.Headers.UserAgent
                return property.Instance is null ? null : FindSource(property.Instance, depth + 1);
            case IParameterReferenceOperation parameter:
                return IsRequestBoundParameter(parameter.Parameter) ? "parameter '" + parameter.Parameter.Name + "'" : null;
            case ILocalReferenceOperation local:
                var assigned = ValueTracer.GetSingleAssignment(local.Local, op);
                return assigned is null ? null : FindSource(assigned, depth + 1);
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation && FindSource(interpolation.Expression, depth + 1) is { } source)
                    {
                        return source;
                    }
                }

                return null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return FindSource(binary.LeftOperand, depth + 1) ?? FindSource(binary.RightOperand, depth + 1);
            case ICoalesceOperation coalesce:
                return FindSource(coalesce.Value, depth + 1) ?? FindSource(coalesce.WhenNull, depth + 1);
            case IConditionalOperation conditional:
                return FindSource(conditional.WhenTrue, depth + 1) ?? (conditional.WhenFalse is null ? null : FindSource(conditional.WhenFalse, depth + 1));
            case ITupleOperation tuple:
                foreach (var element in tuple.Elements)
                {
                    if (FindSource(element, depth + 1) is { } source)
                    {
                        return source;
                    }
                }

                return null;
            case IInvocationOperation invocation when IsStringPreserving(invocation):
                if (invocation.Instance is { } instance && FindSource(instance, depth + 1) is { } fromInstance)
                {
                    return fromInstance;
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (FindSource(argument.Value, depth + 1) is { } fromArgument)
                    {
                        return fromArgument;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsRequestMember(IPropertySymbol property) =>
        property.ContainingType is { Name: "HttpRequest", ContainingNamespace: var ns } &&
        ns?.ToDisplayString() == "Microsoft.AspNetCore.Http" &&
        property.Name is "Query" or "Form" or "Headers" or "Cookies" or "RouteValues" or "Path" or "QueryString";

    private static bool IsStringPreserving(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (method.Name == "ToString" && method.Parameters.Length == 0)
        {
            return true;
        }

        if (type?.SpecialType == SpecialType.System_String)
        {
            return method.Name is "Concat" or "Format" or "Join" or "Trim" or "TrimStart" or "TrimEnd" or
                "ToLower" or "ToLowerInvariant" or "ToUpper" or "ToUpperInvariant" or "Replace";
        }

        // StringValues.ToString / implicit conversions are handled above; anything else (Parse, hashing, lookups) sanitizes.
        return false;
    }

    /// <summary>True for a <c>string</c> parameter bound from the request: a controller action or page handler parameter, or a minimal-API delegate parameter.</summary>
    public static bool IsRequestBoundParameter(IParameterSymbol parameter)
    {
        if (parameter.Type.SpecialType != SpecialType.System_String && parameter.Type.Name != "StringValues")
        {
            return false;
        }

        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass?.Name is "FromServicesAttribute" or "FromKeyedServicesAttribute")
            {
                return false;
            }
        }

        if (parameter.ContainingSymbol is not IMethodSymbol method)
        {
            return false;
        }

        if (method.MethodKind == MethodKind.AnonymousFunction)
        {
            return IsMinimalApiDelegate(parameter);
        }

        if (method.MethodKind != MethodKind.Ordinary || method.IsStatic || method.DeclaredAccessibility != Accessibility.Public)
        {
            return false;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.Name is "ControllerBase" or "PageModel" && type.ContainingNamespace?.ToDisplayString() is "Microsoft.AspNetCore.Mvc" or "Microsoft.AspNetCore.Mvc.RazorPages")
            {
                return type.Name == "ControllerBase" || method.Name.StartsWith("On", StringComparison.Ordinal);
            }
        }

        return false;
    }

    private static bool IsMinimalApiDelegate(IParameterSymbol parameter)
    {
        // The lambda's syntax is an argument of a Map*(...) call: check by syntax, without a semantic model.
        foreach (var reference in parameter.ContainingSymbol.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax().Parent;
            for (var i = 0; i < 3 && node is not null; i++, node = node.Parent)
            {
                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
                    {
                        Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name },
                    })
                {
                    return name.StartsWith("Map", StringComparison.Ordinal) && name != "MapGroup";
                }
            }
        }

        return false;
    }
}
