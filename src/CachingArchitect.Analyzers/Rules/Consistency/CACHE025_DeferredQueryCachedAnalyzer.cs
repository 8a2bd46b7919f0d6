using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Consistency;

/// <summary>
/// CACHE025 — a deferred sequence (<c>IQueryable&lt;T&gt;</c>, or a lazy LINQ chain over a queryable or an iterator method) is
/// stored in a cache: as the value of a write, as the result of a read-through factory, or serialized into a distributed cache.
/// The cache then holds the query, not its results. Classification comes from <see cref="DataAccess.IsDeferredSequence"/>, so a
/// LINQ chain over an in-memory collection is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeferredQueryCachedAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: how the fix materializes (<see cref="MaterializeToList"/> or <see cref="MaterializeToListAsync"/>); absent when no fix applies.</summary>
    public const string MaterializeProperty = "Materialize";

    public const string MaterializeToList = "ToList";

    public const string MaterializeToListAsync = "ToListAsync";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE025);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var toListAsync = symbols.Compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions") is { } ef &&
                          !ef.GetMembers("ToListAsync").IsEmpty;
        var list = symbols.Compilation.GetTypeByMetadataName("System.Collections.Generic.List`1");
        RegisterCacheOperationAction(context, symbols, (ctx, operation) => Analyze(ctx, operation, toListAsync, list));
    }

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation, bool toListAsync, INamedTypeSymbol? list)
    {
        switch (operation.Kind)
        {
            case CacheOperationKind.Write when operation.ValueArgument is { } value:
                if (DataAccess.IsDeferredSequence(value.Value))
                {
                    Report(context, operation, operation.Invocation, value.Value.WalkDownConversions(), value.Parameter?.Type, toListAsync, list, "is stored in the cache");
                }
                else if (FindSerializedDeferred(value.Value) is var (serializer, serialized) && serializer is not null && serialized is not null)
                {
                    Report(context, operation, serializer, serialized.Value.WalkDownConversions(), serialized.Parameter?.Type, toListAsync, list, "is serialized into the cache");
                }

                break;
            case CacheOperationKind.ReadThrough when operation.FactoryArgument is { } factory:
                var lambda = GetLambda(factory.Value);
                if (lambda is null)
                {
                    break;
                }

                var returnType = UnwrapTask(lambda.Symbol.ReturnType);
                foreach (var returned in GetReturnedValues(lambda))
                {
                    if (DataAccess.IsDeferredSequence(returned))
                    {
                        Report(context, operation, operation.Invocation, returned.WalkDownConversions(), returnType, toListAsync, list, "is returned by the cache factory and cached");
                    }
                }

                break;
        }
    }

    private static void Report(
        OperationAnalysisContext context,
        CacheOperation operation,
        IInvocationOperation owner,
        IOperation deferred,
        ITypeSymbol? targetType,
        bool toListAsync,
        INamedTypeSymbol? list,
        string what)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        var materialize = ChooseMaterialization(owner, deferred, targetType, toListAsync, list);
        if (materialize is not null)
        {
            properties[MaterializeProperty] = materialize;
        }

        var text = deferred.Syntax.ToString();
        if (text.Length > 60)
        {
            text = text.Substring(0, 57) + "...";
        }

        var kind = DataAccess.IsQueryable(deferred.Type) ? "a query (IQueryable)" : "a deferred LINQ sequence";
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE025,
            deferred.Syntax.GetLocation(),
            properties.ToImmutable(),
            $"'{text}' is {kind} that {what} by '{operation.Method.Name}': the cache holds the query, not its results, so it runs again on every read and throws once its DbContext is disposed; materialize it with {(materialize == MaterializeToListAsync ? "ToListAsync()" : "ToList()")}"));
    }

    /// <summary>
    /// The fix materializes with <c>ToList()</c> (or <c>await ToListAsync()</c> for an EF Core query in an async body) when a
    /// <c>List&lt;T&gt;</c> fits where the value goes: the target type accepts it, or the cache call's type argument is inferred.
    /// </summary>
    private static string? ChooseMaterialization(IInvocationOperation owner, IOperation deferred, ITypeSymbol? targetType, bool toListAsync, INamedTypeSymbol? list)
    {
        var element = GetElementType(deferred.Type);
        if (element is null || list is null || deferred.SemanticModel is null)
        {
            return null;
        }

        var materialized = list.Construct(element);
        var fits = targetType is null ||
                   deferred.SemanticModel.Compilation.ClassifyCommonConversion(materialized, targetType).IsImplicit ||
                   (owner.TargetMethod.IsGenericMethod && !HasExplicitTypeArguments(owner.Syntax));
        if (!fits)
        {
            return null;
        }

        return toListAsync && DataAccess.IsQueryable(deferred.Type) && IsEntityFrameworkQuery(deferred) && IsInAsyncBody(deferred.Syntax)
            ? MaterializeToListAsync
            : MaterializeToList;
    }

    /// <summary>A serializer call (<c>JsonSerializer.Serialize*</c>, <c>JsonConvert.SerializeObject</c>…) in the written value whose input is deferred.</summary>
    private static (IInvocationOperation? Serializer, IArgumentOperation? Argument) FindSerializedDeferred(IOperation value)
    {
        var resolved = ValueTracer.Resolve(value) ?? value.WalkDownConversions();
        if (resolved is not IInvocationOperation invocation || !invocation.TargetMethod.Name.StartsWith("Serialize", System.StringComparison.Ordinal))
        {
            return default;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (DataAccess.IsDeferredSequence(argument.Value))
            {
                return (invocation, argument);
            }
        }

        return default;
    }

    private static IAnonymousFunctionOperation? GetLambda(IOperation factory)
    {
        var op = factory.WalkDownConversions();
        if (op is IDelegateCreationOperation creation)
        {
            op = creation.Target.WalkDownConversions();
        }

        return op as IAnonymousFunctionOperation;
    }

    /// <summary>The values the lambda returns (its own returns only), with <c>Task.FromResult(x)</c> unwrapped.</summary>
    private static IEnumerable<IOperation> GetReturnedValues(IAnonymousFunctionOperation lambda)
    {
        var pending = new Stack<IOperation>();
        pending.Push(lambda.Body);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var child in current.ChildOperations)
            {
                if (child is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    continue;
                }

                if (child is IReturnOperation { ReturnedValue: { } returned })
                {
                    var value = returned.WalkDownConversions();
                    if (value is IInvocationOperation { TargetMethod.Name: "FromResult", Arguments.Length: 1 } fromResult)
                    {
                        value = fromResult.Arguments[0].Value;
                    }

                    yield return value;
                    continue;
                }

                pending.Push(child);
            }
        }
    }

    private static ITypeSymbol? UnwrapTask(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named &&
        named.Name is "Task" or "ValueTask" && SymbolNames.IsInNamespace(named.ContainingNamespace, "System.Threading.Tasks")
            ? named.TypeArguments[0]
            : type;

    /// <summary>The <c>T</c> of the <c>IEnumerable&lt;T&gt;</c> the type is or implements.</summary>
    internal static ITypeSymbol? GetElementType(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { Name: "IEnumerable", TypeArguments.Length: 1 } self && SymbolNames.IsInNamespace(self.ContainingNamespace, "System.Collections.Generic"))
        {
            return self.TypeArguments[0];
        }

        if (type is null)
        {
            return null;
        }

        foreach (var i in type.AllInterfaces)
        {
            if (i is { Name: "IEnumerable", TypeArguments.Length: 1 } && SymbolNames.IsInNamespace(i.ContainingNamespace, "System.Collections.Generic"))
            {
                return i.TypeArguments[0];
            }
        }

        return null;
    }

    /// <summary>True when the queryable chain starts at an EF Core <c>DbSet&lt;T&gt;</c> or passes through an EF Core operator.</summary>
    private static bool IsEntityFrameworkQuery(IOperation deferred)
    {
        var current = ValueTracer.Resolve(deferred) ?? deferred;
        for (var depth = 0; depth < 32 && current is not null; depth++)
        {
            current = current.WalkDownConversions();
            if (SymbolNames.IsOrDerivesFrom(current.Type, "Microsoft.EntityFrameworkCore", "DbSet") ||
                current.Type is not null && SymbolNames.IsInNamespaceOrChild(current.Type.ContainingNamespace, "Microsoft.EntityFrameworkCore"))
            {
                return true;
            }

            if (current is not IInvocationOperation invocation)
            {
                return false;
            }

            var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
            if (SymbolNames.IsInNamespaceOrChild(method.ContainingNamespace, "Microsoft.EntityFrameworkCore"))
            {
                return true;
            }

            current = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
        }

        return false;
    }

    private static bool IsInAsyncBody(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax function:
                    return function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case QueryExpressionSyntax or LockStatementSyntax or BaseTypeDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static bool HasExplicitTypeArguments(SyntaxNode invocation) =>
        invocation is InvocationExpressionSyntax { Expression: var expression } &&
        expression switch
        {
            MemberAccessExpressionSyntax { Name: GenericNameSyntax } => true,
            MemberBindingExpressionSyntax { Name: GenericNameSyntax } => true,
            GenericNameSyntax => true,
            _ => false,
        };
}
