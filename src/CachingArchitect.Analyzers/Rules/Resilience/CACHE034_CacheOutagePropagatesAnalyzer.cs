using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Resilience;

/// <summary>
/// CACHE034 — Cache outage propagates to the caller.
/// (a) A method that reads a shared cache (<c>IDistributedCache</c>, StackExchange.Redis) and also has a data-source fallback
/// (<see cref="DataAccess"/> reads) but calls the cache outside any <c>try</c>/<c>catch</c> that catches the client's exceptions
/// and outside a resilience pipeline (Polly <c>ResiliencePipeline.Execute[Async]</c>, <c>IAsyncPolicy.ExecuteAsync</c>…).
/// (b) FusionCache <c>ReThrowDistributedCacheExceptions = true</c> / <c>ReThrowBackplaneExceptions = true</c>.
/// (c) A FusionCache registration with an L2 and no <c>DistributedCacheCircuitBreakerDuration</c> (from the shared
/// <see cref="CacheRegistrations"/>): whole-compilation, so it lives in <see cref="FusionCacheWithoutCircuitBreakerAnalyzer"/> below
/// with a CompilationEnd twin descriptor, and (a)/(b) stay live in the IDE.
/// EnyimMemcachedCore is not covered by (a): its client catches socket failures and returns failed results (a miss), it does not throw.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CacheOutagePropagatesAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE034);

    internal override bool IsApplicable(CacheSymbols symbols) =>
        (symbols.DistributedCache is not null || symbols.RedisDatabaseAsync is not null || symbols.FusionCache is not null) && !symbols.IsTestProject;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        context.RegisterOperationBlockAction(ctx => AnalyzeBlocks(ctx, symbols));
        if (symbols.FusionCacheEntryOptions is not null)
        {
            context.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment);
        }
    }

    // ------------------------------------------------------------------ (a) unguarded cache-aside

    private static void AnalyzeBlocks(OperationBlockAnalysisContext context, CacheSymbols symbols)
    {
        if (context.OperationBlocks.IsEmpty || CachingArchitectOptions.IsOpsToolingPath(context.Options, context.OperationBlocks[0].Syntax.SyntaxTree))
        {
            return;
        }

        // Group the shared-cache calls by executable body (a method, or a lambda on its own).
        var bodies = new Dictionary<IOperation, List<CacheOperation>>();
        foreach (var block in context.OperationBlocks)
        {
            var count = 0;
            foreach (var op in block.DescendantsAndSelf())
            {
                if (++count > 20000)
                {
                    break;
                }

                if (op is not IInvocationOperation invocation || CacheOperationRecognizer.Recognize(invocation, symbols) is not { } cacheOperation ||
                    cacheOperation.Technology is not (CacheTechnology.DistributedCache or CacheTechnology.Redis) ||
                    cacheOperation.Kind is not (CacheOperationKind.Read or CacheOperationKind.Write))
                {
                    continue;
                }

                var root = ExecutionOrder.GetExecutableRoot(invocation);
                if (!bodies.TryGetValue(root, out var list))
                {
                    bodies[root] = list = new List<CacheOperation>();
                }

                list.Add(cacheOperation);
            }
        }

        foreach (var pair in bodies)
        {
            AnalyzeBody(context, pair.Key, pair.Value);
        }
    }

    private static void AnalyzeBody(OperationBlockAnalysisContext context, IOperation body, List<CacheOperation> operations)
    {
        var hasRead = false;
        foreach (var operation in operations)
        {
            hasRead |= operation.Kind == CacheOperationKind.Read;
        }

        if (!hasRead)
        {
            return;
        }

        var fallback = DataAccess.FindFirst(body, call => call.Kind == DataAccessKind.Read && ExecutionOrder.InSameBody(call.Invocation, body));
        if (fallback.IsNone)
        {
            return;
        }

        CacheOperation? first = null;
        var others = new List<Location>();
        foreach (var operation in operations)
        {
            if (IsProtected(operation.Invocation, body))
            {
                continue;
            }

            if (first is null)
            {
                first = operation;
            }
            else
            {
                others.Add(CodeContext.GetNameLocation(operation.Invocation));
            }
        }

        if (first is null)
        {
            return;
        }

        var technology = first.Technology == CacheTechnology.Redis ? "Redis" : "IDistributedCache";
        var message = $"'{first.Method.Name}' calls the {technology} server without a catch or a resilience pipeline although '{fallback.Name}' can serve the data: " +
                      "when the cache is down or slow, the request fails instead of falling back to the data source";
        others.Insert(0, CodeContext.GetNameLocation(fallback.Invocation));
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE034, CodeContext.GetNameLocation(first.Invocation), others, message));
    }

    /// <summary>True when a <c>catch</c> for the client's exceptions or a resilience pipeline encloses <paramref name="call"/> (up to the whole method, lambdas included).</summary>
    private static bool IsProtected(IOperation call, IOperation body)
    {
        IOperation child = call;
        for (var parent = call.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case ITryOperation @try when ReferenceEquals(@try.Body, child):
                    foreach (var clause in @try.Catches)
                    {
                        if (CatchesClientExceptions(clause.ExceptionType))
                        {
                            return true;
                        }
                    }

                    break;
                case IInvocationOperation invocation when IsResilienceWrapper(invocation):
                    return true;
            }

            child = parent;
        }

        return false;
    }

    private static bool CatchesClientExceptions(ITypeSymbol? type)
    {
        if (type is null || type.SpecialType == SpecialType.System_Object)
        {
            return true;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolNames.Is(t, "System", "Exception"))
            {
                return ReferenceEquals(t, type); // catch (Exception) catches everything; derived types must be the client's own
            }

            if (t.Name is "RedisException" or "RedisConnectionException" or "RedisTimeoutException" or "SocketException" or "TimeoutException" or "IOException")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Polly v8 <c>ResiliencePipeline.Execute[Async]</c>, Polly v7 <c>Policy.Execute[Async]</c>, <c>Microsoft.Extensions.Resilience</c> wrappers.</summary>
    private static bool IsResilienceWrapper(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        if (!method.Name.StartsWith("Execute", System.StringComparison.Ordinal) || method.ContainingType is not { } type)
        {
            return false;
        }

        return SymbolNames.IsInNamespaceOrChild(type.ContainingNamespace, "Polly") ||
               SymbolNames.IsInNamespaceOrChild(type.ContainingNamespace, "Microsoft.Extensions.Resilience") ||
               SymbolNames.IsInNamespaceOrChild(type.ContainingNamespace, "Microsoft.Extensions.Http.Resilience");
    }

    // ------------------------------------------------------------------ (b) FusionCache re-throws L2/backplane errors

    private static void AnalyzeAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "ReThrowDistributedCacheExceptions" or "ReThrowBackplaneExceptions" } property } ||
            property.ContainingType?.Name != "FusionCacheEntryOptions" ||
            assignment.Value.WalkDownConversions().ConstantValue is not { HasValue: true, Value: true } ||
            CachingArchitectOptions.IsOpsToolingPath(context.Options, assignment.Syntax.SyntaxTree))
        {
            return;
        }

        var layer = property.Name == "ReThrowBackplaneExceptions" ? "backplane" : "distributed cache (L2)";
        var message = $"'{property.Name} = true' makes every {layer} error fail the call, although FusionCache can keep serving from memory and the factory; " +
                      "leave it false (the default) outside diagnostics and tests";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE034, assignment.Syntax.GetLocation(), message));
    }
}

