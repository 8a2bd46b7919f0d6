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
/// CACHE020 — a cache invalidation or update that runs before the durable write of the same method
/// (<c>SaveChanges[Async]</c>, <c>ExecuteNonQuery</c>, Dapper <c>Execute</c>, <c>ExecuteSql*</c>, <c>ExecuteUpdate/Delete</c>,
/// a transaction <c>Commit</c>, Mongo/Cosmos writes). Order, exclusive branches and the common block come from
/// <see cref="ExecutionOrder"/>, durable writes from <see cref="DataAccess"/>. Not reported: a second invalidation of the same key
/// after the write (double delete), a cache call whose path returns or throws before the write, cache calls inside callbacks
/// (lambdas run later), and — when the method names the entities it writes — a cache value or key that belongs to none of them.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CacheMutatedBeforeDurableWriteAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property present when the code fix can move the cache statement; the first additional location is the statement to move after.</summary>
    public const string MoveProperty = "Move";

    private static readonly HashSet<string> EntityChangeMethods = new(StringComparer.Ordinal)
    {
        "Add", "AddRange", "Update", "UpdateRange", "Remove", "RemoveRange", "Attach", "AttachRange", "Entry",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE020);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, (ctx, operation) => Analyze(ctx, operation, symbols));

    /// <summary>True for the cache calls the rule watches: removals and plain (unconditional) writes of one entry.</summary>
    internal static bool IsWatchedMutation(CacheOperation operation)
    {
        if (operation.Kind is not (CacheOperationKind.Write or CacheOperationKind.Invalidate) || operation.IsSetIfNotExists)
        {
            return false;
        }

        var name = operation.Name;
        return operation.Technology switch
        {
            CacheTechnology.MemoryCache or CacheTechnology.RuntimeCaching => name is "Set" or "Remove",
            CacheTechnology.DistributedCache => name is "Set" or "SetString" or "Remove",
            CacheTechnology.Redis => name is "StringSet" or "StringSetAndGet" or "KeyDelete" or "StringGetDelete",
            CacheTechnology.HybridCache => name is "Set" or "Remove" or "RemoveByTag",
            CacheTechnology.FusionCache => name is "Set" or "Remove" or "Expire" or "RemoveByTag",
            CacheTechnology.Memcached => name is "Set" or "Store" or "Replace" or "Remove",
            CacheTechnology.OutputCache => name is "EvictByTag",
            _ => false,
        };
    }

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation, CacheSymbols symbols)
    {
        // Commands queued on an IBatch/ITransaction run at Execute[Async], not where they are written.
        if (!IsWatchedMutation(operation) ||
            (operation.Technology == CacheTechnology.Redis && CacheSymbols.IsOrImplements(operation.Receiver?.WalkDownConversions().Type, symbols.RedisBatch)))
        {
            return;
        }

        var cacheCall = operation.Invocation;
        var body = ExecutionOrder.GetExecutableRoot(cacheCall);
        IInvocationOperation? first = null;
        IInvocationOperation? last = null;
        string? firstName = null;
        foreach (var descendant in body.DescendantsAndSelf())
        {
            if (descendant is not IInvocationOperation invocation || invocation.Syntax.SpanStart <= cacheCall.Syntax.Span.End)
            {
                continue;
            }

            var call = DataAccess.Classify(invocation);
            if (!call.IsDurable || call.Technology == DataAccessTechnology.Http ||
                !ExecutionOrder.RunsBefore(cacheCall, invocation) || ExitsBefore(cacheCall, invocation))
            {
                continue;
            }

            first ??= invocation;
            firstName ??= call.Name;
            last = invocation;
        }

        if (first is null || last is null || IsInvalidatedAgainAfter(operation, last, symbols) || !MayConcernWrittenEntities(operation, body))
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        var additional = new List<Location>();
        if (CanMoveAfter(operation, last, symbols) is var (target, run) && target is not null && run is not null)
        {
            properties[MoveProperty] = "true";
            additional.Add(target.GetLocation());
            additional.Add(run);
        }

        var message = operation.Kind == CacheOperationKind.Invalidate
            ? $"'{operation.Method.Name}' invalidates the cache before '{firstName}' makes the change durable: a read in between reloads the old data and caches it again for a full TTL; invalidate after the write"
            : $"'{operation.Method.Name}' updates the cache before '{firstName}' makes the change durable: if the write fails the cache serves data that was never stored, and a concurrent reader can overwrite it with the old row; update the cache after the write";
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE020,
            CodeContext.GetNameLocation(cacheCall),
            additional,
            properties.ToImmutable(),
            message));
    }

    /// <summary>True when the cache call's path leaves the method (return/throw) before it can reach <paramref name="write"/>.</summary>
    private static bool ExitsBefore(IOperation cacheCall, IOperation write)
    {
        for (var parent = cacheCall.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }

            if (parent is not IBlockOperation block)
            {
                continue;
            }

            if (ExecutionOrder.IsWithin(write, block))
            {
                return false;
            }

            var statement = ExecutionOrder.GetStatementIn(cacheCall, block);
            var after = false;
            foreach (var candidate in block.Operations)
            {
                if (ReferenceEquals(candidate, statement))
                {
                    after = true;
                    continue;
                }

                if (after && (candidate is IReturnOperation or IThrowOperation ||
                              candidate is IExpressionStatementOperation { Operation: IThrowOperation }))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Double delete: the same key is invalidated or written again after the last durable write (delayed callbacks included).</summary>
    private static bool IsInvalidatedAgainAfter(CacheOperation operation, IOperation lastWrite, CacheSymbols symbols)
    {
        var root = operation.Invocation.GetRoot();
        foreach (var descendant in root.Descendants())
        {
            if (descendant is not IInvocationOperation invocation || invocation.Syntax.SpanStart <= lastWrite.Syntax.Span.End ||
                ExecutionOrder.AreExclusive(lastWrite, invocation))
            {
                continue;
            }

            var again = CacheOperationRecognizer.Recognize(invocation, symbols);
            if (again is not null && IsWatchedMutation(again) &&
                (operation.Key is null && again.Key is null || KeyExpressions.AreSameKey(operation.Key, again.Key)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Entity correlation: when the body names the entity types it changes (<c>db.Products.Update(p)</c>, <c>db.Add(order)</c>,
    /// <c>db.Products.Where(…).ExecuteDelete()</c>), a cache value of another entity-like type, or a key whose constant first
    /// segment names none of them, is about something else. Unknown stays "may concern".
    /// </summary>
    private static bool MayConcernWrittenEntities(CacheOperation operation, IOperation body)
    {
        var entities = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var descendant in body.Descendants())
        {
            if (descendant is not IInvocationOperation invocation)
            {
                continue;
            }

            var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
            var type = method.ContainingType;
            if (EntityChangeMethods.Contains(method.Name) &&
                (DataAccess.IsDbContext(type) || SymbolNames.Is(type, "Microsoft.EntityFrameworkCore", "DbSet")))
            {
                if (SymbolNames.Is(type, "Microsoft.EntityFrameworkCore", "DbSet") && type is INamedTypeSymbol { TypeArguments.Length: 1 } set)
                {
                    entities.Add(set.TypeArguments[0]);
                }
                else if (invocation.Arguments.Length > 0 && invocation.Arguments[invocation.Arguments.Length - 1].Value.WalkDownConversions().Type is { } argumentType &&
                         argumentType.SpecialType == SpecialType.None && argumentType.TypeKind == TypeKind.Class)
                {
                    entities.Add(argumentType);
                }
                else
                {
                    return true;
                }
            }
            else if (method.Name.StartsWith("ExecuteUpdate", StringComparison.Ordinal) || method.Name.StartsWith("ExecuteDelete", StringComparison.Ordinal))
            {
                if (DataAccessElementType(invocation) is { } element)
                {
                    entities.Add(element);
                }
                else
                {
                    return true;
                }
            }
        }

        if (entities.Count == 0)
        {
            return true;
        }

        var valueType = operation.ValueArgument?.Value.WalkDownConversions().Type;
        if (valueType is INamedTypeSymbol { TypeKind: TypeKind.Class, SpecialType: SpecialType.None } named &&
            !SymbolNames.IsInNamespaceOrChild(named.ContainingNamespace, "System"))
        {
            foreach (var entity in entities)
            {
                if (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, entity.OriginalDefinition) || ContainsTypeArgument(named, entity))
                {
                    return true;
                }
            }

            return NameMatchesAny(named.Name, entities);
        }

        return KeyMayConcern(operation.Key, entities);
    }

    /// <summary>
    /// A key may concern the written entities unless it names none of them: no entity-typed value in it (<c>product.Id</c>) and
    /// constant words (<c>"shop:session:"</c> → shop, session), none of which matches an entity name.
    /// </summary>
    private static bool KeyMayConcern(IOperation? key, HashSet<ITypeSymbol> entities)
    {
        if (key is null)
        {
            return true;
        }

        var resolved = key.WalkDownConversions() is ILocalReferenceOperation ? ValueTracer.Resolve(key) ?? key : key;
        var words = new List<string>();
        foreach (var op in resolved.DescendantsAndSelf())
        {
            if (op.Type is { } type && entities.Contains(type))
            {
                return true;
            }

            if (op is ILiteralOperation { ConstantValue: { HasValue: true, Value: string literal } })
            {
                AddWords(literal, words);
            }
            else if (op is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string part } })
            {
                AddWords(part, words);
            }
        }

        if (words.Count == 0)
        {
            return true;
        }

        foreach (var word in words)
        {
            if (NameMatchesAny(word, entities))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddWords(string text, List<string> words)
    {
        var current = new System.Text.StringBuilder();
        foreach (var c in text + ":")
        {
            if (char.IsLetter(c))
            {
                current.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (c is '-' or '_' && current.Length > 0)
            {
                continue;
            }

            if (current.Length >= 3)
            {
                words.Add(current.ToString());
            }

            current.Clear();
        }
    }

    private static bool ContainsTypeArgument(INamedTypeSymbol type, ITypeSymbol entity)
    {
        foreach (var argument in type.TypeArguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.OriginalDefinition, entity.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static ITypeSymbol? DataAccessElementType(IInvocationOperation invocation)
    {
        var source = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
        return source?.WalkDownConversions().Type is INamedTypeSymbol { TypeArguments.Length: 1 } queryable ? queryable.TypeArguments[0] : null;
    }

    private static bool NameMatchesAny(string name, HashSet<ITypeSymbol> entities)
    {
        var candidate = name.ToLowerInvariant();
        foreach (var entity in entities)
        {
            var entityName = entity.Name.ToLowerInvariant();
            if (entityName.Length > 0 && (candidate.Contains(entityName) || entityName.Contains(candidate)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The statement to move the cache statement after, and the run of statements to move: the cache statement, widened over
    /// adjacent invalidation statements when it is an invalidation (so fixing each of several removals moves the same group and
    /// Fix All converges in one pass). Both statements are in one block, the cache statement is only the cache call, and nothing
    /// between the run and the write (the write's statement included) returns, jumps, calls the cache, or writes what the moved
    /// calls read. Null when the move is not safe.
    /// </summary>
    private static (SyntaxNode? Target, Location? Run) CanMoveAfter(CacheOperation operation, IInvocationOperation write, CacheSymbols symbols)
    {
        var cacheCall = operation.Invocation;
        var common = ExecutionOrder.GetCommonBlock(cacheCall, write);
        if (common is not var (block, cacheStatement, writeStatement) ||
            !IsStatementOf(cacheStatement, cacheCall) ||
            cacheStatement.Syntax.Parent is not BlockSyntax || writeStatement.Syntax.Parent != cacheStatement.Syntax.Parent ||
            writeStatement.Syntax.SpanStart <= cacheStatement.Syntax.SpanStart)
        {
            return default;
        }

        var statements = block.Operations;
        var index = statements.IndexOf(cacheStatement);
        var writeIndex = statements.IndexOf(writeStatement);
        if (index < 0 || writeIndex <= index)
        {
            return default;
        }

        var first = index;
        var end = index;
        if (operation.Kind == CacheOperationKind.Invalidate)
        {
            while (first > 0 && IsInvalidationStatement(statements[first - 1], symbols))
            {
                first--;
            }

            while (end + 1 < writeIndex && IsInvalidationStatement(statements[end + 1], symbols))
            {
                end++;
            }
        }

        var read = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        for (var i = first; i <= end; i++)
        {
            CollectReads(statements[i], read);
        }

        for (var i = end + 1; i <= writeIndex; i++)
        {
            if (!IsSafeToMoveOver(statements[i], read, operation, symbols))
            {
                return default;
            }
        }

        var span = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(statements[first].Syntax.SpanStart, statements[end].Syntax.Span.End);
        return (writeStatement.Syntax, Location.Create(writeStatement.Syntax.SyntaxTree, span));
    }

    private static bool IsStatementOf(IOperation statement, IInvocationOperation call) =>
        statement is IExpressionStatementOperation expressionStatement && IsOnlyTheCall(expressionStatement.Operation, call);

    private static bool IsInvalidationStatement(IOperation statement, CacheSymbols symbols)
    {
        if (statement is not IExpressionStatementOperation { Operation: var expression } || statement.Syntax.Parent is not BlockSyntax)
        {
            return false;
        }

        var op = expression.WalkDownConversions();
        for (var i = 0; i < 3 && op is IAwaitOperation or IInvocationOperation { TargetMethod.Name: "ConfigureAwait" }; i++)
        {
            op = op is IAwaitOperation await ? await.Operation.WalkDownConversions() : ((IInvocationOperation)op).Instance?.WalkDownConversions() ?? op;
        }

        return op is IInvocationOperation invocation && IsStatementOf(statement, invocation) &&
               CacheOperationRecognizer.Recognize(invocation, symbols) is { Kind: CacheOperationKind.Invalidate } other && IsWatchedMutation(other);
    }

    private static void CollectReads(IOperation statement, HashSet<ISymbol> read)
    {
        foreach (var op in statement.DescendantsAndSelf())
        {
            switch (op)
            {
                case ILocalReferenceOperation local:
                    read.Add(local.Local);
                    break;
                case IParameterReferenceOperation parameter:
                    read.Add(parameter.Parameter);
                    break;
                case IFieldReferenceOperation field:
                    read.Add(field.Field);
                    break;
                case IPropertyReferenceOperation property:
                    read.Add(property.Property);
                    break;
            }
        }
    }

    private static bool IsOnlyTheCall(IOperation operation, IInvocationOperation call)
    {
        var op = operation.WalkDownConversions();
        for (var i = 0; i < 4; i++)
        {
            if (ReferenceEquals(op, call))
            {
                return true;
            }

            op = op switch
            {
                IAwaitOperation await => await.Operation.WalkDownConversions(),
                IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance } => instance.WalkDownConversions(),
                _ => op,
            };
        }

        return ReferenceEquals(op, call);
    }

    private static bool IsSafeToMoveOver(IOperation statement, HashSet<ISymbol> read, CacheOperation moving, CacheSymbols symbols)
    {
        var pending = new Stack<IOperation>();
        pending.Push(statement);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            switch (current)
            {
                case IReturnOperation or IBranchOperation:
                    return false;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    continue;
                case IAssignmentOperation assignment when WritesAny(assignment.Target, read):
                case IIncrementOrDecrementOperation increment when WritesAny(increment.Target, read):
                case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument when WritesAny(argument.Value, read):
                    return false;
                case IInvocationOperation invocation when IsCacheLike(invocation) && !CommutesWith(moving, invocation, symbols):
                    return false;
            }

            foreach (var child in current.ChildOperations)
            {
                pending.Push(child);
            }
        }

        return true;
    }

    private static bool WritesAny(IOperation target, HashSet<ISymbol> read)
    {
        var op = target.WalkDownConversions();
        ISymbol? symbol = op switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        return symbol is null || read.Contains(symbol);
    }

    /// <summary>Two invalidations commute: removing several keys (or tags) in either order leaves the same cache.</summary>
    private static bool CommutesWith(CacheOperation moving, IInvocationOperation other, CacheSymbols symbols) =>
        moving.Kind == CacheOperationKind.Invalidate &&
        CacheOperationRecognizer.Recognize(other, symbols) is { Kind: CacheOperationKind.Invalidate } otherOperation && IsWatchedMutation(otherOperation);

    /// <summary>Another call on a cache between the two statements: moving the cache statement over it could change what it sees.</summary>
    private static bool IsCacheLike(IInvocationOperation invocation)
    {
        var type = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).ContainingType;
        var ns = type?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return ns.StartsWith("Microsoft.Extensions.Caching", StringComparison.Ordinal) || ns.StartsWith("StackExchange.Redis", StringComparison.Ordinal) ||
               ns.StartsWith("ZiggyCreatures.Caching", StringComparison.Ordinal) || ns.StartsWith("Enyim.Caching", StringComparison.Ordinal) ||
               ns.StartsWith("System.Runtime.Caching", StringComparison.Ordinal);
    }
}
