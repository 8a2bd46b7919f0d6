using System;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Security;

/// <summary>
/// CACHE053 — destructive or admin cache commands in application code: StackExchange.Redis <c>IServer.FlushDatabase</c>,
/// <c>FlushAllDatabases</c>, <c>ConfigSet</c>, <c>Shutdown</c>, <c>ReplicaOf</c>/<c>MakeMaster</c>/<c>MakePrimary</c> (and their async twins),
/// Enyim <c>IMemcachedClient.FlushAll[Async]</c>, <c>ConfigurationOptions.AllowAdmin = true</c> and <c>allowAdmin=true</c> in a connection-string
/// literal. Not reported in test projects, under <c>caching_architect.ops_tooling_paths</c>, or in <c>#if DEBUG</c> code. The message says
/// so when the call is on a request path.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AdminCacheCommandAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE053);

    internal override bool IsApplicable(CacheSymbols symbols) =>
        !symbols.IsTestProject && (symbols.RedisServer is not null || symbols.MemcachedClient is not null || symbols.ConnectionMultiplexer is not null);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var configurationOptions = context.Compilation.GetTypeByMetadataName("StackExchange.Redis.ConfigurationOptions");
        context.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, symbols), OperationKind.Invocation);
        context.RegisterOperationAction(ctx => AnalyzeAssignment(ctx, configurationOptions), OperationKind.SimpleAssignment);
        context.RegisterOperationAction(AnalyzeLiteral, OperationKind.Literal);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CacheSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var name = CacheOperationRecognizer.StripAsync(method.Name);
        string? command;
        if (name is "FlushDatabase" or "FlushAllDatabases" or "ConfigSet" or "Shutdown" or "ReplicaOf" or "MakeMaster" or "MakePrimary" or "SlaveOf")
        {
            if (!CacheSymbols.IsOrImplements(method.ContainingType, symbols.RedisServer))
            {
                return;
            }

            command = name switch
            {
                "FlushDatabase" => "FLUSHDB",
                "FlushAllDatabases" => "FLUSHALL",
                "ConfigSet" => "CONFIG SET",
                "Shutdown" => "SHUTDOWN",
                "MakeMaster" or "MakePrimary" => "a primary/replica topology change",
                _ => "REPLICAOF",
            };
        }
        else if (name == "FlushAll" && CacheSymbols.IsOrImplements(method.ContainingType, symbols.MemcachedClient))
        {
            command = "flush_all";
        }
        else
        {
            return;
        }

        Report(context, CodeContext.GetNameLocation(invocation), $"'{method.Name}' sends {command}, a destructive admin command, from application code");
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol? configurationOptions)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "AllowAdmin" } property } &&
            SymbolEqualityComparer.Default.Equals(property.ContainingType, configurationOptions) &&
            assignment.Value.ConstantValue is { HasValue: true, Value: true })
        {
            Report(context, assignment.Syntax.GetLocation(), "'AllowAdmin = true' enables FLUSHALL, CONFIG, SHUTDOWN and other risky commands for application code");
        }
    }

    private static void AnalyzeLiteral(OperationAnalysisContext context)
    {
        // Every literal of the code base comes here: numbers and short strings leave before the constant is read (and boxed).
        if (context.Operation.Type?.SpecialType != SpecialType.System_String ||
            context.Operation.ConstantValue is not { HasValue: true, Value: string { Length: >= 10 } text } ||
            text.IndexOf("allowadmin", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return;
        }

        var parsed = RedisConnectionString.Parse(text);
        if (parsed is { AllowAdmin: true, Endpoints.IsEmpty: false })
        {
            Report(context, context.Operation.Syntax.GetLocation(), "'allowAdmin=true' in the connection string enables FLUSHALL, CONFIG, SHUTDOWN and other risky commands for application code");
        }
    }

    private static void Report(OperationAnalysisContext context, Location location, string message)
    {
        var operation = context.Operation;
        var tree = operation.Syntax.SyntaxTree;
        if (CachingArchitectOptions.IsOpsToolingPath(context.Options, tree) || ConditionalRegions.IsInDebugOnlyRegion(tree, operation.Syntax.SpanStart))
        {
            return;
        }

        var onRequestPath = RequestContext.IsRequestPath(operation, context.ContainingSymbol);
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE053,
            location,
            message,
            onRequestPath ? ", and any HTTP request can trigger it (it is on a request path)" : string.Empty));
    }
}
