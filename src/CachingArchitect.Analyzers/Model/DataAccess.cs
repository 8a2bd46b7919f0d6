using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>What a data-access or remote call does.</summary>
internal enum DataAccessKind
{
    None,

    /// <summary>Reads from a data store or service: a query that executes, a reader, an HTTP GET, a gRPC call, a file read.</summary>
    Read,

    /// <summary>A durable write: <c>SaveChanges[Async]</c>, <c>ExecuteNonQuery</c>, Dapper <c>Execute</c>, <c>ExecuteSql*</c>, Mongo/Cosmos writes.</summary>
    Write,

    /// <summary>A transaction commit (<c>IDbTransaction.Commit</c>, <c>IDbContextTransaction.CommitAsync</c>, <c>TransactionScope.Complete</c>).</summary>
    Commit,
}

/// <summary>Which family of client performs the call.</summary>
internal enum DataAccessTechnology
{
    None,
    EntityFramework,
    AdoNet,
    Dapper,
    Http,
    Grpc,
    MongoDb,
    Cosmos,
    File,
    Blob,
    Transaction,
}

/// <summary>One recognized data-access call.</summary>
internal readonly struct DataAccessCall
{
    public DataAccessCall(DataAccessKind kind, DataAccessTechnology technology, IInvocationOperation invocation)
    {
        Kind = kind;
        Technology = technology;
        Invocation = invocation;
    }

    public DataAccessKind Kind { get; }

    public DataAccessTechnology Technology { get; }

    public IInvocationOperation Invocation { get; }

    public bool IsNone => Kind == DataAccessKind.None;

    /// <summary>True for writes and commits: the call makes a change durable.</summary>
    public bool IsDurable => Kind is DataAccessKind.Write or DataAccessKind.Commit;

    /// <summary>Short description for messages, e.g. <c>SaveChangesAsync</c>.</summary>
    public string Name => Invocation.TargetMethod.Name;
}

/// <summary>
/// I/O detection shared by the rules (catalog §7, issue 3): recognizes data-store reads and durable writes (EF Core, ADO.NET,
/// Dapper, MongoDB, Cosmos DB), transaction commits, HTTP and gRPC calls, file and blob reads, and classifies LINQ values as
/// deferred queries (re-executed on every enumeration) or materialized ones. All matching is by metadata name, so a project
/// that does not reference a library pays nothing for it and no package is needed at analyzer load time.
/// </summary>
internal static class DataAccess
{
    private const string Ef = "Microsoft.EntityFrameworkCore";

    /// <summary>Classifies one invocation; <see cref="DataAccessCall.IsNone"/> when it is not data access.</summary>
    public static DataAccessCall Classify(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return default;
        }

