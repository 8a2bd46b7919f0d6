using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>What kind of request-path entry point a method or lambda is (catalog §0 "Request path", §7).</summary>
internal enum EndpointKind
{
    None,
    MvcAction,
    PageHandler,
    MinimalApi,
    HubMethod,
    Middleware,
}

/// <summary>
/// Request-path detection shared by the rules: MVC/API controller actions, Razor Page handlers, minimal-API delegates
/// passed to <c>Map*</c>, SignalR hub methods and middleware <c>Invoke[Async]</c>; and how an endpoint parameter is bound.
/// Method groups passed to <c>Map*</c> are not recognized (that needs a compilation-wide search).
/// </summary>
internal static class RequestContext
{
    private const string Mvc = "Microsoft.AspNetCore.Mvc";
    private const string Http = "Microsoft.AspNetCore.Http";

    private static readonly string[] ServiceLikeSuffixes =
    {
        "Service", "Services", "Repository", "Context", "Client", "Cache", "Provider", "Factory", "Manager", "Options",
        "Logger", "Handler", "Store", "Accessor", "Configuration", "Settings", "Environment", "Mediator", "Sender", "Publisher",
    };

    /// <summary>The endpoint kind of a named method (not a lambda; see <see cref="GetMinimalApiPattern"/>).</summary>
    public static EndpointKind GetEndpointKind(IMethodSymbol? method)
    {
        if (method is null || method.MethodKind != MethodKind.Ordinary || method.IsStatic && method.Name is not ("Invoke" or "InvokeAsync"))
        {
            return EndpointKind.None;
        }

        var type = method.ContainingType;
        if (type is null)
        {
            return EndpointKind.None;
        }

        if (method.Name is "Invoke" or "InvokeAsync" && method.Parameters.Length > 0 && SymbolNames.Is(method.Parameters[0].Type, Http, "HttpContext"))
        {
            return EndpointKind.Middleware;
        }

        if (method.DeclaredAccessibility != Accessibility.Public || method.IsStatic || method.IsAbstract)
        {
            return EndpointKind.None;
        }

        switch (GetEndpointTypeKind(type))
        {
            case EndpointTypeKind.Controller:
                return SymbolNames.HasAttribute(method, Mvc, "NonActionAttribute") ? EndpointKind.None : EndpointKind.MvcAction;
            case EndpointTypeKind.PageModel:
                return IsPageHandlerName(method.Name) ? EndpointKind.PageHandler : EndpointKind.None;
            case EndpointTypeKind.Hub:
                return method.Name is "OnConnectedAsync" or "OnDisconnectedAsync" or "Dispose" ? EndpointKind.None : EndpointKind.HubMethod;
            default:
                return EndpointKind.None;
        }
    }

    private enum EndpointTypeKind
    {
        None,
        Controller,
        PageModel,
        Hub,
    }

    /// <summary>Per type symbol (symbols are per compilation; metadata symbols never change): every public method of every class asks.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<INamedTypeSymbol, object> EndpointTypeKinds = new();

    private static readonly object[] BoxedEndpointTypeKinds = { EndpointTypeKind.None, EndpointTypeKind.Controller, EndpointTypeKind.PageModel, EndpointTypeKind.Hub };

    /// <summary>True for types the framework instantiates per request: MVC controllers, Razor Pages page models, SignalR hubs (cached per type).</summary>
    public static bool IsEndpointType(INamedTypeSymbol type) => GetEndpointTypeKind(type) != EndpointTypeKind.None;

    /// <summary>True when <paramref name="type"/> is an MVC controller or a Razor Page model (cached per type).</summary>
    public static bool IsControllerOrPageModel(INamedTypeSymbol type) =>
        GetEndpointTypeKind(type) is EndpointTypeKind.Controller or EndpointTypeKind.PageModel;

    private static EndpointTypeKind GetEndpointTypeKind(INamedTypeSymbol type)
    {
        if (EndpointTypeKinds.TryGetValue(type, out var known))
        {
            return (EndpointTypeKind)known;
        }

        var kind = IsController(type) ? EndpointTypeKind.Controller
            : SymbolNames.IsOrDerivesFrom(type.BaseType, "Microsoft.AspNetCore.Mvc.RazorPages", "PageModel") ? EndpointTypeKind.PageModel
            : SymbolNames.IsOrDerivesFrom(type.BaseType, "Microsoft.AspNetCore.SignalR", "Hub") ? EndpointTypeKind.Hub
            : EndpointTypeKind.None;
        EndpointTypeKinds.GetValue(type, _ => BoxedEndpointTypeKinds[(int)kind]);
        return kind;
    }

