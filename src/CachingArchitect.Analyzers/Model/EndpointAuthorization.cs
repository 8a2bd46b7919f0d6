using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>What the endpoint's own metadata says about authorization.</summary>
internal enum EndpointAuthorizationKind
{
    /// <summary>The code is not inside a recognized endpoint (or inside middleware, whose authorization is not metadata-driven).</summary>
    NotAnEndpoint,

    /// <summary>An endpoint whose authorization cannot be told (a handler passed through a helper, a builder returned from elsewhere).</summary>
    Unknown,

    /// <summary>An endpoint with no authorization metadata of its own: protected only by a fallback policy or a global convention, if any.</summary>
    NoMetadata,

    /// <summary><c>[Authorize]</c> (any <c>IAuthorizeData</c>) or <c>RequireAuthorization()</c> on the endpoint, its type, base types, group chain or convention.</summary>
    RequiresAuthorization,

    /// <summary><c>[AllowAnonymous]</c> (any <c>IAllowAnonymous</c>) or <c>AllowAnonymous()</c>: overrides every requirement and the fallback policy.</summary>
    AllowsAnonymous,
}

/// <summary>The authorization of one endpoint: its kind, the endpoint kind, and where the deciding metadata is written.</summary>
internal readonly struct EndpointAuthorizationInfo
{
    public EndpointAuthorizationInfo(EndpointAuthorizationKind kind, EndpointKind endpoint, Location? evidence = null)
    {
        Kind = kind;
        Endpoint = endpoint;
        Evidence = evidence;
    }

    public EndpointAuthorizationKind Kind { get; }

    public EndpointKind Endpoint { get; }

    /// <summary>The attribute or builder call that decided <see cref="Kind"/>, when there is one in source.</summary>
    public Location? Evidence { get; }

    public static EndpointAuthorizationInfo NotAnEndpoint => new(EndpointAuthorizationKind.NotAnEndpoint, EndpointKind.None);

    public override string ToString() => $"{Endpoint}: {Kind}";
}

/// <summary>
/// Authorization detection for request-path code (catalog §7, "Authorization detection"), shared by CACHE054 and the HTTP rules:
/// <list type="bullet">
/// <item>MVC actions, Razor Page handlers and hub methods: <c>IAuthorizeData</c>/<c>IAllowAnonymous</c> attributes on the method,
/// its type and base types (both attributes are inherited);</item>
/// <item>minimal APIs: attributes on the handler lambda, and <c>RequireAuthorization()</c>/<c>AllowAnonymous()</c>/<c>WithMetadata(new
/// AuthorizeAttribute())</c> on the endpoint builder, on its <c>MapGroup</c> chain, and on locals holding the endpoint or a group (calls on
/// the local anywhere in the same body count), nested groups included.</item>
/// </list>
/// Compilation-wide facts — an <c>AuthorizationOptions.FallbackPolicy</c> (or <c>AuthorizationBuilder.SetFallbackPolicy</c>) assignment, a
/// global <c>AuthorizeFilter</c>, <c>MapControllers()/MapRazorPages()/MapHub().RequireAuthorization()</c>, Razor Pages authorization conventions —
/// can be anywhere in the project, so they are collected by <see cref="GlobalAuthorizationFacts"/> and applied at compilation end:
/// an endpoint with <see cref="EndpointAuthorizationKind.NoMetadata"/> is covered when <see cref="GlobalAuthorizationFacts.Covers"/> says so.
/// </summary>
internal static class EndpointAuthorization
{
    private const string Authz = "Microsoft.AspNetCore.Authorization";
    private const int MaxChain = 16;

