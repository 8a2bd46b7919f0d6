using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Resilience;

/// <summary>
/// CACHE035 — a <c>MemoryCache</c> (Microsoft.Extensions.Caching.Memory or System.Runtime.Caching) or an Enyim
/// <c>MemcachedClient</c> created per call: on the request path, while constructing a controller/page model/hub, in a property
/// getter, or in the factory of a scoped/transient registration; and scoped/transient registrations of the cache itself or of a
/// service whose constructor creates one. Static fields, singleton factories, lazily initialized fields and test projects are fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PerCallCacheInstanceAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE035);

    internal override bool IsApplicable(CacheSymbols symbols) =>
        !symbols.IsTestProject && (symbols.MemoryCacheImpl is not null || symbols.ObjectCache is not null || symbols.MemcachedClient is not null);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var compilation = context.Compilation;
        var types = new Types(
            symbols.MemoryCacheImpl,
            compilation.GetTypeByMetadataName("System.Runtime.Caching.MemoryCache"),
            compilation.GetTypeByMetadataName("Enyim.Caching.MemcachedClient"),
            symbols.MemoryCache,
            symbols.MemcachedClient);

        context.RegisterOperationAction(ctx => AnalyzeCreation(ctx, (IObjectCreationOperation)ctx.Operation, types), OperationKind.ObjectCreation);
        context.RegisterOperationAction(
            ctx =>
            {
                var invocation = (IInvocationOperation)ctx.Operation;
                var name = invocation.TargetMethod.Name;
                if (name.IndexOf("Scoped", System.StringComparison.Ordinal) >= 0 || name.IndexOf("Transient", System.StringComparison.Ordinal) >= 0)
                {
                    AnalyzeRegistration(ctx, invocation, types);
                }
            },
            OperationKind.Invocation);
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, IObjectCreationOperation creation, Types types)
    {
        var what = types.Describe(creation.Type);
        var containing = context.ContainingSymbol;
        if (what is null || IsStoredInSharedField(creation, containing))
        {
            return;
        }

        var lambda = ResilienceSupport.GetEnclosingLambda(creation);
        string? where = null;
        if (lambda is not null)
        {
            if (ResilienceSupport.IsOnceOnlyLambda(lambda, containing))
            {
                return;
            }

            if (ResilienceSupport.GetFactoryRegistration(lambda) is { Lifetime: ServiceLifetimeKind.Scoped or ServiceLifetimeKind.Transient } registration)
            {
                if (types.IsCacheType(registration.ServiceType))
                {
                    return; // reported on the registration
                }

                where = $"in the factory of a {(registration.Lifetime == ServiceLifetimeKind.Scoped ? "scoped" : "transient")} registration (once per {(registration.Lifetime == ServiceLifetimeKind.Scoped ? "scope" : "resolution")})";
            }
            else if (RequestContext.IsRequestPath(creation, containing))
            {
                where = "on the request path (once per request)";
            }
        }
        else
        {
            switch (containing)
            {
                case IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true } or IMethodSymbol { MethodKind: MethodKind.StaticConstructor }:
                    return;
                case IFieldSymbol or IPropertySymbol or IMethodSymbol { MethodKind: MethodKind.Constructor }:
                    if (containing.ContainingType is { } owner && ResilienceSupport.IsCreatedPerRequest(owner))
                    {
                        where = $"while constructing '{owner.Name}', which ASP.NET Core creates for every request";
                    }

                    break;
                case IMethodSymbol { MethodKind: MethodKind.PropertyGet }:
                    where = "in a property getter (once per access)";
                    break;
                default:
                    if (RequestContext.IsRequestPath(creation, containing))
                    {
                        where = "on the request path (once per request)";
                    }

                    break;
            }
        }

        if (where is null)
        {
            return;
        }

        var location = creation.Syntax is ObjectCreationExpressionSyntax { Type: { } type } ? type.GetLocation() : creation.Syntax.GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE035,
            location,
            $"A new {what} is created {where}: it starts its own {(what == "MemcachedClient" ? "socket pool" : "expiration timer")}, must be disposed and never returns a hit; create one instance and share it (a singleton registration or a static field)"));
    }

    private static void AnalyzeRegistration(OperationAnalysisContext context, IInvocationOperation invocation, Types types)
    {
        var registration = ServiceRegistrations.Recognize(invocation);
        if (registration is not { Lifetime: ServiceLifetimeKind.Scoped or ServiceLifetimeKind.Transient })
        {
            return;
        }

        var lifetime = registration.Lifetime == ServiceLifetimeKind.Scoped ? "scoped" : "transient";
        string message;
        if (types.IsCacheType(registration.ServiceType) || types.IsCacheType(registration.ImplementationType))
        {
            var name = (registration.ServiceType ?? registration.ImplementationType)!.Name;
            message = $"'{invocation.TargetMethod.Name}' registers '{name}' as {lifetime}: every {(lifetime == "scoped" ? "scope" : "resolution")} gets a new, empty cache; register it as a singleton (AddMemoryCache / AddEnyimMemcached do)";
        }
        else if (ResilienceSupport.GetConstructedType(registration) is { } type &&
                 ResilienceSupport.InstanceInitializationContains(type, IsCacheCreationSyntax))
        {
            message = $"'{invocation.TargetMethod.Name}' registers '{type.Name}', whose constructor creates its own cache instance, as {lifetime}: every {(lifetime == "scoped" ? "scope" : "resolution")} gets a new, empty cache; inject a shared IMemoryCache / IMemcachedClient or register the service as a singleton";
        }
        else
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE035, ResilienceSupport.GetIdentifierLocation(invocation), message));
    }

    private static bool IsCacheCreationSyntax(SyntaxNode node)
    {
        var type = node switch
        {
            ObjectCreationExpressionSyntax explicitNew => explicitNew.Type,
            ImplicitObjectCreationExpressionSyntax => node.FirstAncestorOrSelf<VariableDeclarationSyntax>()?.Type,
            _ => null,
        };
        return ResilienceSupport.RightmostName(type) is "MemoryCache" or "MemcachedClient" &&
               node.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>() is null;
    }

    /// <summary>
    /// True when the new instance is assigned (<c>=</c> or <c>??=</c>) to a static field or property, or to an instance one of a type
    /// that the framework does not create per request: a lazily initialized, shared instance.
    /// </summary>
    private static bool IsStoredInSharedField(IOperation creation, ISymbol? containing)
    {
        var current = creation;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        if (current.Parent is not IAssignmentOperation { Target: IMemberReferenceOperation target } assignment || !ReferenceEquals(assignment.Value, current))
        {
            return false;
        }

        return target.Member.IsStatic || containing?.ContainingType is not { } owner || !ResilienceSupport.IsCreatedPerRequest(owner);
    }

    private sealed class Types
    {
        private readonly INamedTypeSymbol? memoryCache;
        private readonly INamedTypeSymbol? runtimeMemoryCache;
        private readonly INamedTypeSymbol? memcachedClient;
        private readonly INamedTypeSymbol? memoryCacheInterface;
        private readonly INamedTypeSymbol? memcachedInterface;

        public Types(INamedTypeSymbol? memoryCache, INamedTypeSymbol? runtimeMemoryCache, INamedTypeSymbol? memcachedClient, INamedTypeSymbol? memoryCacheInterface, INamedTypeSymbol? memcachedInterface)
        {
            this.memoryCache = memoryCache;
            this.runtimeMemoryCache = runtimeMemoryCache;
            this.memcachedClient = memcachedClient;
            this.memoryCacheInterface = memoryCacheInterface;
            this.memcachedInterface = memcachedInterface;
        }

        /// <summary>"MemoryCache", "System.Runtime.Caching MemoryCache" or "MemcachedClient" for the created types (subclasses included), else null.</summary>
        public string? Describe(ITypeSymbol? type)
        {
            if (CacheSymbols.IsOrImplements(type, memoryCache))
            {
                return "MemoryCache";
            }

            if (CacheSymbols.IsOrImplements(type, runtimeMemoryCache))
            {
                return "System.Runtime.Caching MemoryCache";
            }

            return CacheSymbols.IsOrImplements(type, memcachedClient) ? "MemcachedClient" : null;
        }

        public bool IsCacheType(ITypeSymbol? type) =>
            type is not null &&
            (Is(type, memoryCache) || Is(type, memoryCacheInterface) || Is(type, memcachedClient) || Is(type, memcachedInterface) || Is(type, runtimeMemoryCache));

        private static bool Is(ITypeSymbol type, INamedTypeSymbol? target) =>
            target is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, target);
    }
}