    /// <summary>True for MVC controllers: subclasses of <c>ControllerBase</c>, or types marked <c>[ApiController]</c>/<c>[Controller]</c>.</summary>
    public static bool IsController(INamedTypeSymbol type)
    {
        if (type.IsAbstract || SymbolNames.HasAttribute(type, Mvc, "NonControllerAttribute"))
        {
            return false;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolNames.Is(t, Mvc, "ControllerBase") ||
                SymbolNames.HasAttribute(t, Mvc, "ApiControllerAttribute") ||
                SymbolNames.HasAttribute(t, Mvc, "ControllerAttribute"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="operation"/> runs on the request path (inside an endpoint method or a minimal-API delegate).</summary>
    public static bool IsRequestPath(IOperation operation, ISymbol? containingSymbol)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation lambda && GetMinimalApiPattern(lambda, out _))
            {
                return true;
            }
        }

        return GetEndpointKind(containingSymbol as IMethodSymbol) != EndpointKind.None;
    }

    /// <summary>
    /// True when <paramref name="lambda"/> is the handler passed to <c>Map</c>, <c>MapGet</c>, <c>MapPost</c>…, <c>MapMethods</c> or
    /// <c>MapFallback</c> on an endpoint route builder; <paramref name="pattern"/> is the constant route pattern, if any.
    /// </summary>
    public static bool GetMinimalApiPattern(IAnonymousFunctionOperation lambda, out string? pattern)
    {
        pattern = null;
        if (lambda.GetReceivingCall() is not { } invocation)
        {
            return false;
        }

        var method = invocation.TargetMethod;
        if (!method.Name.StartsWith("Map", StringComparison.Ordinal) || method.Name is "MapGroup")
        {
            return false;
        }

        var receiverType = (method.ReducedFrom ?? method).Parameters.Length > 0 && method.IsExtensionMethod
            ? (method.ReducedFrom ?? method).Parameters[0].Type
            : invocation.Instance?.Type;
        if (!SymbolNames.IsOrImplements(receiverType, "Microsoft.AspNetCore.Routing", "IEndpointRouteBuilder"))
        {
            return false;
        }

        if (invocation.GetArgument("pattern")?.Value.ConstantValue is { HasValue: true, Value: string text })
        {
            pattern = text;
        }

        return true;
    }

    /// <summary>
    /// The route of a minimal-API delegate with the prefixes of the <c>MapGroup</c> calls it is mapped on
    /// (<c>app.MapGroup("/api").MapGet("/menu", …)</c>, directly or through locals): <c>/api/menu</c>. The endpoint's own pattern
    /// when a group prefix is not a constant; null when the lambda is not a minimal-API delegate or its pattern is not constant.
    /// </summary>
    public static string? GetMinimalApiRoute(IAnonymousFunctionOperation lambda) =>
        GetMinimalApiPattern(lambda, out var pattern) && pattern is not null ? WithGroupPrefixes(lambda.GetReceivingCall()!, pattern) : null;

    /// <summary><paramref name="pattern"/> of the <c>Map*</c> call <paramref name="map"/> with the prefixes of its <c>MapGroup</c> chain.</summary>
    private static string WithGroupPrefixes(IInvocationOperation map, string pattern)
    {
        var route = pattern;
        var receiver = map.GetReceiver()?.WalkDownConversions();
        for (var i = 0; receiver is not null && i < MaxGroupChain; i++)
        {
            switch (receiver)
            {
                case IInvocationOperation { TargetMethod.Name: "MapGroup" } group:
                    if (group.GetArgument("prefix")?.Value.ConstantValue is not { HasValue: true, Value: string prefix })
                    {
                        return pattern;
                    }

                    route = CombineRoute(prefix, route);
                    receiver = group.GetReceiver()?.WalkDownConversions();
                    break;
                case IInvocationOperation convention when convention.GetReceiver() is { } inner &&
                                                         SymbolEqualityComparer.Default.Equals(inner.WalkDownConversions().Type, convention.Type):
                    receiver = inner.WalkDownConversions(); // .RequireAuthorization(), .CacheOutput(), .WithTags(…) on a group
                    break;
                case ILocalReferenceOperation local:
                    receiver = ValueTracer.GetSingleAssignment(local.Local, local)?.WalkDownConversions();
                    break;
                default:
                    return route;
            }
        }

        return route;
    }

