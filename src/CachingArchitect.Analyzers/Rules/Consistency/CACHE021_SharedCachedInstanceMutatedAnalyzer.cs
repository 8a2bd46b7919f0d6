using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Consistency;

/// <summary>
/// CACHE021 — an object that an in-process cache shares with every caller is mutated: a value read with <c>IMemoryCache</c>
/// <c>Get&lt;T&gt;</c>/<c>TryGetValue</c>/<c>GetOrCreate[Async]</c> or <c>ObjectCache.Get</c>, or a value after it was passed to
/// <c>Set</c>, is changed later in the same body (collection <c>Add/Remove/Clear/Sort…</c>, a property, field or indexer set).
/// Flow: the mutation is attributed to the last thing that gave the variable its value before it (a cache call, or a plain
/// assignment, which ends the tracking), so "miss → new list → fill → Set" does not report the filling. Distributed caches and
/// HybridCache deserialize a fresh instance per read and are not watched; immutable, read-only, frozen and concurrent types
/// are skipped.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedCachedInstanceMutatedAnalyzer : CacheAnalyzer
{
    private static readonly HashSet<string> Mutators = new(StringComparer.Ordinal)
    {
        "Add", "AddRange", "Insert", "InsertRange", "Remove", "RemoveAt", "RemoveAll", "RemoveRange", "RemoveWhere", "Clear",
        "Sort", "Reverse", "Push", "Pop", "Enqueue", "Dequeue", "TryAdd", "TryRemove", "TryPop", "TryDequeue", "AddFirst",
        "AddLast", "RemoveFirst", "RemoveLast", "UnionWith", "IntersectWith", "ExceptWith", "SymmetricExceptWith", "Fill",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE021);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.MemoryCache is not null || symbols.ObjectCache is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, (ctx, operation) => Analyze(ctx, operation, symbols));

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation, CacheSymbols symbols)
    {
        if (operation.Technology is not (CacheTechnology.MemoryCache or CacheTechnology.RuntimeCaching))
        {
            return;
        }

        var (variable, stored) = GetTrackedVariable(operation);
        if (variable is null || !IsMutableReferenceType(GetType(variable)))
        {
            return;
        }

        var cacheCall = operation.Invocation;
        var body = ExecutionOrder.GetExecutableRoot(cacheCall);
        IOperation? mutation = null;
        string? what = null;
        foreach (var descendant in body.Descendants())
        {
            if (descendant.Syntax.SpanStart <= cacheCall.Syntax.Span.End || (mutation is not null && descendant.Syntax.SpanStart >= mutation.Syntax.SpanStart))
            {
                continue;
            }

            var description = DescribeMutation(descendant, variable);
            if (description is not null && ExecutionOrder.RunsBefore(cacheCall, descendant) && IsLastBinding(cacheCall, descendant, variable, body, symbols))
            {
                mutation = descendant;
                what = description;
            }
        }

        if (mutation is null)
        {
            return;
        }

        var location = mutation switch
        {
            IInvocationOperation invocation => CodeContext.GetNameLocation(invocation),
            IAssignmentOperation assignment => assignment.Target.Syntax.GetLocation(),
            IIncrementOrDecrementOperation increment => increment.Target.Syntax.GetLocation(),
            _ => mutation.Syntax.GetLocation(),
        };
        var message = stored
            ? $"'{variable.Name}' was stored in the cache by '{operation.Method.Name}', and {what} afterwards changes the cached entry that every caller shares, without synchronization; store a copy, or stop changing it once cached"
            : $"'{variable.Name}' is the instance the in-process cache shares with every caller ('{operation.Method.Name}'): {what} changes the cached entry for all of them, without synchronization; change a copy, or cache an immutable type";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE021, location, message));
    }

    /// <summary>The local or parameter that holds the cached instance after <paramref name="operation"/>, and whether it was stored (Set) rather than read.</summary>
    private static (ISymbol? Variable, bool Stored) GetTrackedVariable(CacheOperation operation)
    {
        var name = operation.Name;
        if (operation.Kind == CacheOperationKind.Write)
        {
            if (name is not ("Set" or "Add") || operation.ValueArgument is null)
            {
                return default;
            }

            return operation.ValueArgument.Value.WalkDownConversions() switch
            {
                ILocalReferenceOperation local => (local.Local, true),
                IParameterReferenceOperation parameter => (parameter.Parameter, true),
                _ => default,
            };
        }

        if (name == "TryGetValue")
        {
            var value = operation.GetArgument("value")?.Value.WalkDownConversions();
            return value switch
            {
                IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } => (declared.Local, false),
                ILocalReferenceOperation local => (local.Local, false),
                _ => default,
            };
        }

        if (name is not ("Get" or "GetOrCreate"))
        {
            return default;
        }

        IOperation current = operation.Invocation;
        for (var depth = 0; depth < 8 && current.Parent is { } parent; depth++)
        {
            switch (parent)
            {
                case IConversionOperation or IAwaitOperation or IParenthesizedOperation:
                case ICoalesceOperation coalesce when ReferenceEquals(coalesce.Value, current):
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure when ReferenceEquals(configure.Instance, current):
                    current = parent;
                    continue;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return (declarator.Symbol, false);
                case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, current) && assignment.Target is ILocalReferenceOperation target:
                    return (target.Local, false);
                default:
                    return default;
            }
        }

        return default;
    }

    /// <summary>
    /// True when the cache call is the last binding of <paramref name="variable"/> before <paramref name="mutation"/>: no plain
    /// assignment and no other cache call binding it lies between them.
    /// </summary>
    private static bool IsLastBinding(IInvocationOperation cacheCall, IOperation mutation, ISymbol variable, IOperation body, CacheSymbols symbols)
    {
        var start = cacheCall.Syntax.Span.End;
        foreach (var descendant in body.Descendants())
        {
            var position = descendant.Syntax.SpanStart;
            if (position <= start || position >= mutation.Syntax.SpanStart || !ExecutionOrder.RunsBefore(descendant, mutation))
            {
                continue;
            }

            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, variable) && declarator.GetVariableInitializer() is not null:
                case ISimpleAssignmentOperation assignment when assignment.Target.IsReferenceTo(variable):
                case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument when argument.Value.IsReferenceTo(variable) && !IsWithin(argument, cacheCall):
                    return false;
                case IInvocationOperation invocation when !ReferenceEquals(invocation, cacheCall) && BindsVariable(invocation, variable, symbols):
                    return false;
            }
        }

        return true;
    }

    private static bool IsWithin(IOperation operation, IOperation ancestor) => ExecutionOrder.IsWithin(operation, ancestor);

    private static bool BindsVariable(IInvocationOperation invocation, ISymbol variable, CacheSymbols symbols)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value.IsReferenceTo(variable))
            {
                var other = CacheOperationRecognizer.Recognize(invocation, symbols);
                return other is not null && other.Technology is CacheTechnology.MemoryCache or CacheTechnology.RuntimeCaching &&
                       SymbolEqualityComparer.Default.Equals(GetTrackedVariable(other).Variable, variable);
            }
        }

        return false;
    }

    /// <summary>A short description of how <paramref name="operation"/> mutates the object <paramref name="variable"/> refers to, or null.</summary>
    private static string? DescribeMutation(IOperation operation, ISymbol variable)
    {
        switch (operation)
        {
            case IInvocationOperation { Instance: { } instance } invocation when
                !invocation.TargetMethod.IsStatic && Mutators.Contains(invocation.TargetMethod.Name) &&
                IsRootedAt(instance, variable) && IsMutableReferenceType(instance.WalkDownConversions().Type):
                return $"'{invocation.TargetMethod.Name}'";
            case IAssignmentOperation assignment when IsMemberOf(assignment.Target, variable):
                return $"setting '{Describe(assignment.Target)}'";
            case IIncrementOrDecrementOperation increment when IsMemberOf(increment.Target, variable):
                return $"changing '{Describe(increment.Target)}'";
            default:
                return null;
        }
    }

    private static string Describe(IOperation target)
    {
        var text = target.Syntax.ToString();
        return text.Length > 40 ? text.Substring(0, 37) + "..." : text;
    }

    /// <summary>True when <paramref name="target"/> is a member, element or indexer of the object <paramref name="variable"/> refers to (not the variable itself).</summary>
    private static bool IsMemberOf(IOperation target, ISymbol variable)
    {
        var op = target.WalkDownConversions();
        var instance = op switch
        {
            IPropertyReferenceOperation property => property.Instance,
            IFieldReferenceOperation field => field.Instance,
            IArrayElementReferenceOperation element => element.ArrayReference,
            _ => null,
        };
        return instance is not null && IsRootedAt(instance, variable) && IsMutableReferenceType(instance.WalkDownConversions().Type);
    }

    /// <summary>True when the member chain (<c>x</c>, <c>x.Items</c>, <c>x.Items[0].Tags</c>) starts at <paramref name="variable"/>.</summary>
    private static bool IsRootedAt(IOperation instance, ISymbol variable)
    {
        var current = instance;
        for (var depth = 0; depth < 8; depth++)
        {
            current = current.WalkDownConversions();
            switch (current)
            {
                case ILocalReferenceOperation or IParameterReferenceOperation:
                    return current.IsReferenceTo(variable);
                case IPropertyReferenceOperation { Instance: { } next }:
                    current = next;
                    continue;
                case IFieldReferenceOperation { Instance: { } next }:
                    current = next;
                    continue;
                case IArrayElementReferenceOperation element:
                    current = element.ArrayReference;
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    private static ITypeSymbol? GetType(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        _ => null,
    };

    /// <summary>A reference type whose instances can change: not string, delegate, immutable/frozen/read-only collections, concurrent or threading types.</summary>
    internal static bool IsMutableReferenceType(ITypeSymbol? type)
    {
        if (type is null || !type.IsReferenceType || type.SpecialType == SpecialType.System_String || type.TypeKind is TypeKind.Delegate or TypeKind.Error)
        {
            return false;
        }

        if (type is IArrayTypeSymbol)
        {
            return true;
        }

        if (type.Name.StartsWith("IReadOnly", StringComparison.Ordinal) || type.Name.StartsWith("ReadOnly", StringComparison.Ordinal) ||
            type.Name.StartsWith("Immutable", StringComparison.Ordinal) || type.Name.StartsWith("Frozen", StringComparison.Ordinal))
        {
            return false;
        }

        var ns = type.ContainingNamespace;
        return !SymbolNames.IsInNamespace(ns, "System.Collections.Immutable") && !SymbolNames.IsInNamespace(ns, "System.Collections.Frozen") &&
               !SymbolNames.IsInNamespace(ns, "System.Collections.Concurrent") && !SymbolNames.IsInNamespaceOrChild(ns, "System.Threading") &&
               !SymbolNames.HasAttribute(type, "System.ComponentModel", "ImmutableObjectAttribute");
    }
}
