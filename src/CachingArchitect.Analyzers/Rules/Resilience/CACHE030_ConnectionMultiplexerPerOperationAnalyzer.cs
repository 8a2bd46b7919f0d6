using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Resilience;

/// <summary>
/// CACHE030 — a <c>ConnectionMultiplexer</c> created per operation: (a) <c>Connect</c>/<c>ConnectAsync</c> whose result is used
/// only inside the calling method (a local or an inline <c>.GetDatabase()</c>), (b) held in a <c>using</c> or disposed there,
/// (c) a scoped/transient registration of the multiplexer, of a service whose constructor connects, or whose factory connects.
/// Once-only contexts (static initializers and constructors, <c>Lazy</c>/<c>AsyncLazy</c> factories, singleton factories,
/// <c>ConnectionMultiplexerFactory</c>, start-up and hosted-service code) and results stored in fields or returned to a caller
/// (factories, ForceReconnect helpers) are not reported. <c>IsConnected</c>-guarded re-creation is CACHE031's (b).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConnectionMultiplexerPerOperationAnalyzer : CacheAnalyzer
{
    private const int MaxReferences = 64;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE030);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.ConnectionMultiplexer is not null && !symbols.IsTestProject;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var multiplexerInterface = context.Compilation.GetTypeByMetadataName("StackExchange.Redis.IConnectionMultiplexer");
        context.RegisterOperationAction(
            ctx =>
            {
                var invocation = (IInvocationOperation)ctx.Operation;
                var name = invocation.TargetMethod.Name;
                if (name is "Connect" or "ConnectAsync")
                {
                    if (ResilienceSupport.IsConnect(invocation, symbols))
                    {
                        AnalyzeConnect(ctx, invocation, symbols, multiplexerInterface);
                    }
                }
                else if (NamesScopedOrTransient(name))
                {
                    AnalyzeRegistration(ctx, invocation, symbols, multiplexerInterface);
                }
            },
            OperationKind.Invocation);
    }

    /// <summary>
    /// True when <paramref name="name"/> contains <c>Scoped</c> or <c>Transient</c> (<c>AddScoped</c>, <c>TryAddTransient</c>…). Runs for every
    /// invocation of the code base: one pass over the name's characters instead of two substring searches.
    /// </summary>
    internal static bool NamesScopedOrTransient(string name)
    {
        for (var i = name.IndexOfAny(ScopeInitials); i >= 0; i = name.IndexOfAny(ScopeInitials, i + 1))
        {
            var word = name[i] == 'S' ? "Scoped" : "Transient";
            if (string.CompareOrdinal(name, i, word, 0, word.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly char[] ScopeInitials = { 'S', 'T' };

    private static void AnalyzeConnect(OperationAnalysisContext context, IInvocationOperation invocation, CacheSymbols symbols, INamedTypeSymbol? multiplexerInterface)
    {
        var containing = context.ContainingSymbol;
        var lambda = ResilienceSupport.GetEnclosingLambda(invocation);
        if (lambda is not null)
        {
            if (ResilienceSupport.IsOnceOnlyLambda(lambda, containing))
            {
                return;
            }

            if (ResilienceSupport.GetFactoryRegistration(lambda) is { Lifetime: ServiceLifetimeKind.Scoped or ServiceLifetimeKind.Transient } registration)
            {
                // AddScoped<IConnectionMultiplexer>(sp => Connect(…)) is reported on the registration itself.
                if (!IsMultiplexerType(registration.ServiceType, symbols, multiplexerInterface))
                {
                    Report(context, invocation, $"'{invocation.TargetMethod.Name}' runs in the factory of a {Lifetime(registration)} registration: a new ConnectionMultiplexer for every {Unit(registration)}; create it once and share it (register IConnectionMultiplexer as a singleton)");
                }

                return;
            }
        }
        else
        {
            switch (containing)
            {
                case IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false } or IMethodSymbol { MethodKind: MethodKind.Constructor }
                    when containing.ContainingType is { } owner && ResilienceSupport.IsCreatedPerRequest(owner):
                    if (ClassifyUsage(invocation) != Usage.Disposed)
                    {
                        Report(context, invocation, $"'{invocation.TargetMethod.Name}' runs while constructing '{owner.Name}', which ASP.NET Core creates for every request: a new ConnectionMultiplexer per request; inject a shared IConnectionMultiplexer registered as a singleton");
                        return;
                    }

                    break;
                case IFieldSymbol or IPropertySymbol:
                    // Static initializers run once; instance initializers are judged by the registration of their type (c).
                    return;
                case IMethodSymbol { MethodKind: MethodKind.StaticConstructor or MethodKind.Constructor }:
                    return;
            }

            if (CodeContext.IsStartupOrHostedServiceCode(invocation, containing))
            {
                return;
            }
        }

        var usage = ClassifyUsage(invocation);
        if (usage == Usage.Escapes)
        {
            return;
        }

        var where = ResilienceSupport.DescribeHotContext(invocation, containing);
        var what = usage == Usage.Disposed
            ? "creates a ConnectionMultiplexer and disposes it after use"
            : "creates a ConnectionMultiplexer that lives only for this call";
        Report(context, invocation, $"'{invocation.TargetMethod.Name}' {what}{where}: every call pays a connection handshake and leaks sockets; create it once and share it (a static readonly Lazy<ConnectionMultiplexer> or a singleton IConnectionMultiplexer)");
    }

    private static void AnalyzeRegistration(OperationAnalysisContext context, IInvocationOperation invocation, CacheSymbols symbols, INamedTypeSymbol? multiplexerInterface)
    {
        var registration = ServiceRegistrations.Recognize(invocation);
        if (registration is not { Lifetime: ServiceLifetimeKind.Scoped or ServiceLifetimeKind.Transient })
        {
            return;
        }

        string message;
        if (IsMultiplexerType(registration.ServiceType, symbols, multiplexerInterface) || IsMultiplexerType(registration.ImplementationType, symbols, multiplexerInterface))
        {
            message = $"'{invocation.TargetMethod.Name}' registers the ConnectionMultiplexer as {Lifetime(registration)}: a new connection for every {Unit(registration)}; register it as a singleton";
        }
        else if (ResilienceSupport.GetConstructedType(registration) is { } type &&
                 ResilienceSupport.InstanceInitializationContains(type, ResilienceSupport.IsConnectSyntax))
        {
            message = $"'{invocation.TargetMethod.Name}' registers '{type.Name}', whose constructor creates a ConnectionMultiplexer, as {Lifetime(registration)}: a new connection for every {Unit(registration)}; register it as a singleton or inject a shared IConnectionMultiplexer";
        }
        else
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(ResilienceSupport.FixProperty, ResilienceSupport.FixRegistration);
        var location = ResilienceSupport.GetIdentifierLocation(invocation);

        // Build report: the code fix's edit (AddScoped → AddSingleton) as a fix proposal.
        var name = invocation.TargetMethod.Name;
        var singleton = name.Replace("Scoped", "Singleton").Replace("Transient", "Singleton");
        if (singleton != name)
        {
            properties = FixProposal.With(properties, context.Options, "Register as a singleton", location, singleton, context.CancellationToken);
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE030, location, properties, message));
    }

    private static void Report(OperationAnalysisContext context, IInvocationOperation invocation, string message) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE030, CodeContext.GetNameLocation(invocation), message));

    private static string Lifetime(ServiceRegistration registration) =>
        registration.Lifetime == ServiceLifetimeKind.Scoped ? "scoped" : "transient";

    private static string Unit(ServiceRegistration registration) =>
        registration.Lifetime == ServiceLifetimeKind.Scoped ? "scope (request)" : "resolution";

    private static bool IsMultiplexerType(ITypeSymbol? type, CacheSymbols symbols, INamedTypeSymbol? multiplexerInterface) =>
        type is not null &&
        (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, symbols.ConnectionMultiplexer) ||
         SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, multiplexerInterface));

    private enum Usage
    {
        /// <summary>Stored in a field, returned, passed on or captured: its lifetime is decided elsewhere.</summary>
        Escapes,

        /// <summary>Used only inside the method (a local, an inline member call, a discarded result).</summary>
        Local,

        /// <summary>Held in a <c>using</c> or disposed/closed in the method.</summary>
        Disposed,
    }

    private static Usage ClassifyUsage(IInvocationOperation invocation)
    {
        IOperation result = invocation;
        while (result.Parent is IAwaitOperation or IConversionOperation or IParenthesizedOperation ||
               result.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && ReferenceEquals(configure.Instance, result))
        {
            result = result.Parent;
        }

        switch (result.Parent)
        {
            case IExpressionStatementOperation:
                return Usage.Local;
            case IInvocationOperation member when ReferenceEquals(member.Instance, result):
                return Usage.Local;
            case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, result):
                return Usage.Local;
            case IUsingOperation:
                return Usage.Disposed;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                var usage = ClassifyLocal(declarator.Symbol, invocation);
                return usage == Usage.Local && IsUsingDeclaration(declarator) ? Usage.Disposed : usage;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment when ReferenceEquals(assignment.Value, result):
                return ClassifyLocal(local.Local, invocation);
            default:
                return Usage.Escapes;
        }
    }

    private static bool IsUsingDeclaration(IVariableDeclaratorOperation declarator)
    {
        for (var parent = declarator.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IUsingDeclarationOperation or IUsingOperation:
                    return true;
                case IVariableDeclarationOperation or IVariableDeclarationGroupOperation:
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>How the local holding the multiplexer is used: only as the receiver of member calls (local), disposed, or escaping.</summary>
    private static Usage ClassifyLocal(ILocalSymbol local, IOperation within)
    {
        var disposed = false;
        var count = 0;
        var body = ExecutionOrder.GetExecutableRoot(within);
        foreach (var reference in within.GetRoot().Descendants())
        {
            if (reference is not ILocalReferenceOperation localReference || !SymbolEqualityComparer.Default.Equals(localReference.Local, local))
            {
                continue;
            }

            if (++count > MaxReferences || !ExecutionOrder.InSameBody(reference, body))
            {
                // Captured by a lambda or local function: it may outlive the call.
                return Usage.Escapes;
            }

            IOperation use = reference;
            while (use.Parent is IConversionOperation or IParenthesizedOperation)
            {
                use = use.Parent;
            }

            switch (use.Parent)
            {
                case IInvocationOperation member when ReferenceEquals(member.Instance, use):
                    if (member.TargetMethod.Name is "Dispose" or "DisposeAsync" or "Close" or "CloseAsync")
                    {
                        disposed = true;
                    }

                    continue;
                case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, use):
                    continue;
                case IEventReferenceOperation:
                    continue;
                case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Target, use):
                    continue;
                case IUsingOperation:
                    disposed = true;
                    continue;
                case IBinaryOperation or IIsPatternOperation:
                    continue;
                default:
                    return Usage.Escapes;
            }
        }

        return disposed ? Usage.Disposed : Usage.Local;
    }
}
