using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Performance;

/// <summary>
/// CACHE040 — keyspace enumeration in application code: <c>IServer.Keys[Async]</c>, and <c>Execute[Async]("KEYS"|"SCAN", …)</c>
/// on <c>IDatabase</c>/<c>IServer</c>. The message names what makes it worse (request path, loop, feeding <c>KeyDelete</c>).
/// Files under <c>caching_architect.ops_tooling_paths</c> are exempt; a replica-targeted sweep in an <c>IHostedService</c> is Info.
/// CachingArchitect.StackExchangeRedis <c>RedisCacheAdministration.DeleteFamilyAsync</c>/<c>DeleteByPatternAsync</c> (SCAN-based administrative helpers) are
/// reported only on the request path.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeyspaceEnumerationAnalyzer : CacheAnalyzer
{
    private const int MaxDepth = 16;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE040);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.RedisServer is not null || symbols.RedisDatabaseAsync is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        context.RegisterOperationAction(ctx => Analyze(ctx, symbols), OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, CacheSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var name = invocation.TargetMethod.Name;
        if (name is "DeleteFamily" or "DeleteFamilyAsync" or "DeleteByPattern" or "DeleteByPatternAsync")
        {
            AnalyzeDeleteFamily(context, invocation, symbols);
            return;
        }

        if (name is not ("Keys" or "KeysAsync" or "Execute" or "ExecuteAsync"))
        {
            return;
        }

        var type = invocation.TargetMethod.ContainingType;
        var isServer = CacheSymbols.IsOrImplements(type, symbols.RedisServer);
        string what;
        if (name is "Keys" or "KeysAsync")
        {
            if (!isServer)
            {
                return;
            }

            what = $"'{name}' enumerates the whole keyspace of the server (SCAN, or KEYS on servers without it)";
        }
        else
        {
            if (!isServer && !CacheSymbols.IsOrImplements(type, symbols.RedisDatabaseAsync))
            {
                return;
            }

            if (invocation.GetArgument("command")?.Value.ConstantValue is not { HasValue: true, Value: string command } ||
                !(command.Trim().Equals("KEYS", StringComparison.OrdinalIgnoreCase) || command.Trim().Equals("SCAN", StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            what = $"'{name}(\"{command.Trim().ToUpperInvariant()}\")' enumerates the whole keyspace of the server";
        }

        var tree = invocation.Syntax.SyntaxTree;
        if (CachingArchitectOptions.IsOpsToolingPath(context.Options, tree))
        {
            return;
        }

        var location = CodeContext.GetNameLocation(invocation);
        if (RedisLibraryFacts.HasFlags(invocation, RedisLibraryFacts.ReplicaBit) && IsHostedService(context.ContainingSymbol))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE040,
                location,
                DiagnosticSeverity.Info,
                additionalLocations: null,
                properties: null,
                what + " in a background job on a replica: keep the sweep rare and its pattern narrow, or replace it with an index of member keys"));
            return;
        }

        var aggravations = new List<string>();
        if (RequestContext.IsRequestPath(invocation, context.ContainingSymbol))
        {
            aggravations.Add("on the request path, so every request pays for a full sweep");
        }

        if (IsRepeated(invocation))
        {
            aggravations.Add("inside a loop, so the sweep repeats");
        }

        if (FeedsKeyDelete(invocation, symbols))
        {
            aggravations.Add("to delete by pattern, which a tag/set index of member keys or key versioning does without a sweep");
        }

        var message = aggravations.Count == 0
            ? what + "; don't enumerate keys in application code: keep an index of member keys (a set, or HybridCache/FusionCache tags) or version the key family"
            : what + ", " + string.Join(", and ", aggravations) + "; keep an index of member keys (a set, or HybridCache/FusionCache tags) or version the key family";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE040, location, message));
    }

    /// <summary>
    /// CachingArchitect.StackExchangeRedis <c>RedisCacheAdministration.DeleteFamilyAsync</c>/<c>DeleteByPatternAsync</c> delete keys by cursor-based SCAN
    /// of every primary: an operations tool by design, so it is reported only on the request path (or in a loop there), where every
    /// request would pay for a keyspace sweep. Elsewhere (admin jobs, tools, hosted services) it is the intended use.
    /// </summary>
    private static void AnalyzeDeleteFamily(OperationAnalysisContext context, IInvocationOperation invocation, CacheSymbols symbols)
    {
        if (symbols.RedisCacheAdministration is null ||
            !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, symbols.RedisCacheAdministration) ||
            CachingArchitectOptions.IsOpsToolingPath(context.Options, invocation.Syntax.SyntaxTree) ||
            !RequestContext.IsRequestPath(invocation, context.ContainingSymbol))
        {
            return;
        }

        var repeated = IsRepeated(invocation) ? ", inside a loop," : string.Empty;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE040,
            CodeContext.GetNameLocation(invocation),
            $"'{invocation.TargetMethod.Name}' SCANs the whole keyspace of every primary{repeated} on the request path, so every request pays for a full sweep; it is an operations tool: invalidate a family by bumping the schema Version, or delete the affected keys directly"));
    }

    /// <summary>True when the method (or lambda) runs in a class that implements <c>IHostedService</c> (<c>BackgroundService</c> included).</summary>
    private static bool IsHostedService(ISymbol? containingSymbol)
    {
        var type = containingSymbol?.ContainingType;
        return type is not null && SymbolNames.IsOrImplements(type, "Microsoft.Extensions.Hosting", "IHostedService");
    }

    /// <summary>
    /// True when the call runs once per iteration of an enclosing loop (it sits in the loop's body, not in a <c>foreach</c>
    /// collection expression) or in a per-element lambda (LINQ, <c>Parallel.ForEach</c>).
    /// </summary>
    private static bool IsRepeated(IOperation operation)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IForEachLoopOperation forEach:
                    if (!ReferenceEquals(child, forEach.Collection) && !IsPerServerLoop(forEach))
                    {
                        return true;
                    }

                    break;
                case ILoopOperation:
                    return true;
                case IAnonymousFunctionOperation lambda:
                    return LoopContext.GetPerElementCall(lambda) is not null;
                case ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>foreach (var endpoint in mux.GetEndPoints())</c> / <c>foreach (var server in mux.GetServers())</c>: SCAN is per server, so
    /// visiting each primary once is how a keyspace is enumerated (in a cluster it is the only way), not a repeated sweep.
    /// </summary>
    private static bool IsPerServerLoop(IForEachLoopOperation loop) =>
        loop.Collection.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "GetEndPoints" or "GetServers" };

    /// <summary>
    /// True when the enumerated keys reach a <c>KeyDelete[Async]</c> in the same body: directly as its argument, through a
    /// <c>foreach</c> over the keys, or through a local that holds them.
    /// </summary>
    private static bool FeedsKeyDelete(IInvocationOperation keys, CacheSymbols symbols)
    {
        var root = keys.GetRoot();
        foreach (var descendant in root.Descendants())
        {
            if (descendant is not IInvocationOperation { TargetMethod.Name: "KeyDelete" or "KeyDeleteAsync" } delete ||
                !CacheSymbols.IsOrImplements(delete.TargetMethod.ContainingType, symbols.RedisDatabaseAsync))
            {
                continue;
            }

            var key = delete.GetArgument("key") ?? delete.GetArgument("keys");
            if (key is not null && Comes(key.Value, keys, root, 0))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Comes(IOperation value, IInvocationOperation keys, IOperation root, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        foreach (var op in value.DescendantsAndSelf())
        {
            if (ReferenceEquals(op, keys))
            {
                return true;
            }

            if (op is not ILocalReferenceOperation local)
            {
                continue;
            }

            if (ValueTracer.GetSingleAssignment(local.Local, root) is { } assigned && Comes(assigned, keys, root, depth + 1))
            {
                return true;
            }

            // foreach (var key in server.Keys(...)) / await foreach (var key in server.KeysAsync(...))
            foreach (var candidate in root.Descendants())
            {
                if (candidate is IForEachLoopOperation loop && loop.Locals.Contains(local.Local) && Comes(loop.Collection, keys, root, depth + 1))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
