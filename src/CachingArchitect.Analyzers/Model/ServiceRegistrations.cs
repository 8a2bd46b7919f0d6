using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>Lifetime of a dependency-injection registration.</summary>
internal enum ServiceLifetimeKind
{
    Unknown,
    Singleton,
    Scoped,
    Transient,
}

/// <summary>One <c>IServiceCollection</c> registration: lifetime, service type, implementation type and factory, as far as known.</summary>
internal sealed class ServiceRegistration
{
    public ServiceRegistration(IInvocationOperation invocation, ServiceLifetimeKind lifetime, ITypeSymbol? serviceType, ITypeSymbol? implementationType, IAnonymousFunctionOperation? factory, bool isTry)
    {
        Invocation = invocation;
        Lifetime = lifetime;
        ServiceType = serviceType;
        ImplementationType = implementationType;
        Factory = factory;
        IsTry = isTry;
    }

    public IInvocationOperation Invocation { get; }

    public ServiceLifetimeKind Lifetime { get; }

    public ITypeSymbol? ServiceType { get; }

    /// <summary>The implementation type (the service type itself for <c>AddScoped&lt;T&gt;()</c>); null for factories and instances.</summary>
    public ITypeSymbol? ImplementationType { get; }

    /// <summary>The factory lambda (<c>sp =&gt; …</c>), when the registration has one written inline.</summary>
    public IAnonymousFunctionOperation? Factory { get; }

    /// <summary>True for <c>TryAdd*</c> registrations (ignored when the service is already registered).</summary>
    public bool IsTry { get; }
}

/// <summary>
/// DI lifetime facts shared by the rules (issue 3): recognizes <c>Add{Singleton,Scoped,Transient}</c>, their keyed and <c>TryAdd*</c>
/// forms and <c>ServiceDescriptor</c> factories, and tells whether a lambda is the factory of a singleton registration.
/// </summary>
internal static class ServiceRegistrations
{
    private const string DiNamespace = "Microsoft.Extensions.DependencyInjection";

    /// <summary>The registration <paramref name="invocation"/> makes, or null when it is not a DI registration.</summary>
    public static ServiceRegistration? Recognize(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null || !IsDiNamespace(type.ContainingNamespace))
        {
            return null;
        }

        var name = method.Name;
        var isTry = name.StartsWith("TryAdd", System.StringComparison.Ordinal);
        var core = isTry ? name.Substring(6) : name.StartsWith("Add", System.StringComparison.Ordinal) ? name.Substring(3) : type.Name == "ServiceDescriptor" ? name : null;
        if (core is null)
        {
            return null;
        }

        if (core.StartsWith("Keyed", System.StringComparison.Ordinal))
        {
            core = core.Substring(5);
        }

        var lifetime = core switch
        {
            "Singleton" => ServiceLifetimeKind.Singleton,
            "Scoped" => ServiceLifetimeKind.Scoped,
            "Transient" => ServiceLifetimeKind.Transient,
            _ => ServiceLifetimeKind.Unknown,
        };
        if (lifetime == ServiceLifetimeKind.Unknown)
        {
            return null;
        }

        ITypeSymbol? service = null;
        ITypeSymbol? implementation = null;
        var typeArguments = invocation.TargetMethod.TypeArguments;
        if (typeArguments.Length >= 1)
        {
            service = typeArguments[0];
            implementation = typeArguments.Length >= 2 ? typeArguments[1] : null;
        }

        IAnonymousFunctionOperation? factory = null;
        object? instance = null;
        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value.WalkDownConversions();
            if (value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
            {
                factory = lambda;
            }
            else if (value is IAnonymousFunctionOperation direct)
            {
                factory = direct;
            }
            else if (value is ITypeOfOperation typeOf && argument.Parameter?.Type is { } parameterType && SymbolNames.Is(parameterType, "System", "Type"))
            {
                if (argument.Parameter.Name == "serviceType")
                {
                    service = typeOf.TypeOperand;
                }
                else if (argument.Parameter.Name == "implementationType")
                {
                    implementation = typeOf.TypeOperand;
                }
            }
            else if (argument.Parameter?.Name == "implementationInstance")
            {
                instance = value;
            }
        }

        if (implementation is null && factory is null && instance is null && typeArguments.Length == 1)
        {
            implementation = service;
        }

        return new ServiceRegistration(invocation, lifetime, service, implementation, factory, isTry);
    }

    /// <summary>True when <paramref name="lambda"/> is the factory of a singleton registration (<c>AddSingleton(sp =&gt; …)</c>).</summary>
    public static bool IsSingletonFactory(IAnonymousFunctionOperation lambda)
    {
        for (var parent = lambda.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IInvocationOperation invocation)
            {
                var registration = Recognize(invocation);
                return registration is { Lifetime: ServiceLifetimeKind.Singleton } && ReferenceEquals(registration.Factory, lambda);
            }

            if (parent is not (IArgumentOperation or IConversionOperation or IDelegateCreationOperation))
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsDiNamespace(INamespaceSymbol? ns) =>
        SymbolNames.IsInNamespace(ns, DiNamespace) || SymbolNames.IsInNamespace(ns, DiNamespace + ".Extensions");
}
