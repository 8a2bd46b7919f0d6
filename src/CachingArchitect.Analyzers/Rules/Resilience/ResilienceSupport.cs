using System;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Resilience;

/// <summary>Facts shared by the Resilience rules: once-only initialization contexts, registration lifetimes, constructor contents.</summary>
internal static class ResilienceSupport
{
    /// <summary>Diagnostic property naming the fix shape.</summary>
    public const string FixProperty = "Fix";

    /// <summary>Fix shape: change a scoped/transient registration to a singleton one.</summary>
    public const string FixRegistration = "Registration";

    /// <summary>True for <c>ConnectionMultiplexer.Connect</c>/<c>ConnectAsync</c>.</summary>
    public static bool IsConnect(IInvocationOperation invocation, CacheSymbols symbols) =>
        invocation.TargetMethod.Name is "Connect" or "ConnectAsync" &&
        SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.ConnectionMultiplexer);

    /// <summary>The nearest lambda around <paramref name="operation"/>, or null (a local function stops the walk).</summary>
    public static IAnonymousFunctionOperation? GetEnclosingLambda(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda;
                case ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="lambda"/> runs once for the application: a <c>Lazy&lt;T&gt;</c>/<c>AsyncLazy&lt;T&gt;</c> factory,
    /// the factory of a singleton registration, a <c>ConnectionMultiplexerFactory</c> (RedisCache calls it once), or a lambda in a
    /// static field or property initializer.
    /// </summary>
    public static bool IsOnceOnlyLambda(IAnonymousFunctionOperation lambda, ISymbol? containingSymbol)
    {
        if (containingSymbol is IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true })
        {
            return true;
        }

        if (ServiceRegistrations.IsSingletonFactory(lambda))
        {
            return true;
        }

        IOperation current = lambda;
        while (current.Parent is IDelegateCreationOperation or IConversionOperation or IArgumentOperation)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case IObjectCreationOperation creation when IsLazyType(creation.Type):
                return true;
            case IInvocationOperation invocation when IsLazyType(invocation.TargetMethod.ContainingType) ||
                                                      invocation.TargetMethod.Name is "EnsureInitialized" && invocation.TargetMethod.ContainingType?.Name == "LazyInitializer":
                return true;
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "ConnectionMultiplexerFactory" } }:
                return true;
        }

        return false;
    }

    /// <summary>True for <c>System.Lazy&lt;T&gt;</c> and <c>AsyncLazy&lt;T&gt;</c> types (any namespace: Nito, Microsoft.VisualStudio.Threading, own).</summary>
    public static bool IsLazyType(ITypeSymbol? type) =>
        type is INamedTypeSymbol named &&
        (named.Name == "Lazy" && SymbolNames.IsInNamespace(named.ContainingNamespace, "System") || named.Name == "AsyncLazy");

    /// <summary>The registration whose factory is <paramref name="lambda"/>, when the lambda is a registration factory.</summary>
    public static ServiceRegistration? GetFactoryRegistration(IAnonymousFunctionOperation lambda)
    {
        IOperation current = lambda;
        while (current.Parent is IDelegateCreationOperation or IConversionOperation or IArgumentOperation)
        {
            current = current.Parent;
        }

        return current.Parent is IInvocationOperation invocation &&
               ServiceRegistrations.Recognize(invocation) is { } registration &&
               ReferenceEquals(registration.Factory, lambda)
            ? registration
            : null;
    }

    /// <summary>The registered type whose constructor runs (the implementation type, or the service type for <c>AddScoped&lt;T&gt;()</c>).</summary>
    public static ITypeSymbol? GetConstructedType(ServiceRegistration registration) =>
        registration.Factory is null ? registration.ImplementationType : null;

    /// <summary>
    /// True when an instance constructor or an instance field/property initializer of <paramref name="type"/> (declared in source)
    /// contains a node matching <paramref name="predicate"/>. Syntactic, so it works across files without a semantic model.
    /// </summary>
    public static bool InstanceInitializationContains(ITypeSymbol? type, Func<SyntaxNode, bool> predicate)
    {
        if (type is not INamedTypeSymbol named || named.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        foreach (var member in named.GetMembers())
        {
            if (member.IsStatic || member.IsImplicitlyDeclared)
            {
                continue;
            }

            var isInit = member is IMethodSymbol { MethodKind: MethodKind.Constructor } or IFieldSymbol or IPropertySymbol;
            if (!isInit)
            {
                continue;
            }

            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax();
                SyntaxNode? scope = node switch
                {
                    ConstructorDeclarationSyntax ctor => ctor,
                    VariableDeclaratorSyntax declarator => declarator.Initializer,
                    PropertyDeclarationSyntax property => property.Initializer,
                    _ => null,
                };
                if (scope is null)
                {
                    continue;
                }

                foreach (var descendant in scope.DescendantNodes())
                {
                    if (predicate(descendant))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Syntactic <c>ConnectionMultiplexer.Connect(…)</c>/<c>ConnectAsync(…)</c>, not inside a lambda (a Lazy factory, say).</summary>
    public static bool IsConnectSyntax(SyntaxNode node) =>
        node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } &&
        member.Name.Identifier.ValueText is "Connect" or "ConnectAsync" &&
        RightmostName(member.Expression) == "ConnectionMultiplexer" &&
        node.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>() is null;

    /// <summary>The last identifier of a (qualified) name or member access: <c>StackExchange.Redis.ConnectionMultiplexer</c> → <c>ConnectionMultiplexer</c>.</summary>
    public static string? RightmostName(SyntaxNode? node) => node switch
    {
        IdentifierNameSyntax id => id.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The method name of a call without its type arguments (<c>services.[|AddScoped|]&lt;T&gt;()</c>).</summary>
    public static Location GetIdentifierLocation(IInvocationOperation invocation)
    {
        var name = invocation.Syntax is InvocationExpressionSyntax { Expression: var expression }
            ? expression switch
            {
                MemberAccessExpressionSyntax member => member.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                SimpleNameSyntax simple => simple,
                _ => null,
            }
            : null;
        return name is GenericNameSyntax generic ? generic.Identifier.GetLocation() : CodeContext.GetNameLocation(invocation);
    }

    /// <summary>True for types the framework instantiates per request: MVC controllers, Razor Pages page models, SignalR hubs.</summary>
    public static bool IsCreatedPerRequest(INamedTypeSymbol type) => RequestContext.IsEndpointType(type);

    /// <summary>Where the request-path / loop escalation puts the operation, as a message suffix ("" when neither).</summary>
    public static string DescribeHotContext(IOperation operation, ISymbol? containingSymbol)
    {
        var bulk = LoopContext.GetBulkContext(operation);
        var request = RequestContext.IsRequestPath(operation, containingSymbol);
        return (bulk, request) switch
        {
            (not null, true) => $", inside a {bulk.Description} on the request path",
            (not null, false) => $", inside a {bulk.Description}",
            (null, true) => ", on the request path (once per request)",
            _ => string.Empty,
        };
    }
}
