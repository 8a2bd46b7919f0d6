using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model.Http;

/// <summary>Which request-specific state a response depends on.</summary>
internal enum RequestStateKind
{
    /// <summary>Request cookies.</summary>
    Cookies,

    /// <summary>The session (keyed by a cookie).</summary>
    Session,

    /// <summary>A request header (<see cref="RequestStateRead.Header"/>; null when the name is not constant).</summary>
    Header,

    /// <summary>The current user: the principal, its claims, or an injected user/tenant context service.</summary>
    User,
}

/// <summary>One read of request-specific state that feeds a response.</summary>
internal readonly struct RequestStateRead
{
    public RequestStateRead(RequestStateKind kind, string? header, IOperation operation)
    {
        Kind = kind;
        Header = header;
        Operation = operation;
    }

    public RequestStateKind Kind { get; }

    /// <summary>The header name (<see cref="RequestStateKind.Header"/> only; null when not constant).</summary>
    public string? Header { get; }

    public IOperation Operation { get; }
}

/// <summary>
/// What an endpoint's response is computed from (CACHE061 (b)/(c)): the handler's own <c>return</c> values and the conditions choosing
/// between them, the values written with <c>Response.Write*</c>, <c>ViewData</c>/<c>ViewBag</c> assignments and, for Razor Pages, the values
/// assigned to the page model's members; and which reads of request cookies, the session, request headers
/// (<c>Request.Headers["Accept-Language"]</c>, <c>Request.Headers.AcceptLanguage</c>, <c>GetTypedHeaders()</c>, <c>[FromHeader]</c> parameters) or
/// the user those values depend on (through <see cref="DataDependency"/>). Reads that feed only logging, metrics or other dropped results
/// are not dependencies.
/// </summary>
internal static class ResponseDependencies
{
    private const string Http = "Microsoft.AspNetCore.Http";

    /// <summary>The roots of the response of a handler body (a lambda's or a method's), see the type summary.</summary>
    public static List<IOperation> Roots(IOperation body, bool pageModelMembers)
    {
        var roots = new List<IOperation>();
        foreach (var op in body.Descendants())
        {
            switch (op)
            {
                case IReturnOperation { ReturnedValue: { } value } ret when IsOwn(ret, body):
                    roots.Add(value);
                    AddConditions(ret, body, roots);
                    break;
                case IInvocationOperation call when IsResponseWrite(call):
                    foreach (var argument in call.Arguments)
                    {
                        if (argument.Parameter?.Ordinal > 0 || !call.TargetMethod.IsExtensionMethod && call.Instance is not null)
                        {
                            roots.Add(argument.Value);
                        }
                    }

                    AddConditions(call, body, roots);
                    break;
                case ISimpleAssignmentOperation assignment when IsViewDataTarget(assignment.Target) || pageModelMembers && IsPageMember(assignment.Target):
                    roots.Add(assignment.Value);
                    AddConditions(assignment, body, roots);
                    break;
            }
        }

        return roots;
    }

