using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Performance;

/// <summary>
/// CACHE043 — a value written to a serializing cache (<c>IDistributedCache.Set*</c>, SE.Redis <c>StringSet</c>, HybridCache
/// <c>SetAsync</c>/<c>GetOrCreateAsync</c> factory result, <c>IMemcachedClient</c> writes) that is (a) an unpaged query
/// materialization or (b) a whole file or blob read; through serializer calls and single-assignment locals.
/// In-process caches never trigger. FusionCache is left out: whether it has an L2 is configured elsewhere.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OversizedValueAnalyzer : CacheAnalyzer
{
    private const int MaxDepth = 6;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE043);

    internal override bool IsApplicable(CacheSymbols symbols) =>
        symbols.RedisDatabaseAsync is not null || symbols.DistributedCache is not null || symbols.HybridCache is not null || symbols.MemcachedClient is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, static (ctx, operation) => Analyze(ctx, operation));

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation)
    {
        if (operation.Technology is not (CacheTechnology.DistributedCache or CacheTechnology.Redis or CacheTechnology.HybridCache or CacheTechnology.Memcached))
        {
            return;
        }

        var values = new List<IOperation>();
        if (operation.Kind == CacheOperationKind.Write && operation.ValueArgument is { } value &&
            (operation.Technology != CacheTechnology.Redis || operation.Name is "StringSet" or "StringSetAndGet" or "StringGetSet"))
        {
            values.Add(value.Value);
        }
        else if (operation.Kind == CacheOperationKind.ReadThrough && operation.Technology == CacheTechnology.HybridCache &&
                 operation.FactoryArgument?.Value.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation factory })
        {
            CollectReturns(factory.Body, values);
        }

        foreach (var candidate in values)
        {
            var reason = Classify(candidate, 0);
            if (reason is null)
            {
                continue;
            }

            var target = operation.Technology switch
            {
                CacheTechnology.HybridCache => "HybridCache (values over MaximumPayloadBytes, 1 MB by default, are not written to L2)",
                CacheTechnology.Memcached => "Memcached (items over the server's item size limit, 1 MB by default, are rejected)",
                CacheTechnology.Redis => "Redis",
                _ => "the distributed cache",
            };
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE043,
                CodeContext.GetNameLocation(operation.Invocation),
                $"'{operation.Method.Name}' caches {reason} in {target}: the value grows with the data, is slow to serialize and blocks the replies behind it; page it, split it into smaller keys, or cache a bounded projection"));
            return;
        }
    }

    private static void CollectReturns(IBlockOperation? body, List<IOperation> values)
    {
        if (body is null)
        {
            return;
        }

        foreach (var descendant in body.Descendants())
        {
            if (descendant is IReturnOperation { ReturnedValue: { } returned } && !IsInNestedFunction(descendant, body))
            {
                values.Add(returned);
            }
        }
    }

    private static bool IsInNestedFunction(IOperation operation, IOperation body)
    {
        for (var parent = operation.Parent; parent is not null && !ReferenceEquals(parent, body); parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"a whole-table query result (…)" / "a whole file read (…)", or null.</summary>
    private static string? Classify(IOperation value, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        var op = Unwrap(value);
        if (op is null)
        {
            return null;
        }

        if (op is ILocalReferenceOperation local)
        {
            var assigned = ValueTracer.GetSingleAssignment(local.Local, op);
            return assigned is null ? null : Classify(assigned, depth + 1);
        }

        if (op is not IInvocationOperation invocation)
        {
            return null;
        }

        if (DataAccess.IsUnpagedQueryMaterialization(op))
        {
            return $"an unpaged query result ('{invocation.TargetMethod.Name}' with no Take or Where)";
        }

        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        var call = DataAccess.Classify(invocation);
        if (call.Kind == DataAccessKind.Read && call.Technology is DataAccessTechnology.File or DataAccessTechnology.Blob &&
            (method.Name.StartsWith("ReadAll", System.StringComparison.Ordinal) || method.Name.StartsWith("Download", System.StringComparison.Ordinal)))
        {
            return $"a whole {(call.Technology == DataAccessTechnology.File ? "file" : "blob")} ('{method.Name}')";
        }

        // Serializers and byte/string conversions: look at what they serialize.
        if (IsSerializer(method) && invocation.Arguments.Length > 0)
        {
            return Classify(invocation.Arguments[0].Value, depth + 1);
        }

        // BinaryData/blob content: result.Value.Content.ToArray() and the like.
        if (invocation.Instance is { } instance && method.Name is "ToArray" or "ToString" or "ToMemory")
        {
            return Classify(instance, depth + 1);
        }

        return null;
    }

    private static bool IsSerializer(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        return (type.Name is "JsonSerializer" && method.Name.StartsWith("Serialize", System.StringComparison.Ordinal)) ||
               (type.Name is "JsonConvert" && method.Name == "SerializeObject") ||
               (type.Name is "MessagePackSerializer" && method.Name.StartsWith("Serialize", System.StringComparison.Ordinal)) ||
               (SymbolNames.Is(type, "System.Text", "Encoding") && method.Name == "GetBytes");
    }

    private static IOperation? Unwrap(IOperation operation)
    {
        var op = operation.WalkDownConversions();
        for (var i = 0; i < 8; i++)
        {
            switch (op)
            {
                case IAwaitOperation awaited:
                    op = awaited.Operation.WalkDownConversions();
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } inner }:
                    op = inner.WalkDownConversions();
                    continue;
                case IPropertyReferenceOperation { Property.Name: "Value" or "Content", Instance: { } holder }:
                    // Response<BlobDownloadResult>.Value.Content
                    op = holder.WalkDownConversions();
                    continue;
            }

            break;
        }

        return op;
    }
}
