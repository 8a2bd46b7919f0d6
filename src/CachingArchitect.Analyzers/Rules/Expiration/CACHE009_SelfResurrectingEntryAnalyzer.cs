using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Expiration;

/// <summary>
/// CACHE009 — Self-resurrecting entries: an eviction callback (<c>RegisterPostEvictionCallback</c>,
/// <c>PostEvictionCallbackRegistration.EvictionCallback</c>, <c>CacheItemPolicy.RemovedCallback/UpdateCallback</c>)
/// that writes to the cache again. Warning when the callback never looks at the eviction reason, so capacity
/// evictions and explicit <c>Remove</c> calls are undone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SelfResurrectingEntryAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE009);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.MemoryCache is not null || symbols.ObjectCache is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        context.RegisterOperationAction(ctx => AnalyzeRegistration(ctx, symbols), OperationKind.Invocation);
        context.RegisterOperationAction(ctx => AnalyzeAssignment(ctx, symbols), OperationKind.SimpleAssignment);
    }

    private static void AnalyzeRegistration(OperationAnalysisContext context, CacheSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "RegisterPostEvictionCallback")
        {
            return;
        }

        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.MemoryCacheEntryExtensions) &&
            !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.CacheEntryExtensions))
        {
            return;
        }

        if (invocation.GetArgument("callback") is { } callback)
        {
            AnalyzeCallback(context, callback.Value, CacheTechnology.MemoryCache, invocation, symbols);
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, CacheSymbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation property)
        {
            return;
        }

        var name = property.Property.Name;
        var container = property.Property.ContainingType;
        if (name == "EvictionCallback" && container?.Name == "PostEvictionCallbackRegistration" &&
            container.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.Caching.Memory")
        {
            AnalyzeCallback(context, assignment.Value, CacheTechnology.MemoryCache, assignment, symbols);
        }
        else if (name is "RemovedCallback" or "UpdateCallback" && SymbolEqualityComparer.Default.Equals(container, symbols.CacheItemPolicy))
        {
            AnalyzeCallback(context, assignment.Value, CacheTechnology.RuntimeCaching, assignment, symbols);
        }
    }

    private static void AnalyzeCallback(OperationAnalysisContext context, IOperation callback, CacheTechnology technology, IOperation registration, CacheSymbols symbols)
    {
        var op = callback.WalkDownConversions();
        if (op is IDelegateCreationOperation creation)
        {
            op = creation.Target;
        }

        IOperation? body;
        ImmutableArray<IParameterSymbol> parameters;
        var reportInside = true;
        switch (op)
        {
            case IAnonymousFunctionOperation lambda:
                body = lambda.Body;
                parameters = lambda.Symbol.Parameters;
                break;
            case IMethodReferenceOperation { Method: { } target } when registration.SemanticModel is { } model:
                body = GetMethodBody(target, model);
                parameters = target.Parameters;
                reportInside = false;
                break;
            default:
                return;
        }

        if (body is null || parameters.Length == 0)
        {
            return;
        }

        var checksReason = ChecksReason(body, parameters, technology);
        foreach (var descendant in body.Descendants())
        {
            if (descendant is not IInvocationOperation call || call.TargetMethod.Name is not ("Set" or "Add" or "AddOrGetExisting" or "CreateEntry" or "GetOrCreate" or "GetOrCreateAsync"))
            {
                continue;
            }

            var write = CacheOperationRecognizer.Recognize(call, symbols);
            if (write is null || write.Technology != technology || write.Kind is not (CacheOperationKind.Write or CacheOperationKind.ReadThrough))
            {
                continue;
            }

            var evictedKey = write.Key is { } key && MentionsParameter(key, parameters[0]);

            // Re-adding only for Expired/TokenExpired under a bounded (constant) key is a deliberate refresh.
            if (checksReason && write.Key is { ConstantValue.HasValue: true })
            {
                continue;
            }

            var location = reportInside ? CodeContext.GetNameLocation(call) : registration.Syntax.GetLocation();
            var what = evictedKey ? "the evicted key" : "an entry";

            // Warning only for the proven resurrection: the evicted key itself, whatever the reason.
            var warn = !checksReason && evictedKey;
            var message = checksReason
                ? $"The eviction callback writes {what} back into the cache with '{call.TargetMethod.Name}': entries that re-add themselves defeat eviction and reload without stampede protection; use a background refresher or eager refresh"
                : evictedKey
                    ? $"The eviction callback writes the evicted key back into the cache with '{call.TargetMethod.Name}' without checking the eviction reason: entries evicted for capacity, replaced or removed explicitly come straight back"
                    : $"The eviction callback writes to the cache with '{call.TargetMethod.Name}' on every eviction, including capacity evictions and explicit removals: writes from eviction callbacks defeat eviction under memory pressure";

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE009,
                location,
                warn ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info,
                additionalLocations: null,
                properties: null,
                message));

            if (!reportInside)
            {
                return;
            }
        }
    }

    /// <summary>True when the callback reads the eviction reason: the <c>EvictionReason</c> parameter, or <c>RemovedReason</c>.</summary>
    private static bool ChecksReason(IOperation body, ImmutableArray<IParameterSymbol> parameters, CacheTechnology technology)
    {
        IParameterSymbol? reason = null;
        foreach (var parameter in parameters)
        {
            if (parameter.Type.Name == "EvictionReason")
            {
                reason = parameter;
            }
        }

        foreach (var descendant in body.Descendants())
        {
            switch (descendant)
            {
                case IParameterReferenceOperation reference when reason is not null && SymbolEqualityComparer.Default.Equals(reference.Parameter, reason):
                    return true;
                case IPropertyReferenceOperation { Property.Name: "RemovedReason" } when technology == CacheTechnology.RuntimeCaching:
                    return true;
            }
        }

        return false;
    }

    private static bool MentionsParameter(IOperation operation, IParameterSymbol parameter)
    {
        if (operation is IParameterReferenceOperation self && SymbolEqualityComparer.Default.Equals(self.Parameter, parameter))
        {
            return true;
        }

        foreach (var descendant in operation.Descendants())
        {
            if (descendant is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The body of a method used as a method group, when it is declared in the same syntax tree.</summary>
    private static IOperation? GetMethodBody(IMethodSymbol method, SemanticModel model)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == model.SyntaxTree)
            {
                return model.GetOperation(reference.GetSyntax());
            }
        }

        return null;
    }
}