    /// <summary>The authorization of the endpoint that contains <paramref name="operation"/> (innermost minimal-API lambda first, then the method).</summary>
    public static EndpointAuthorizationInfo ForOperation(IOperation operation, ISymbol? containingSymbol)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation lambda && RequestContext.GetMinimalApiPattern(lambda, out _))
            {
                return ForMinimalApi(lambda);
            }
        }

        return ForMethod(containingSymbol as IMethodSymbol);
    }

    /// <summary>The authorization of a controller action, Razor Page handler or hub method; <see cref="EndpointAuthorizationKind.NotAnEndpoint"/> otherwise.</summary>
    public static EndpointAuthorizationInfo ForMethod(IMethodSymbol? method)
    {
        var kind = RequestContext.GetEndpointKind(method);
        if (kind is EndpointKind.None or EndpointKind.Middleware || method is null)
        {
            return EndpointAuthorizationInfo.NotAnEndpoint;
        }

        // [AllowAnonymous] anywhere on the action or its controller bypasses authorization.
        if (FindAttribute(method, "IAllowAnonymous") is { } anonymous)
        {
            return new EndpointAuthorizationInfo(EndpointAuthorizationKind.AllowsAnonymous, kind, anonymous);
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (FindAttribute(type, "IAllowAnonymous") is { } typeAnonymous)
            {
                return new EndpointAuthorizationInfo(EndpointAuthorizationKind.AllowsAnonymous, kind, typeAnonymous);
            }
        }

        if (FindAttribute(method, "IAuthorizeData") is { } authorize)
        {
            return new EndpointAuthorizationInfo(EndpointAuthorizationKind.RequiresAuthorization, kind, authorize);
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (FindAttribute(type, "IAuthorizeData") is { } typeAuthorize)
            {
                return new EndpointAuthorizationInfo(EndpointAuthorizationKind.RequiresAuthorization, kind, typeAuthorize);
            }
        }

        return new EndpointAuthorizationInfo(EndpointAuthorizationKind.NoMetadata, kind);
    }

    /// <summary>The authorization of the minimal-API endpoint whose handler is <paramref name="lambda"/>.</summary>
    public static EndpointAuthorizationInfo ForMinimalApi(IAnonymousFunctionOperation lambda)
    {
        if (!RequestContext.GetMinimalApiPattern(lambda, out _))
        {
            return EndpointAuthorizationInfo.NotAnEndpoint;
        }

        if (FindAttribute(lambda.Symbol, "IAllowAnonymous") is { } anonymous)
        {
            return new EndpointAuthorizationInfo(EndpointAuthorizationKind.AllowsAnonymous, EndpointKind.MinimalApi, anonymous);
        }

        var state = new ChainState();
        if (FindAttribute(lambda.Symbol, "IAuthorizeData") is { } authorize)
        {
            state.Authorized ??= authorize;
        }

        if (lambda.GetReceivingCall() is not { } map)
        {
            return new EndpointAuthorizationInfo(EndpointAuthorizationKind.Unknown, EndpointKind.MinimalApi);
        }

        // Conventions applied to the endpoint itself (fluent calls on the Map* result, or calls on the local it is assigned to).
        ScanBuilder(map, state, 0);

        // Conventions of the groups the endpoint is mapped on.
        ScanGroupReceiver(map.GetReceiver(), state, 0);

        if (state.Anonymous is not null)
        {
            return new EndpointAuthorizationInfo(EndpointAuthorizationKind.AllowsAnonymous, EndpointKind.MinimalApi, state.Anonymous);
        }

        if (state.Authorized is not null)
        {
            return new EndpointAuthorizationInfo(EndpointAuthorizationKind.RequiresAuthorization, EndpointKind.MinimalApi, state.Authorized);
        }

        return new EndpointAuthorizationInfo(state.Unknown ? EndpointAuthorizationKind.Unknown : EndpointAuthorizationKind.NoMetadata, EndpointKind.MinimalApi);
    }

    /// <summary>
    /// Classifies one operation as a compilation-wide authorization fact (for <see cref="GlobalAuthorizationFacts"/>):
    /// a fallback policy, a global authorize filter, or an authorization convention on all controllers/pages/hubs.
    /// </summary>
    public static GlobalAuthorizationFact ClassifyGlobalFact(IOperation operation)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "FallbackPolicy" } property } } assignment
                when SymbolNames.Is(property.ContainingType, Authz, "AuthorizationOptions") && !IsNullLiteral(assignment.Value):
                return GlobalAuthorizationFact.FallbackPolicy;
            case IInvocationOperation invocation:
                return ClassifyGlobalInvocation(invocation);
            default:
                return GlobalAuthorizationFact.None;
        }
    }

    private static GlobalAuthorizationFact ClassifyGlobalInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "SetFallbackPolicy" when SymbolNames.Is(method.ContainingType, Authz, "AuthorizationBuilder") &&
                                          invocation.Arguments.Length > 0 && !IsNullLiteral(invocation.Arguments[invocation.Arguments.Length - 1].Value):
                return GlobalAuthorizationFact.FallbackPolicy;
            case "Add" when invocation.Arguments.Length > 0 &&
                            invocation.Arguments[invocation.Arguments.Length - 1].Value.WalkDownConversions() is IObjectCreationOperation { Type: { } created } &&
                            SymbolNames.IsOrDerivesFrom(created, "Microsoft.AspNetCore.Mvc.Authorization", "AuthorizeFilter"):
                return GlobalAuthorizationFact.ControllersAuthorized;
            case "Add" when method.IsGenericMethod && method.TypeArguments.Length == 1 &&
                            SymbolNames.IsOrDerivesFrom(method.TypeArguments[0], "Microsoft.AspNetCore.Mvc.Authorization", "AuthorizeFilter"):
                return GlobalAuthorizationFact.ControllersAuthorized;
            case "AuthorizeFolder" or "AuthorizePage" or "AuthorizeAreaFolder" or "AuthorizeAreaPage"
                when SymbolNames.IsInNamespaceOrChild(method.ContainingNamespace, "Microsoft.Extensions.DependencyInjection"):
                return GlobalAuthorizationFact.PagesAuthorized;
            case "RequireAuthorization":
                var root = ChainRoot(invocation);
                if (root is IInvocationOperation { TargetMethod.Name: var name })
                {
                    return name switch
                    {
                        "MapControllers" or "MapDefaultControllerRoute" or "MapControllerRoute" or "MapAreaControllerRoute" => GlobalAuthorizationFact.ControllersAuthorized,
                        "MapRazorPages" => GlobalAuthorizationFact.PagesAuthorized,
                        "MapHub" => GlobalAuthorizationFact.HubsAuthorized,
                        _ => GlobalAuthorizationFact.None,
                    };
                }

                return GlobalAuthorizationFact.None;
            default:
                return GlobalAuthorizationFact.None;
        }
    }

    /// <summary>The first call of a fluent chain ending in <paramref name="invocation"/> (<c>app.MapControllers().RequireAuthorization()</c> → <c>MapControllers</c>).</summary>
    private static IOperation? ChainRoot(IInvocationOperation invocation)
    {
        IOperation? current = invocation.GetReceiver()?.WalkDownConversions();
        for (var i = 0; i < MaxChain && current is IInvocationOperation inner; i++)
        {
            if (inner.TargetMethod.Name.StartsWith("Map", StringComparison.Ordinal))
            {
                return inner;
            }

            current = inner.GetReceiver()?.WalkDownConversions();
        }

        return current;
    }

    private static bool IsNullLiteral(IOperation value) =>
        value.WalkDownConversions() is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation;

    /// <summary>Follows the calls made on the builder <paramref name="builder"/> returns: fluent calls, and calls on the local it is stored in.</summary>
    private static void ScanBuilder(IOperation builder, ChainState state, int depth)
    {
        if (depth > MaxChain)
        {
            state.Unknown = true;
            return;
        }

        var current = builder;
        for (var i = 0; i < MaxChain; i++)
        {
            current = current.WalkUpConversions();
            var parent = current.Parent;
            var call = OperationExtensions.AsFluentCall(parent, current);
            if (call is not null)
            {
                if (!IsConvention(call.TargetMethod.Name))
                {
                    // e.g. group.MapPost(…): conventions after it belong to that endpoint, not to this builder.
                    return;
                }

                Apply(call, state);
                current = call;
                continue;
            }

            // var endpoint = app.MapPost(...)…; endpoint.RequireAuthorization();
            ILocalSymbol? local = parent switch
            {
                IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when !ReferenceEquals(assignment.Target, current) => target.Local,
                _ => null,
            };
            if (local is not null)
            {
                ScanLocal(local, current, state, depth + 1);
            }
            else if (parent is IReturnOperation or IArgumentOperation or ISimpleAssignmentOperation)
            {
                // The builder leaves the method: a convention may be added elsewhere.
                state.Unknown = true;
            }

            return;
        }
    }

    private static void ScanLocal(ILocalSymbol local, IOperation within, ChainState state, int depth)
    {
        if (depth > MaxChain)
        {
            state.Unknown = true;
            return;
        }

        foreach (var reference in within.GetRoot().Descendants())
        {
            if (reference is ILocalReferenceOperation localReference && SymbolEqualityComparer.Default.Equals(localReference.Local, local) &&
                !(reference.Parent is ISimpleAssignmentOperation assignment && ReferenceEquals(assignment.Target, reference)))
            {
                ScanBuilder(reference, state, depth + 1);
            }
        }
    }

    /// <summary>Walks the receiver of a <c>Map*</c> call: <c>MapGroup</c> results (fluent or through locals) and their conventions, nested groups included.</summary>
    private static void ScanGroupReceiver(IOperation? receiver, ChainState state, int depth)
    {
        if (receiver is null || depth > MaxChain)
        {
            return;
        }

        var op = receiver.WalkDownConversions();
        for (var i = 0; i < MaxChain; i++)
        {
            switch (op)
            {
                case IInvocationOperation invocation when invocation.TargetMethod.Name == "MapGroup":
                    ScanBuilderWithoutDescending(invocation, state);
                    ScanGroupReceiver(invocation.GetReceiver(), state, depth + 1);
                    return;
                case IInvocationOperation invocation when IsConvention(invocation.TargetMethod.Name):
                    Apply(invocation, state);
                    op = invocation.GetReceiver()?.WalkDownConversions();
                    continue;
                case ILocalReferenceOperation local:
                    // Conventions called on the group local anywhere in the body.
                    ScanLocal(local.Local, local, state, depth + 1);
                    var assigned = ValueTracer.GetSingleAssignment(local.Local, local);
                    if (assigned is null)
                    {
                        state.Unknown = true;
                        return;
                    }

                    ScanGroupReceiver(assigned, state, depth + 1);
                    return;
                case IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation:
                    // A builder handed in from elsewhere (a MapXxxEndpoints(this IEndpointRouteBuilder endpoints) extension may be called on
                    // an authorized group): unknown, unless it is the WebApplication itself, which carries no conventions.
                    if (SymbolNames.IsOrDerivesFrom(op.Type, "Microsoft.AspNetCore.Builder", "WebApplication"))
                    {
                        return;
                    }

                    state.Unknown = true;
                    return;
                default:
                    return;
            }
        }
    }

    /// <summary>Applies the fluent conventions that follow a <c>MapGroup</c> call up to the next <c>Map*</c>.</summary>
    private static void ScanBuilderWithoutDescending(IInvocationOperation group, ChainState state)
    {
        IOperation current = group;
        for (var i = 0; i < MaxChain; i++)
        {
            var call = current.NextFluentCall();
            if (call is null || !IsConvention(call.TargetMethod.Name))
            {
                return;
            }

            Apply(call, state);
            current = call;
        }
    }

    private static bool IsConvention(string name) =>
        name is "RequireAuthorization" or "AllowAnonymous" or "WithMetadata" or "WithName" or "WithTags" or "WithOpenApi" or "WithGroupName" or "WithSummary"
            or "WithDescription" or "Produces" or "ProducesProblem" or "Accepts" or "AddEndpointFilter" or "RequireCors" or "RequireRateLimiting" or "CacheOutput"
            or "DisableAntiforgery" or "ExcludeFromDescription" or "RequireHost" or "WithDisplayName";

    private static void Apply(IInvocationOperation call, ChainState state)
    {
        switch (call.TargetMethod.Name)
        {
            case "RequireAuthorization":
                state.Authorized ??= CodeContext.GetNameLocation(call);
                break;
            case "AllowAnonymous":
                state.Anonymous ??= CodeContext.GetNameLocation(call);
                break;
            case "WithMetadata":
                foreach (var argument in call.Arguments)
                {
                    foreach (var item in argument.Value.DescendantsAndSelf())
                    {
                        if (item is IObjectCreationOperation { Type: { } created })
                        {
                            if (SymbolNames.IsOrImplements(created, Authz, "IAllowAnonymous"))
                            {
                                state.Anonymous ??= item.Syntax.GetLocation();
                            }
                            else if (SymbolNames.IsOrImplements(created, Authz, "IAuthorizeData"))
                            {
                                state.Authorized ??= item.Syntax.GetLocation();
                            }
                        }
                    }
                }

                break;
        }
    }

    private static Location? FindAttribute(ISymbol? symbol, string marker)
    {
        if (symbol is null)
        {
            return null;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolNames.IsOrImplements(attribute.AttributeClass, Authz, marker))
            {
                return attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? Location.None;
            }
        }

        return null;
    }

    private sealed class ChainState
    {
        public Location? Authorized { get; set; }

        public Location? Anonymous { get; set; }

        public bool Unknown { get; set; }
    }
}

