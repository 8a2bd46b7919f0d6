using System.Collections.Immutable;
using System.Linq;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Performance;

/// <summary>
/// CACHE042 — N+1 round trips: inside the body of a <c>for</c>/<c>foreach</c>/<c>while</c>/<c>do</c> loop, a single-key cache read
/// (<c>StringGet</c>, <c>HashGet</c>, <c>IDistributedCache.Get[String]</c>, <c>HybridCache.GetOrCreateAsync</c>, Memcached <c>Get*</c>)
/// that is awaited one by one (or synchronous) and whose key changes per iteration. Not reported: calls collected for
/// <c>Task.WhenAll</c> (not awaited in place), <c>IBatch</c>/<c>ITransaction</c> receivers, multi-key overloads, loops over at most
/// three items known at compile time.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RoundTripsInLoopAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: the loop is the <c>foreach (x in xs) list.Add(await db.StringGetAsync(key(x)));</c> shape the MGET fix rewrites.</summary>
    public const string MgetShapeProperty = "MgetShape";

    private const int SmallLoop = 3;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE042);

    internal override bool IsApplicable(CacheSymbols symbols) =>
        symbols.RedisDatabaseAsync is not null || symbols.DistributedCache is not null || symbols.HybridCache is not null || symbols.MemcachedClient is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, (ctx, operation) => Analyze(ctx, operation, symbols));

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation, CacheSymbols symbols)
    {
        if (operation.Kind is not (CacheOperationKind.Read or CacheOperationKind.ReadThrough) || operation.IsMultiKey || operation.Key is null ||
            !IsSingleKeyRead(operation) || operation.Key.Type is IArrayTypeSymbol)
        {
            return;
        }

        var invocation = operation.Invocation;
        var isAsync = AsyncContext.IsTaskLike(invocation.TargetMethod.ReturnType);
        var awaitOperation = isAsync ? GetAwait(invocation) : null;
        if (isAsync && awaitOperation is null)
        {
            // Started here and awaited elsewhere (Task.WhenAll, a list of tasks): not one round trip per iteration.
            return;
        }

        var loop = GetEnclosingLoop(invocation);
        if (loop is null || CacheSymbols.IsOrImplements(operation.Receiver?.WalkDownConversions().Type, symbols.RedisBatch) ||
            !DependsOnLoop(operation.Key, loop) || IsSmallConstantLoop(loop))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (awaitOperation is not null && IsMgetShape(operation, awaitOperation, loop))
        {
            properties = properties.Add(MgetShapeProperty, "true");
        }

        var kind = loop is IForEachLoopOperation ? "foreach loop" : loop.LoopKind == LoopKind.For ? "for loop" : "while loop";
        var how = isAsync ? "is awaited once per iteration of the " + kind : "runs once per iteration of the " + kind;
        var suggestion = operation.Technology == CacheTechnology.Redis
            ? "fetch the keys with one multi-key call (StringGet(RedisKey[]) is MGET), an IBatch, or start the calls and await Task.WhenAll"
            : "start the calls and await Task.WhenAll, or use a multi-key API";
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE042,
            CodeContext.GetNameLocation(invocation),
            properties,
            $"'{invocation.TargetMethod.Name}' {how}: N items cost N network round trips; {suggestion}"));
    }

    private static bool IsSingleKeyRead(CacheOperation operation) => operation.Technology switch
    {
        CacheTechnology.Redis => operation.Name is "StringGet" or "HashGet" or "HashGetAll" or "StringGetWithExpiry",
        CacheTechnology.DistributedCache => operation.Name is "Get" or "GetString",
        CacheTechnology.HybridCache => operation.Name == "GetOrCreate",
        CacheTechnology.Memcached => operation.Name.StartsWith("Get", System.StringComparison.Ordinal) && operation.Name != "GetValueOrCreate",
        _ => false,
    };

    /// <summary>The <c>await</c> applied directly to the call (through conversions and <c>ConfigureAwait</c>), or null.</summary>
    private static IAwaitOperation? GetAwait(IOperation call)
    {
        var current = call;
        for (var i = 0; i < 6 && current.Parent is not null; i++)
        {
            switch (current.Parent)
            {
                case IAwaitOperation awaited:
                    return awaited;
                case IConversionOperation or IParenthesizedOperation:
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "AsTask" } wrapper when ReferenceEquals(wrapper.Instance, current):
                    current = current.Parent;
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The innermost loop whose body (or condition/increment) runs the call; lambdas and local functions stop the walk.</summary>
    private static ILoopOperation? GetEnclosingLoop(IOperation operation)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IForEachLoopOperation forEach when ReferenceEquals(child, forEach.Collection):
                    break;
                case ILoopOperation loop:
                    return loop;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// True when the key reads a local that changes per iteration: declared inside the loop (the iteration variable included),
    /// or assigned/incremented inside it.
    /// </summary>
    private static bool DependsOnLoop(IOperation key, ILoopOperation loop)
    {
        var span = loop.Syntax.Span;
        foreach (var op in key.DescendantsAndSelf())
        {
            ISymbol? symbol = op switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };
            if (symbol is null)
            {
                continue;
            }

            foreach (var location in symbol.Locations)
            {
                if (location.IsInSource && location.SourceTree == loop.Syntax.SyntaxTree && span.Contains(location.SourceSpan))
                {
                    return true;
                }
            }

            foreach (var descendant in loop.Descendants())
            {
                switch (descendant)
                {
                    case IAssignmentOperation assignment when assignment.Target.IsReferenceTo(symbol):
                    case IIncrementOrDecrementOperation increment when increment.Target.IsReferenceTo(symbol):
                        return true;
                }
            }
        }

        return false;
    }

    /// <summary><c>for (i = 0; i &lt; 3; …)</c>, <c>foreach (… in new[] { a, b })</c> or <c>in [a, b, c]</c>: at most three iterations.</summary>
    private static bool IsSmallConstantLoop(ILoopOperation loop)
    {
        switch (loop)
        {
            case IForLoopOperation { Condition: IBinaryOperation binary }:
                if (binary.RightOperand.ConstantValue is { HasValue: true, Value: int bound })
                {
                    var start = 0;
                    foreach (var before in loop.Syntax is ForStatementSyntax { Declaration.Variables: { Count: 1 } variables } ? variables : default)
                    {
                        if (before.Initializer?.Value is LiteralExpressionSyntax { Token.Value: int s })
                        {
                            start = s;
                        }
                    }

                    var count = binary.OperatorKind switch
                    {
                        BinaryOperatorKind.LessThan => bound - start,
                        BinaryOperatorKind.LessThanOrEqual => bound - start + 1,
                        _ => int.MaxValue,
                    };
                    return count <= SmallLoop;
                }

                return false;
            case IForEachLoopOperation forEach:
                var collection = forEach.Collection.WalkDownConversions();
                if (collection is ILocalReferenceOperation local && ValueTracer.GetSingleAssignment(local.Local, collection) is { } assigned)
                {
                    collection = assigned.WalkDownConversions();
                }

                if (collection is IArrayCreationOperation { Initializer: { } initializer })
                {
                    return initializer.ElementValues.Length <= SmallLoop;
                }

                return collection.Syntax is CollectionExpressionSyntax expression && expression.Elements.Count <= SmallLoop &&
                       !expression.Elements.Any(e => e is SpreadElementSyntax);
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>foreach (var x in xs) { list.Add(await db.StringGetAsync(key)); }</c> with a single statement, <c>list</c> a
    /// <c>List&lt;RedisValue&gt;</c> declared outside the loop, the key the only explicit argument, and a plain <c>var</c>/typed
    /// iteration variable: the fix turns it into one MGET.
    /// </summary>
    private static bool IsMgetShape(CacheOperation operation, IAwaitOperation awaitOperation, ILoopOperation loop)
    {
        if (operation.Technology != CacheTechnology.Redis || operation.Invocation.TargetMethod.Name != "StringGetAsync" ||
            loop is not IForEachLoopOperation { Syntax: ForEachStatementSyntax { AwaitKeyword.RawKind: 0 } syntax } ||
            operation.Receiver?.WalkDownConversions() is null)
        {
            return false;
        }

        foreach (var argument in operation.Invocation.Arguments)
        {
            if (!ReferenceEquals(argument, operation.KeyArgument) && argument.IsExplicit())
            {
                return false;
            }
        }

        var statement = syntax.Statement is BlockSyntax { Statements.Count: 1 } block ? block.Statements[0] : syntax.Statement;
        if (statement is not ExpressionStatementSyntax expressionStatement ||
            awaitOperation.Parent is not IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Add" } add } ||
            !ReferenceEquals(add.Syntax, expressionStatement.Expression) ||
            add.TargetMethod.ContainingType is not { Name: "List", TypeArguments: { Length: 1 } typeArguments } ||
            !SymbolNames.Is(typeArguments[0], "StackExchange.Redis", "RedisValue") ||
            !LoopContext.IsInvariant(add.Instance, loop) || !LoopContext.IsInvariant(operation.Receiver, loop))
        {
            return false;
        }

        return true;
    }
}
