using System;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Performance;

/// <summary>
/// CACHE041 — blocking cache I/O on an async path (an <c>async</c> or <c>Task</c>-returning function, or a request-path entry point):
/// (a) synchronous SE.Redis <c>IDatabase</c>/<c>IServer</c>/<c>ISubscriber</c> members that have an <c>…Async</c> twin;
/// (b) synchronous <c>IDistributedCache</c> members and <c>DistributedCacheExtensions</c>;
/// (c) <c>.Result</c>/<c>.Wait()</c>/<c>.GetAwaiter().GetResult()</c> on tasks of <c>IDistributedCache</c>, HybridCache, FusionCache,
/// Memcached or <c>IMemoryCache.GetOrCreateAsync</c>; (d) the same on SE.Redis tasks, unless deferred to SER307
/// (<c>caching_architect.defer_to_ser307</c>). <c>CommandFlags.FireAndForget</c> calls never block and are skipped.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCacheIoAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: the blocking shape (<see cref="FormTwin"/>, <see cref="FormResult"/>, <see cref="FormWait"/>, <see cref="FormGetResult"/>).</summary>
    public const string FormProperty = "Form";

    public const string FormTwin = "Twin";
    public const string FormResult = "Result";
    public const string FormWait = "Wait";
    public const string FormGetResult = "GetResult";

    /// <summary>Diagnostic property: the name of the <c>…Async</c> twin (form <see cref="FormTwin"/>).</summary>
    public const string TwinProperty = "Twin";

    /// <summary>Diagnostic property: the <see cref="AsyncPathKind"/> of the executing function.</summary>
    public const string PathProperty = "Path";

    /// <summary>Diagnostic property: present when <c>await</c> cannot be added in place (synchronous LINQ lambda).</summary>
    public const string NoFixProperty = "NoFix";

    public const string Ser307Id = "SER307";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE041);

    internal override bool IsApplicable(CacheSymbols symbols) =>
        symbols.RedisDatabaseAsync is not null || symbols.DistributedCache is not null || symbols.HybridCache is not null ||
        symbols.FusionCache is not null || symbols.MemcachedClient is not null || symbols.MemoryCacheExtensions is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var state = new State(symbols, RedisLibraryFacts.Get(context.Compilation));
        // Every form needs a call on a cache API in the same body: the blocking call itself, or the call producing the awaited task.
        RegisterOperationActionInCacheBlocks(context, symbols, state.AnalyzeInvocation, OperationKind.Invocation);
        RegisterOperationActionInCacheBlocks(context, symbols, state.AnalyzeResult, OperationKind.PropertyReference);
    }

    private sealed class State
    {
        private const CacheTypeRoles RedisApi = CacheTypeRoles.RedisDatabaseAsync | CacheTypeRoles.RedisServer | CacheTypeRoles.RedisSubscriber;

        private readonly CacheSymbols _symbols;
        private readonly RedisLibraryFacts _redis;

        public State(CacheSymbols symbols, RedisLibraryFacts redis)
        {
            _symbols = symbols;
            _redis = redis;
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            var name = method.Name;
            if (name == "Wait" && SymbolNames.Is(method.ContainingType, "System.Threading.Tasks", "Task"))
            {
                AnalyzeBlockingWait(context, invocation.Instance, FormWait, ".Wait()", invocation.Arguments.Length == 0);
                return;
            }

            if (name == "GetResult" && invocation.Instance?.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter &&
                IsTaskAwaiter(method.ContainingType))
            {
                AnalyzeBlockingWait(context, getAwaiter.Instance, FormGetResult, ".GetAwaiter().GetResult()", true);
                return;
            }

            if (name.EndsWith("Async", StringComparison.Ordinal) || AsyncContext.IsTaskLike(method.ReturnType))
            {
                return;
            }

            AnalyzeSynchronousCall(context, invocation);
        }

        public void AnalyzeResult(OperationAnalysisContext context)
        {
            var reference = (IPropertyReferenceOperation)context.Operation;
            if (reference.Property.Name != "Result" || !AsyncContext.IsTaskLike(reference.Property.ContainingType) || reference.Parent is IAssignmentOperation { Target: var target } && ReferenceEquals(target, reference))
            {
                return;
            }

            AnalyzeBlockingWait(context, reference.Instance, FormResult, ".Result", true);
        }

        /// <summary>(a) and (b): a synchronous call with an <c>…Async</c> twin.</summary>
        private void AnalyzeSynchronousCall(OperationAnalysisContext context, IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
            var type = method.ContainingType;
            if (type is null)
            {
                return;
            }

            // One cached lookup per type (most calls are on unrelated types), then the receiver for members inherited from IRedis[Async].
            var roles = _symbols.GetRoles(type);
            if (roles == CacheTypeRoles.None && (method.IsStatic || !_symbols.Has(invocation.Instance?.WalkDownConversions().Type, RedisApi)))
            {
                return;
            }

            string library;
            if ((roles & CacheTypeRoles.DistributedCacheExtensions) != 0)
            {
                if (method.Name is not ("Get" or "GetString" or "Set" or "SetString"))
                {
                    return;
                }

                library = "IDistributedCache";
            }
            else if ((roles & CacheTypeRoles.DistributedCache) != 0 && (roles & CacheTypeRoles.MemcachedClient) == 0)
            {
                if (method.Name is not ("Get" or "Set" or "Refresh" or "Remove"))
                {
                    return;
                }

                library = "IDistributedCache";
            }
            else if ((roles & RedisApi) != 0 || IsRedisApi(invocation.Instance?.WalkDownConversions().Type))
            {
                // Keys/KeysAsync (keyspace enumeration) is CACHE040; Wait/WaitAll/TryWait are SER308's.
                if (method.Name is "Keys" or "Wait" or "WaitAll" or "WaitAny" or "TryWait" ||
                    RedisLibraryFacts.HasFlags(invocation, RedisLibraryFacts.FireAndForget))
                {
                    return;
                }

                library = "StackExchange.Redis";
            }
            else
            {
                return;
            }

            var twin = FindAsyncTwin(invocation, method);
            if (twin is null)
            {
                return;
            }

            var path = AsyncContext.Get(invocation, context.ContainingSymbol);
            if (!path.IsAsyncPath)
            {
                return;
            }

            Report(
                context,
                CodeContext.GetNameLocation(invocation),
                path,
                FormTwin,
                twin,
                $"'{method.Name}' is a synchronous {library} call {Where(path)}: it blocks a thread-pool thread for a network round trip; await '{twin}' instead");
        }

        /// <summary>(c) and (d): a blocking wait on a cache task.</summary>
        private void AnalyzeBlockingWait(OperationAnalysisContext context, IOperation? instance, string form, string shape, bool fixable)
        {
            var source = StripTaskWrappers(instance);
            if (source is null)
            {
                return;
            }

            var producer = source;
            if (source is ILocalReferenceOperation local)
            {
                if (IsAwaitedOrChecked(local.Local, context.Operation))
                {
                    return;
                }

                producer = StripTaskWrappers(ValueTracer.GetSingleAssignment(local.Local, source));
            }

            if (producer is not IInvocationOperation call)
            {
                return;
            }

            var kind = ClassifyTask(call);
            if (kind == TaskSource.None)
            {
                return;
            }

            if (kind == TaskSource.Redis && DefersToSer307(context, call.Syntax.SyntaxTree))
            {
                return;
            }

            var path = AsyncContext.Get(context.Operation, context.ContainingSymbol);
            if (!path.IsAsyncPath)
            {
                return;
            }

            var target = (call.TargetMethod.ReducedFrom ?? call.TargetMethod).Name;
            Report(
                context,
                context.Operation.Syntax.GetLocation(),
                fixable ? path : new AsyncPath(path.Kind, path.Function, path.FunctionSyntax, isInherited: true),
                form,
                null,
                $"'{shape}' blocks on the '{target}' cache task {Where(path)}: the thread waits for a network round trip and, under load, the pool starves; await the task instead");
        }

        /// <summary>SE.Redis <c>IDatabase[Async]</c>, <c>IServer</c> or <c>ISubscriber</c> (members inherited from <c>IRedis[Async]</c> are judged by the receiver).</summary>
        private bool IsRedisApi(ITypeSymbol? type) => _symbols.Has(type, RedisApi);

        private static void Report(OperationAnalysisContext context, Location location, AsyncPath path, string form, string? twin, string message)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[FormProperty] = form;
            properties[PathProperty] = path.Kind.ToString();
            if (twin is not null)
            {
                properties[TwinProperty] = twin;
            }

            if (path.IsInherited)
            {
                properties[NoFixProperty] = "true";
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE041, location, properties.ToImmutable(), message));
        }

        private static string Where(AsyncPath path) => path.Kind switch
        {
            AsyncPathKind.AsyncFunction => "in an async method",
            AsyncPathKind.TaskReturning => "in a Task-returning method",
            _ => "on the request path",
        };

        private enum TaskSource
        {
            None,
            CacheLibrary,
            Redis,
        }

        private TaskSource ClassifyTask(IInvocationOperation call)
        {
            var method = call.TargetMethod.ReducedFrom ?? call.TargetMethod;
            var type = method.ContainingType;
            if (type is null || !AsyncContext.IsTaskLike(call.TargetMethod.ReturnType))
            {
                return TaskSource.None;
            }

            var roles = _symbols.GetRoles(type);
            if ((roles & (CacheTypeRoles.DistributedCache | CacheTypeRoles.HybridCache | CacheTypeRoles.FusionCache | CacheTypeRoles.MemcachedClient |
                          CacheTypeRoles.DistributedCacheExtensions | CacheTypeRoles.FusionCacheExtMethods)) != 0 ||
                ((roles & CacheTypeRoles.MemoryCacheExtensions) != 0 && method.Name == "GetOrCreateAsync"))
            {
                return TaskSource.CacheLibrary;
            }

            if (((roles & RedisApi) != 0 || IsRedisApi(call.Instance?.WalkDownConversions().Type)) &&
                !RedisLibraryFacts.HasFlags(call, RedisLibraryFacts.FireAndForget) &&
                !_symbols.Has(call.GetReceiver()?.WalkDownConversions().Type, CacheTypeRoles.RedisBatch))
            {
                // Tasks of commands queued on an IBatch/ITransaction complete with Execute (SER305 territory).
                return TaskSource.Redis;
            }

            return TaskSource.None;
        }

        /// <summary>
        /// <c>defer_to_ser307</c>: <c>true</c> defers, <c>false</c> never does, <c>auto</c> (default) defers when the referenced
        /// StackExchange.Redis ships SER307 (3.1.31+) and SER307 is not turned off for this file.
        /// </summary>
        private bool DefersToSer307(OperationAnalysisContext context, SyntaxTree tree)
        {
            var raw = CachingArchitectOptions.GetRaw(context.Options, tree, CachingArchitectOptions.DeferToSer307Key)?.Trim();
            if (string.Equals(raw, "true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (string.Equals(raw, "false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            return _redis.ShipsSer307 == true && !IsSer307Suppressed(context.Compilation, tree, context.CancellationToken);
        }

        private static bool IsSer307Suppressed(Compilation compilation, SyntaxTree tree, System.Threading.CancellationToken cancellationToken)
        {
            var options = compilation.Options;
            if (options.SyntaxTreeOptionsProvider is { } provider &&
                (provider.TryGetDiagnosticValue(tree, Ser307Id, cancellationToken, out var perTree) ||
                 provider.TryGetGlobalDiagnosticValue(Ser307Id, cancellationToken, out perTree)))
            {
                return perTree == ReportDiagnostic.Suppress;
            }

            return options.SpecificDiagnosticOptions.TryGetValue(Ser307Id, out var specific) && specific == ReportDiagnostic.Suppress;
        }

        /// <summary>The task expression under <c>.ConfigureAwait(…)</c>, <c>.AsTask()</c> and conversions.</summary>
        private static IOperation? StripTaskWrappers(IOperation? operation)
        {
            for (var i = 0; operation is not null && i < 8; i++)
            {
                operation = operation.WalkDownConversions();
                if (operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "AsTask", Instance: { } inner } wrapper &&
                    AsyncContext.IsTaskLike(wrapper.TargetMethod.ContainingType))
                {
                    operation = inner;
                    continue;
                }

                return operation;
            }

            return operation;
        }

        private static bool IsTaskAwaiter(INamedTypeSymbol? type) =>
            type is not null && type.Name is "TaskAwaiter" or "ValueTaskAwaiter" or "ConfiguredTaskAwaiter" or "ConfiguredValueTaskAwaiter" &&
            SymbolNames.IsInNamespaceOrChild(type.ContainingNamespace, "System.Runtime.CompilerServices");

        /// <summary>
        /// True when the task held by <paramref name="local"/> is awaited (directly or through <c>Task.WhenAll</c>/<c>WhenAny</c>) before
        /// <paramref name="use"/>, or its completion is tested (<c>IsCompleted…</c>, <c>Status</c>) in the same body: then
        /// <c>.Result</c> reads a finished task and does not block.
        /// </summary>
        private static bool IsAwaitedOrChecked(ILocalSymbol local, IOperation use)
        {
            var position = use.Syntax.SpanStart;
            foreach (var descendant in use.GetRoot().Descendants())
            {
                switch (descendant)
                {
                    case IAwaitOperation awaitOperation when awaitOperation.Syntax.SpanStart < position && References(awaitOperation.Operation, local):
                        return true;
                    case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status" } check
                        when StripTaskWrappers(check.Instance).IsReferenceTo(local):
                        return true;
                }
            }

            return false;
        }

        private static bool References(IOperation operation, ILocalSymbol local)
        {
            foreach (var op in operation.DescendantsAndSelf())
            {
                if (op is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The name of the <c>…Async</c> twin of <paramref name="method"/>: a method on the receiver's type (or its interfaces), or in the
        /// same extension class, whose leading parameters have the same types and whose extra parameters are optional.
        /// </summary>
        private static string? FindAsyncTwin(IInvocationOperation invocation, IMethodSymbol method)
        {
            var twinName = method.Name + "Async";
            if (method.IsExtensionMethod || method.IsStatic)
            {
                return HasTwin(method.ContainingType, twinName, method) ? twinName : null;
            }

            var receiverType = invocation.Instance?.WalkDownConversions().Type as INamedTypeSymbol ?? method.ContainingType;
            if (receiverType is null)
            {
                return null;
            }

            for (var type = receiverType; type is not null; type = type.BaseType)
            {
                if (HasTwin(type, twinName, method))
                {
                    return twinName;
                }
            }

            foreach (var i in receiverType.AllInterfaces)
            {
                if (HasTwin(i, twinName, method))
                {
                    return twinName;
                }
            }

            return HasTwin(method.ContainingType, twinName, method) ? twinName : null;
        }

        private static bool HasTwin(INamedTypeSymbol type, string twinName, IMethodSymbol method)
        {
            foreach (var member in type.GetMembers(twinName))
            {
                if (member is not IMethodSymbol candidate || !AsyncContext.IsTaskLike(candidate.ReturnType) ||
                    candidate.Parameters.Length < method.Parameters.Length || candidate.IsStatic != method.IsStatic)
                {
                    continue;
                }

                var matches = true;
                for (var i = 0; i < candidate.Parameters.Length && matches; i++)
                {
                    matches = i < method.Parameters.Length
                        ? SymbolEqualityComparer.Default.Equals(candidate.Parameters[i].Type, method.Parameters[i].Type)
                        : candidate.Parameters[i].IsOptional;
                }

                if (matches)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