    private const int MaxGroupChain = 8;

    /// <summary>Joins a group prefix and a pattern with one <c>/</c> between them, as routing does (<c>/api</c> + <c>/menu</c>, <c>/api/</c> + <c>menu</c>).</summary>
    private static string CombineRoute(string prefix, string pattern) =>
        pattern.Length == 0 ? prefix : prefix.TrimEnd('/') + "/" + pattern.TrimStart('~', '/');

    /// <summary>The lambda or local function that declares <paramref name="parameter"/>, found by walking up from <paramref name="reference"/>.</summary>
    public static IAnonymousFunctionOperation? FindDeclaringLambda(IParameterSymbol parameter, IOperation reference)
    {
        for (var parent = reference.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, parameter.ContainingSymbol))
            {
                return lambda;
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="parameter"/> (referenced at <paramref name="reference"/>) is an endpoint parameter bound from the
    /// request (route, query, header, form or body). <paramref name="routeTemplates"/> receives the route templates that apply,
    /// so callers can honour route constraints.
    /// </summary>
    public static bool IsBoundFromRequest(IParameterSymbol parameter, IOperation reference, List<string> routeTemplates)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method)
        {
            return false;
        }

        EndpointKind kind;
        if (method.MethodKind is MethodKind.AnonymousFunction or MethodKind.LambdaMethod)
        {
            var lambda = FindDeclaringLambda(parameter, reference);
            if (lambda is null || !GetMinimalApiPattern(lambda, out var pattern))
            {
                return false;
            }

            kind = EndpointKind.MinimalApi;
            if (pattern is not null)
            {
                // Group prefixes included: MapGroup("/tenants/{tenant}") binds 'tenant' from the route.
                routeTemplates.Add(WithGroupPrefixes(lambda.GetReceivingCall()!, pattern));
            }
        }
        else
        {
            kind = GetEndpointKind(method);
            if (kind is EndpointKind.None or EndpointKind.Middleware)
            {
                return false;
            }

            if (kind == EndpointKind.MvcAction)
            {
                CollectTemplates(method, routeTemplates);
                CollectTemplates(method.ContainingType, routeTemplates);
            }
        }

        if (parameter.RefKind == RefKind.Out ||
            SymbolNames.HasAttribute(parameter, Mvc, "FromServicesAttribute") ||
            SymbolNames.HasAttribute(parameter, "Microsoft.Extensions.DependencyInjection", "FromKeyedServicesAttribute"))
        {
            return false;
        }

        var type = parameter.Type;
        if (IsStringLike(type))
        {
            return true;
        }

        if (SymbolNames.Is(type, Http, "IFormFile") || SymbolNames.Is(type, Http, "IFormCollection") || SymbolNames.Is(type, Http, "IFormFileCollection"))
        {
            return true;
        }

        if (HasBindingAttribute(parameter))
        {
            return true;
        }