/// <summary>
/// CACHE034 (c) — a FusionCache registration with a distributed L2 and no <c>DistributedCacheCircuitBreakerDuration</c>, from the
/// compilation-wide <see cref="CacheRegistrations"/> and reported at compilation end through a twin descriptor.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FusionCacheWithoutCircuitBreakerAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE034Registrations);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.FusionCacheEntryOptions is not null && !symbols.IsTestProject;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        CacheRegistrationsBuilder.Register(context, symbols, ReportRegistrations);

    // ------------------------------------------------------------------ (c) FusionCache L2 without a circuit breaker

    private static void ReportRegistrations(CompilationAnalysisContext context, CacheRegistrations facts)
    {
        foreach (var cache in facts.FusionCaches)
        {
            if (cache.Guard == EnvironmentGuardKind.DevelopmentOrTest || !facts.HasDistributedL2(cache) ||
                CachingArchitectOptions.IsOpsToolingPath(context.Options, cache.Invocation.Syntax.SyntaxTree))
            {
                continue;
            }

            var settings = facts.EffectiveSettings(cache);
            if (settings.HasUnknownSource || cache.UsesRegisteredOptions && facts.GlobalFusionOptions.HasUnknownSource)
            {
                continue;
            }

            var breaker = settings.Get("FusionCacheOptions.DistributedCacheCircuitBreakerDuration");
            if (breaker is not null && !(ConstantFolding.TryGetTimeSpan(breaker, out var duration) && duration <= System.TimeSpan.Zero))
            {
                continue;
            }

            var additional = cache.DistributedCacheCall is { } l2 ? new[] { CodeContext.GetNameLocation(l2) } : System.Array.Empty<Location>();
            const string message = "FusionCache has a distributed cache (L2) but no DistributedCacheCircuitBreakerDuration: while the L2 is down, every cache call still waits for it to time out; " +
                                   "set options.DistributedCacheCircuitBreakerDuration (e.g. TimeSpan.FromSeconds(2))";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE034Registrations, CodeContext.GetNameLocation(cache.Invocation), additional, message));
        }
    }
}