    /// <summary>The reads of request state that <paramref name="roots"/> depend on, in source order, one per kind and header.</summary>
    public static List<RequestStateRead> Reads(IEnumerable<IOperation> roots, ImmutableArray<string> userContextTypes)
    {
        var reads = new List<RequestStateRead>();
        foreach (var op in DataDependency.Collect(roots))
        {
            if (Classify(op, userContextTypes) is not { } found)
            {
                continue;
            }

            var index = reads.FindIndex(r => r.Kind == found.Kind && string.Equals(r.Header, found.Header, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                reads.Add(found);
            }
            else if (reads[index].Operation.Syntax.SyntaxTree == op.Syntax.SyntaxTree && reads[index].Operation.Syntax.Span.Contains(op.Syntax.Span))
            {
                // 'User' rather than 'User.Identity': the innermost read of the same state, for the message.
                reads[index] = found;
            }
        }

        reads.Sort((a, b) => a.Operation.Syntax.SpanStart.CompareTo(b.Operation.Syntax.SpanStart));
        return reads;
    }

    /// <summary>True when the handler body writes response cookies (<c>Response.Cookies</c>): the default policy does not store such responses.</summary>
    public static bool WritesResponseCookies(IOperation body)
    {
        foreach (var op in body.Descendants())
        {
            if (op is IPropertyReferenceOperation { Property.Name: "Cookies" } cookies && SymbolNames.IsOrDerivesFrom(cookies.Property.ContainingType, Http, "HttpResponse"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Classifies one operation as a read of request state, or null.</summary>
    public static RequestStateRead? Classify(IOperation op, ImmutableArray<string> userContextTypes)
    {
        switch (op)
        {
            case IPropertyReferenceOperation property:
                var header = HeaderOf(property);
                if (header is not null)
                {
                    return FromHeader(header, op);
                }

                break;
            case IInvocationOperation { TargetMethod.Name: "TryGetValue" or "ContainsKey" or "GetCommaSeparatedValues" } invocation
                when invocation.GetReceiver()?.WalkDownConversions() is IPropertyReferenceOperation receiver && IsRequestHeaders(receiver):
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Value.ConstantValue is { HasValue: true, Value: string name })
                    {
                        return FromHeader(name, op);
                    }
                }

                return new RequestStateRead(RequestStateKind.Header, null, op);
            case IParameterReferenceOperation parameter when FromHeaderName(parameter.Parameter) is { } fromHeader:
                return FromHeader(fromHeader, op);
        }

        return PrincipalContext.Classify(op, userContextTypes) switch
        {
            PrincipalSource.Cookies => new RequestStateRead(RequestStateKind.Cookies, null, op),
            PrincipalSource.Session => new RequestStateRead(RequestStateKind.Session, null, op),
            PrincipalSource.Principal or PrincipalSource.UserContextService => new RequestStateRead(RequestStateKind.User, null, op),
            _ => null,
        };
    }

    /// <summary>The header a property reference reads: <c>Request.Headers["X"]</c>, <c>Request.Headers.AcceptLanguage</c>, <c>Request.GetTypedHeaders().AcceptLanguage</c>.</summary>
    private static string? HeaderOf(IPropertyReferenceOperation property)
    {
        var symbol = property.Property;
        if (property.Instance is IPropertyReferenceOperation headers && IsRequestHeaders(headers))
        {
            if (symbol.IsIndexer)
            {
                return property.Arguments.Length == 1 && property.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string name } ? name : string.Empty;
            }

            return symbol.Name is "Keys" or "Values" or "Count" or "IsReadOnly" ? null : Hyphenate(symbol.Name);
        }

        if (SymbolNames.Is(symbol.ContainingType, "Microsoft.AspNetCore.Http.Headers", "RequestHeaders") && !symbol.IsIndexer && symbol.Name != "Headers")
        {
            return Hyphenate(symbol.Name);
        }

        return null;
    }

    private static RequestStateRead? FromHeader(string header, IOperation op)
    {
        if (header.Length == 0)
        {
            return new RequestStateRead(RequestStateKind.Header, null, op);
        }

        // The default policy does not cache requests with an Authorization header, keys by host, and answers conditional requests itself.
        if (string.Equals(header, "Authorization", StringComparison.OrdinalIgnoreCase) || string.Equals(header, "Host", StringComparison.OrdinalIgnoreCase) ||
            header.StartsWith("If-", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return string.Equals(header, "Cookie", StringComparison.OrdinalIgnoreCase)
            ? new RequestStateRead(RequestStateKind.Cookies, null, op)
            : new RequestStateRead(RequestStateKind.Header, header, op);
    }

    private static bool IsRequestHeaders(IPropertyReferenceOperation property) =>
        property.Property.Name == "Headers" && SymbolNames.IsOrDerivesFrom(property.Property.ContainingType, Http, "HttpRequest");

    private static string? FromHeaderName(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (!SymbolNames.Is(attribute.AttributeClass, "Microsoft.AspNetCore.Mvc", "FromHeaderAttribute"))
            {
                continue;
            }

            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Name" && named.Value.Value is string name)
                {
                    return name;
                }
            }

            return parameter.Name;
        }

        return null;
    }

    /// <summary><c>AcceptLanguage</c> → <c>Accept-Language</c>.</summary>
    private static string Hyphenate(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                builder.Append('-');
            }

            builder.Append(name[i]);
        }

        return builder.ToString();
    }

    private static bool IsResponseWrite(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        if (!method.Name.StartsWith("Write", StringComparison.Ordinal))
        {
            return false;
        }

        var receiver = call.GetReceiver()?.WalkDownConversions();
        return receiver is not null && (SymbolNames.IsOrDerivesFrom(receiver.Type, Http, "HttpResponse") ||
                                        receiver is IPropertyReferenceOperation { Property.Name: "Body" or "BodyWriter" } body &&
                                        SymbolNames.IsOrDerivesFrom(body.Property.ContainingType, Http, "HttpResponse"));
    }

    private static bool IsViewDataTarget(IOperation target) => target switch
    {
        IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IPropertyReferenceOperation { Property.Name: "ViewData" } } => true,
        IDynamicMemberReferenceOperation { Instance: IPropertyReferenceOperation { Property.Name: "ViewBag" } } => true,
        _ => false,
    };

    private static bool IsPageMember(IOperation target) => target switch
    {
        IPropertyReferenceOperation { Property.IsStatic: false, Instance: IInstanceReferenceOperation } => true,
        IFieldReferenceOperation { Field.IsStatic: false, Instance: IInstanceReferenceOperation } => true,
        _ => false,
    };

    private static void AddConditions(IOperation op, IOperation body, List<IOperation> roots)
    {
        for (var parent = op.Parent; parent is not null && !ReferenceEquals(parent, body); parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when !ReferenceEquals(conditional.Condition, op):
                    roots.Add(conditional.Condition);
                    break;
                case ISwitchOperation @switch:
                    roots.Add(@switch.Value);
                    break;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return;
            }
        }
    }

    private static bool IsOwn(IReturnOperation ret, IOperation body)
    {
        for (var parent = ret.Parent; parent is not null; parent = parent.Parent)
        {
            if (ReferenceEquals(parent, body))
            {
                return true;
            }

            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return false;
    }
}