/// <summary>A compilation-wide fact that protects endpoints without metadata of their own.</summary>
internal enum GlobalAuthorizationFact
{
    None,

    /// <summary><c>AuthorizationOptions.FallbackPolicy = …</c> / <c>SetFallbackPolicy(…)</c>: every endpoint without metadata requires it.</summary>
    FallbackPolicy,

    /// <summary>A global <c>AuthorizeFilter</c> or <c>MapControllers().RequireAuthorization()</c>: every controller action.</summary>
    ControllersAuthorized,

    /// <summary><c>MapRazorPages().RequireAuthorization()</c> or Razor Pages <c>Authorize*</c> conventions (treated as covering all pages).</summary>
    PagesAuthorized,

    /// <summary><c>MapHub&lt;T&gt;().RequireAuthorization()</c> (treated as covering all hubs).</summary>
    HubsAuthorized,
}

/// <summary>
/// Thread-safe collector of <see cref="GlobalAuthorizationFact"/>s for one compilation. Register it in a compilation-start action with
/// <see cref="Register"/>, then consult <see cref="Covers"/> in the compilation-end action (rules using it carry the <c>CompilationEnd</c> tag).
/// </summary>
internal sealed class GlobalAuthorizationFacts
{
    private int _facts;

    /// <summary>Registers the operation actions that collect the facts.</summary>
    public void Register(CompilationStartAnalysisContext context) =>
        context.RegisterOperationAction(ctx => Add(EndpointAuthorization.ClassifyGlobalFact(ctx.Operation)), OperationKind.SimpleAssignment, OperationKind.Invocation);

    /// <summary>Records a fact (thread-safe).</summary>
    public void Add(GlobalAuthorizationFact fact)
    {
        if (fact == GlobalAuthorizationFact.None)
        {
            return;
        }

        var bit = 1 << (int)fact;
        int seen;
        do
        {
            seen = _facts;
        }
        while ((seen & bit) == 0 && Interlocked.CompareExchange(ref _facts, seen | bit, seen) != seen);
    }

    public bool Has(GlobalAuthorizationFact fact) => (Volatile.Read(ref _facts) & (1 << (int)fact)) != 0;

    /// <summary>True when a compilation-wide fact protects an endpoint of <paramref name="endpoint"/> kind that has no metadata of its own.</summary>
    public bool Covers(EndpointKind endpoint) =>
        Has(GlobalAuthorizationFact.FallbackPolicy) ||
        endpoint == EndpointKind.MvcAction && Has(GlobalAuthorizationFact.ControllersAuthorized) ||
        endpoint == EndpointKind.PageHandler && Has(GlobalAuthorizationFact.PagesAuthorized) ||
        endpoint == EndpointKind.HubMethod && Has(GlobalAuthorizationFact.HubsAuthorized);
}