        var name = StripAsync(method.Name);
        var (kind, tech) = ClassifyCore(invocation, method, type, name);
        return kind == DataAccessKind.None ? default : new DataAccessCall(kind, tech, invocation);
    }

    /// <summary>The first data-access call (in source order) inside <paramref name="root"/>, nested lambdas included.</summary>
    public static DataAccessCall FindFirst(IOperation? root, Func<DataAccessCall, bool>? predicate = null)
    {
        if (root is null)
        {
            return default;
        }

        foreach (var op in root.DescendantsAndSelf())
        {
            if (op is IInvocationOperation invocation)
            {
                var call = Classify(invocation);
                if (!call.IsNone && (predicate is null || predicate(call)))
                {
                    return call;
                }
            }
        }

        return default;
    }

    /// <summary>True when <paramref name="type"/> is or derives from EF Core's <c>DbContext</c>.</summary>
    public static bool IsDbContext(ITypeSymbol? type) => SymbolNames.IsOrDerivesFrom(type, Ef, "DbContext");

    /// <summary>True when <paramref name="type"/> is <c>IQueryable</c>/<c>IQueryable&lt;T&gt;</c> or implements it (a <c>DbSet&lt;T&gt;</c>, an EF include chain).</summary>
    public static bool IsQueryable(ITypeSymbol? type) =>
        type is not null && (SymbolNames.IsOrImplements(type, "System.Linq", "IQueryable") || IsNamed(type, "System.Linq", "IQueryable"));

    /// <summary>
    /// True when <paramref name="value"/> is a deferred sequence: an <c>IQueryable</c>, or an <c>IEnumerable&lt;T&gt;</c> built by LINQ
    /// operators (or <c>AsEnumerable</c>) over a queryable or an iterator method, without a materializing call. Such a value
    /// re-runs its query on every enumeration, or throws once its <c>DbContext</c> is disposed.
    /// </summary>
    public static bool IsDeferredSequence(IOperation? value) => IsDeferredSequence(value, 0);

    /// <summary>
    /// True when <paramref name="value"/> materializes a whole query (<c>ToList</c>, <c>ToArray</c>, <c>ToDictionary</c>,
    /// <c>ToHashSet</c>, their <c>…Async</c> forms) over a queryable chain that neither pages (<c>Take</c>) nor filters (<c>Where</c>).
    /// </summary>
    public static bool IsUnpagedQueryMaterialization(IOperation? value)
    {
        var op = Unwrap(value);
        if (op is not IInvocationOperation invocation)
        {
            return false;
        }

        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        if (StripAsync(method.Name) is not ("ToList" or "ToArray" or "ToDictionary" or "ToHashSet" or "ToLookup"))
        {
            return false;
        }

        var source = FirstArgumentOrReceiver(invocation);
        var sawQueryable = false;
        for (var depth = 0; source is not null && depth < 32; depth++)
        {
            source = Unwrap(source);
            if (IsQueryable(source?.Type))
            {
                sawQueryable = true;
            }

            if (source is not IInvocationOperation step)
            {
                break;
            }

            var stepName = (step.TargetMethod.ReducedFrom ?? step.TargetMethod).Name;
            if (stepName is "Take" or "TakeLast" or "TakeWhile" or "Where" or "First" or "Single" or "Chunk" or "Skip" or "Page" or "DistinctBy" or "GroupBy")
            {
                return false;
            }

            source = FirstArgumentOrReceiver(step);
        }

        return sawQueryable;
    }

    private static bool IsDeferredSequence(IOperation? value, int depth)
    {
        if (value is null || depth > 8)
        {
            return false;
        }

        var op = Unwrap(value);
        if (op is null)
        {
            return false;
        }

        if (op is ILocalReferenceOperation)
        {
            var resolved = ValueTracer.Resolve(op);
            return resolved is not null && !ReferenceEquals(resolved, op) && IsDeferredSequence(resolved, depth + 1);
        }

        var type = op.Type;
        if (IsQueryable(type))
        {
            return true;
        }

        // IAsyncEnumerable<T>: EF Core's AsAsyncEnumerable() or an async iterator method streams from the source on every enumeration.
        if (IsNamed(type, "System.Collections.Generic", "IAsyncEnumerable") && op is IInvocationOperation asyncInvocation)
        {
            var asyncMethod = asyncInvocation.TargetMethod.ReducedFrom ?? asyncInvocation.TargetMethod;
            return IsIteratorMethod(asyncInvocation.TargetMethod) ||
                   (asyncMethod.Name == "AsAsyncEnumerable" && SymbolNames.IsInNamespaceOrChild(asyncMethod.ContainingNamespace, Ef));
        }

        if (!IsEnumerableInterface(type) || op is not IInvocationOperation invocation)
        {
            return false;
        }

        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        if (IsIteratorMethod(invocation.TargetMethod))
        {
            return true;
        }

        if (!SymbolNames.Is(method.ContainingType, "System.Linq", "Enumerable"))
        {
            return false;
        }

        // A LINQ-to-objects operator that returns a lazy sequence: deferred when its source is.
        var source = FirstArgumentOrReceiver(invocation);
        return source is not null && (IsQueryable(Unwrap(source)?.Type) || IsDeferredSequence(source, depth + 1));
    }

    private static (DataAccessKind, DataAccessTechnology) ClassifyCore(IInvocationOperation invocation, IMethodSymbol method, INamedTypeSymbol type, string name)
    {
        var ns = type.ContainingNamespace;

        // EF Core
        if (IsDbContext(type) || SymbolNames.Is(type, Ef, "DbContext"))
        {
            return name switch
            {
                "SaveChanges" => (DataAccessKind.Write, DataAccessTechnology.EntityFramework),
                "Find" => (DataAccessKind.Read, DataAccessTechnology.EntityFramework),
                _ => default,
            };
        }

        if (SymbolNames.Is(type, Ef, "DbSet") && name is "Find")
        {
            return (DataAccessKind.Read, DataAccessTechnology.EntityFramework);
        }

        if (SymbolNames.IsInNamespaceOrChild(ns, Ef))
        {
            if (type.Name is "RelationalDatabaseFacadeExtensions" && name.StartsWith("ExecuteSql", StringComparison.Ordinal))
            {
                return (DataAccessKind.Write, DataAccessTechnology.EntityFramework);
            }

            if (name is "ExecuteUpdate" or "ExecuteDelete")
            {
                return (DataAccessKind.Write, DataAccessTechnology.EntityFramework);
            }

            if (type.Name is "IDbContextTransaction" or "RelationalTransaction" && name is "Commit")
            {
                return (DataAccessKind.Commit, DataAccessTechnology.Transaction);
            }

            if (type.Name is "EntityFrameworkQueryableExtensions" or "RelationalQueryableExtensions"
                && !IsQueryable(method.ReturnType) && !IsNamed(method.ReturnType, "System.Collections.Generic", "IAsyncEnumerable")
                && method.Name.EndsWith("Async", StringComparison.Ordinal))
            {
                return (DataAccessKind.Read, DataAccessTechnology.EntityFramework);
            }

            return default;
        }

        // LINQ operators that execute a query: Queryable.First/Count/Any…, or Enumerable.ToList/… over an IQueryable.
        if (SymbolNames.Is(type, "System.Linq", "Queryable"))
        {
            return IsQueryable(method.ReturnType) ? default : (DataAccessKind.Read, DataAccessTechnology.EntityFramework);
        }

        if (SymbolNames.Is(type, "System.Linq", "Enumerable"))
        {
            var source = FirstArgumentOrReceiver(invocation);
            return !IsEnumerableInterface(method.ReturnType) && source is not null && IsQueryable(Unwrap(source)?.Type)
                ? (DataAccessKind.Read, DataAccessTechnology.EntityFramework)
                : default;
        }

        // ADO.NET
        if (SymbolNames.IsOrImplements(type, "System.Data", "IDbCommand") || SymbolNames.IsOrDerivesFrom(type, "System.Data.Common", "DbCommand"))
        {
            return name switch
            {
                "ExecuteNonQuery" => (DataAccessKind.Write, DataAccessTechnology.AdoNet),
                "ExecuteReader" or "ExecuteScalar" => (DataAccessKind.Read, DataAccessTechnology.AdoNet),
                _ => default,
            };
        }

        if (SymbolNames.IsOrImplements(type, "System.Data", "IDbTransaction") || SymbolNames.IsOrDerivesFrom(type, "System.Data.Common", "DbTransaction"))
        {
            return name is "Commit" ? (DataAccessKind.Commit, DataAccessTechnology.Transaction) : default;
        }

        if (SymbolNames.Is(type, "System.Transactions", "TransactionScope"))
        {
            return name is "Complete" ? (DataAccessKind.Commit, DataAccessTechnology.Transaction) : default;
        }

        // Dapper
        if (SymbolNames.Is(type, "Dapper", "SqlMapper"))
        {
            if (name is "Execute")
            {
                return (DataAccessKind.Write, DataAccessTechnology.Dapper);
            }

            return name.StartsWith("Query", StringComparison.Ordinal) || name.StartsWith("ExecuteScalar", StringComparison.Ordinal) || name.StartsWith("ExecuteReader", StringComparison.Ordinal)
                ? (DataAccessKind.Read, DataAccessTechnology.Dapper)
                : default;
        }

        // HTTP
        if (SymbolNames.IsOrDerivesFrom(type, "System.Net.Http", "HttpClient") || SymbolNames.IsOrDerivesFrom(type, "System.Net.Http", "HttpMessageInvoker"))
        {
            return name.StartsWith("Get", StringComparison.Ordinal) || name.StartsWith("Send", StringComparison.Ordinal)
                ? (DataAccessKind.Read, DataAccessTechnology.Http)
                : name.StartsWith("Post", StringComparison.Ordinal) || name.StartsWith("Put", StringComparison.Ordinal)
                  || name.StartsWith("Delete", StringComparison.Ordinal) || name.StartsWith("Patch", StringComparison.Ordinal)
                    ? (DataAccessKind.Write, DataAccessTechnology.Http)
                    : default;
        }

        if (SymbolNames.IsInNamespace(ns, "System.Net.Http.Json") && type.Name is "HttpClientJsonExtensions")
        {
            return name.StartsWith("Get", StringComparison.Ordinal) ? (DataAccessKind.Read, DataAccessTechnology.Http) : (DataAccessKind.Write, DataAccessTechnology.Http);
        }

        // gRPC: generated clients derive from Grpc.Core.ClientBase; calls return AsyncUnaryCall<T> or the response.
        if (SymbolNames.IsOrDerivesFrom(type, "Grpc.Core", "ClientBase") || IsNamed(method.ReturnType, "Grpc.Core", "AsyncUnaryCall"))
        {
            return (DataAccessKind.Read, DataAccessTechnology.Grpc);
        }

        // MongoDB
        if (SymbolNames.IsInNamespaceOrChild(ns, "MongoDB.Driver") && (type.Name.StartsWith("IMongoCollection", StringComparison.Ordinal) || type.Name is "MongoCollectionBase"))
        {
            if (name.StartsWith("Insert", StringComparison.Ordinal) || name.StartsWith("Update", StringComparison.Ordinal) || name.StartsWith("Replace", StringComparison.Ordinal)
                || name.StartsWith("Delete", StringComparison.Ordinal) || name.StartsWith("BulkWrite", StringComparison.Ordinal) || name.StartsWith("FindOneAnd", StringComparison.Ordinal))
            {
                return (DataAccessKind.Write, DataAccessTechnology.MongoDb);
            }

            return name.StartsWith("Find", StringComparison.Ordinal) || name.StartsWith("Aggregate", StringComparison.Ordinal) || name.StartsWith("Count", StringComparison.Ordinal)
                ? (DataAccessKind.Read, DataAccessTechnology.MongoDb)
                : default;
        }

        // Cosmos DB
        if (SymbolNames.IsOrDerivesFrom(type, "Microsoft.Azure.Cosmos", "Container"))
        {
            if (name is "CreateItem" or "UpsertItem" or "ReplaceItem" or "DeleteItem" or "PatchItem" or "CreateItemStream" or "UpsertItemStream"
                or "ReplaceItemStream" or "DeleteItemStream" or "PatchItemStream")
            {
                return (DataAccessKind.Write, DataAccessTechnology.Cosmos);
            }

            return name.StartsWith("Read", StringComparison.Ordinal) || name.StartsWith("GetItemQuery", StringComparison.Ordinal)
                ? (DataAccessKind.Read, DataAccessTechnology.Cosmos)
                : default;
        }

        if (SymbolNames.IsOrDerivesFrom(type, "Microsoft.Azure.Cosmos", "TransactionalBatch") && name is "Execute")
        {
            return (DataAccessKind.Write, DataAccessTechnology.Cosmos);
        }

        // Files and blobs (reads only: writing files is not what caches care about).
        if (SymbolNames.Is(type, "System.IO", "File") && (name.StartsWith("Read", StringComparison.Ordinal) || name.StartsWith("Open", StringComparison.Ordinal)))
        {
            return (DataAccessKind.Read, DataAccessTechnology.File);
        }

        if (SymbolNames.IsInNamespaceOrChild(ns, "Azure.Storage.Blobs") && (name.StartsWith("Download", StringComparison.Ordinal) || name.StartsWith("OpenRead", StringComparison.Ordinal)))
        {
            return (DataAccessKind.Read, DataAccessTechnology.Blob);
        }

        return default;
    }

    /// <summary>True for a method declared in source whose body is an iterator (<c>yield return</c>).</summary>
    private static bool IsIteratorMethod(IMethodSymbol method)
    {
        if (method.DeclaringSyntaxReferences.Length == 0 ||
            !(IsEnumerableInterface(method.ReturnType) || IsNamed(method.ReturnType, "System.Collections.Generic", "IAsyncEnumerable")))
        {
            return false;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.YieldStatementSyntax)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsEnumerableInterface(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && named.ContainingNamespace?.ToDisplayString() is "System.Collections.Generic" or "System.Linq"
        && named.Name is "IEnumerable" or "IOrderedEnumerable";

    private static IOperation? FirstArgumentOrReceiver(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.IsExtensionMethod || invocation.TargetMethod.ReducedFrom is not null)
        {
            return invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : invocation.Instance;
        }

        return invocation.Instance;
    }

    private static IOperation? Unwrap(IOperation? operation)
    {
        var op = operation?.WalkDownConversions();
        while (op is IAwaitOperation await)
        {
            op = await.Operation.WalkDownConversions();
        }

        if (op is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance is not null)
        {
            op = Unwrap(configure.Instance);
        }

        return op;
    }

    private static bool IsNamed(ITypeSymbol? type, string ns, string name) =>
        type is INamedTypeSymbol named && named.Name == name && SymbolNames.IsInNamespace(named.ContainingNamespace, ns);

    private static string StripAsync(string name) =>
        name.EndsWith("Async", StringComparison.Ordinal) && name.Length > 5 ? name.Substring(0, name.Length - 5) : name;
}