        // Complex model-bound types: concrete DTO-like types declared in source.
        return type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsAbstract: false } named &&
               named.DeclaringSyntaxReferences.Length > 0 &&
               !IsServiceLikeName(named.Name);
    }

    /// <summary>True for <c>string</c>, <c>string[]</c>, <c>StringValues</c>, <c>char[]</c> and <c>IEnumerable&lt;string&gt;</c>-like types.</summary>
    public static bool IsStringLike(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return true;
        }

        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType.SpecialType is SpecialType.System_String or SpecialType.System_Char;
        }

        if (SymbolNames.Is(type, "Microsoft.Extensions.Primitives", "StringValues") || SymbolNames.Is(type, "Microsoft.Extensions.Primitives", "StringSegment") ||
            SymbolNames.Is(type, Http, "PathString") || SymbolNames.Is(type, Http, "QueryString") || SymbolNames.Is(type, Http, "HostString"))
        {
            return true;
        }

        return type is INamedTypeSymbol { IsGenericType: true } generic &&
               generic.TypeArguments.Length == 1 &&
               generic.TypeArguments[0].SpecialType == SpecialType.System_String &&
               SymbolNames.IsInNamespaceOrChild(generic.ContainingNamespace, "System.Collections");
    }

    /// <summary>
    /// True when one of <paramref name="templates"/> declares <paramref name="name"/> with a constraint that bounds the value:
    /// a typed constraint (<c>int</c>, <c>long</c>, <c>guid</c>, <c>bool</c>, <c>decimal</c>, <c>double</c>, <c>float</c>, <c>datetime</c>),
    /// <c>range</c>/<c>min</c>/<c>max</c>, or a charset constraint (<c>alpha</c>, <c>regex(…)</c>) together with <c>length</c>/<c>maxlength</c>.
    /// </summary>
    public static bool HasSanitizingRouteConstraint(IEnumerable<string> templates, string name)
    {
        foreach (var template in templates)
        {
            var index = 0;
            while ((index = template.IndexOf('{', index)) >= 0)
            {
                var close = FindClosingBrace(template, index);
                if (close < 0)
                {
                    break;
                }

                var body = template.Substring(index + 1, close - index - 1).TrimStart('*');
                index = close + 1;
                var nameEnd = 0;
                while (nameEnd < body.Length && body[nameEnd] is not (':' or '=' or '?'))
                {
                    nameEnd++;
                }

                if (!string.Equals(body.Substring(0, nameEnd), name, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                bool typed = false, charset = false, length = false;
                foreach (var constraint in SplitConstraints(body.Substring(nameEnd)))
                {
                    var c = constraint.ToLowerInvariant();
                    if (c is "int" or "long" or "guid" or "bool" or "decimal" or "double" or "float" or "datetime" ||
                        c.StartsWith("range(", StringComparison.Ordinal) || c.StartsWith("min(", StringComparison.Ordinal) || c.StartsWith("max(", StringComparison.Ordinal))
                    {
                        typed = true;
                    }
                    else if (c == "alpha" || c.StartsWith("regex(", StringComparison.Ordinal))
                    {
                        charset = true;
                    }
                    else if (c.StartsWith("maxlength(", StringComparison.Ordinal) || c.StartsWith("length(", StringComparison.Ordinal))
                    {
                        length = true;
                    }
                }

                if (typed || (charset && length))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<string> SplitConstraints(string rest)
    {
        var depth = 0;
        var start = -1;
        for (var i = 0; i < rest.Length; i++)
        {
            var c = rest[i];
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (depth == 0 && c is ':' or '=' or '?')
            {
                if (start >= 0 && i > start)
                {
                    yield return rest.Substring(start, i - start);
                }

                start = c == ':' ? i + 1 : -1;
                if (c == '=')
                {
                    yield break;
                }
            }
        }

        if (start >= 0 && start < rest.Length)
        {
            yield return rest.Substring(start);
        }
    }

    private static int FindClosingBrace(string template, int open)
    {
        var depth = 0;
        for (var i = open + 1; i < template.Length; i++)
        {
            switch (template[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case '}' when depth <= 0:
                    return i;
            }
        }

        return -1;
    }

    private static void CollectTemplates(ISymbol symbol, List<string> templates)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is null ||
                !(SymbolNames.IsOrDerivesFrom(attribute.AttributeClass, "Microsoft.AspNetCore.Mvc.Routing", "HttpMethodAttribute") ||
                  SymbolNames.IsOrDerivesFrom(attribute.AttributeClass, Mvc, "RouteAttribute")))
            {
                continue;
            }

            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Kind == TypedConstantKind.Primitive && argument.Value is string template)
                {
                    templates.Add(template);
                }
            }
        }
    }

    private static bool HasBindingAttribute(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            var name = attribute.AttributeClass?.Name;
            if (name is "FromBodyAttribute" or "FromQueryAttribute" or "FromRouteAttribute" or "FromHeaderAttribute" or "FromFormAttribute" or "AsParametersAttribute" or "BindAttribute" or "ModelBinderAttribute")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsServiceLikeName(string name)
    {
        if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
        {
            return true;
        }

        foreach (var suffix in ServiceLikeSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPageHandlerName(string name)
    {
        if (!name.StartsWith("On", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var verb in new[] { "Get", "Post", "Put", "Delete", "Patch", "Head", "Options" })
        {
            if (string.CompareOrdinal(name, 2, verb, 0, verb.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
