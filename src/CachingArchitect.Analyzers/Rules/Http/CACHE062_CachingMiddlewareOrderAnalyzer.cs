using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Http;

/// <summary>
/// CACHE062 — caching middleware registered in the wrong order, read from the statements of the one method that builds the pipeline
/// (<see cref="MiddlewarePipeline"/>): <c>UseOutputCache()</c> before <c>UseCors()</c>, <c>UseAuthentication()</c>, <c>UseAuthorization()</c>, or
/// before <c>UseRouting()</c> in an app with controllers or Razor Pages; <c>UseResponseCaching()</c> before <c>UseCors()</c>; either one after
/// the terminal endpoint middleware (<c>UseEndpoints</c>, <c>Run(RequestDelegate)</c>). Only middleware registered in the same method is
/// compared: a pipeline split across helpers that cannot be ordered reports nothing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CachingMiddlewareOrderAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: where the fix moves the statement, relative to the anchor statement (first additional location).</summary>
    public const string MoveProperty = "Move";

    public const string MoveAfter = "After";
    public const string MoveBefore = "Before";

    private static readonly string[] OutputCachePrerequisites = { "UseCors", "UseRouting", "UseAuthentication", "UseAuthorization" };
    private static readonly string[] ResponseCachingPrerequisites = { "UseCors" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE062);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.OutputCacheStore is not null || symbols.ResponseCacheAttribute is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var outputCache = context.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.OutputCacheApplicationBuilderExtensions");
        var responseCaching = context.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.ResponseCachingExtensions");
        if (outputCache is null && responseCaching is null)
        {
            return;
        }

        context.RegisterOperationAction(
            ctx =>
            {
                var invocation = (IInvocationOperation)ctx.Operation;
                var name = invocation.TargetMethod.Name;
                if (name is not ("UseOutputCache" or "UseResponseCaching"))
                {
                    return;
                }

                var type = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).ContainingType;
                if (!SymbolEqualityComparer.Default.Equals(type, name == "UseOutputCache" ? outputCache : responseCaching))
                {
                    return;
                }

                Analyze(ctx, invocation, name == "UseOutputCache");
            },
            OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, IInvocationOperation invocation, bool isOutputCache)
    {
        var pipeline = MiddlewarePipeline.ForCall(invocation);
        var step = pipeline?.StepOf(invocation);
        if (pipeline is null || step is null)
        {
            return;
        }

        // Prerequisites that are registered, but only after the caching middleware.
        var late = new List<PipelineStep>();
        var present = new List<PipelineStep>();
        foreach (var prerequisite in isOutputCache ? OutputCachePrerequisites : ResponseCachingPrerequisites)
        {
            if (prerequisite == "UseRouting" && !pipeline.ServesControllersOrPages())
            {
                continue;
            }

            var order = pipeline.Order(step, prerequisite);
            foreach (var other in pipeline.Find(prerequisite, step))
            {
                present.Add(other);
                if (order == PipelineOrder.Before)
                {
                    late.Add(other);
                }
            }
        }

        // Terminal endpoint middleware that runs before the caching middleware.
        PipelineStep? terminal = null;
        foreach (var other in pipeline.Steps)
        {
            if (!other.IsOpaque && other.IsTerminal && other.Position < step.Position && !ExecutionOrder.AreExclusive(other.Invocation, invocation))
            {
                terminal = other;
                break;
            }
        }

        if (late.Count == 0 && terminal is null)
        {
            return;
        }

        var reasons = new List<string>();
        var names = new List<string>();
        foreach (var other in late)
        {
            if (!names.Contains(other.Name))
            {
                names.Add(other.Name);
            }
        }

        var middleware = isOutputCache ? "UseOutputCache" : "UseResponseCaching";
        if (names.Count > 0)
        {
            reasons.Add($"'{middleware}' runs before '{string.Join("', '", names)}'{Consequence(isOutputCache, names)}");
        }

        if (terminal is not null)
        {
            reasons.Add($"'{middleware}' is registered after the terminal '{terminal.Name}' middleware, so it never sees the requests the endpoints handle");
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        var additional = new List<Location>();
        var anchor = FindFixAnchor(pipeline, invocation, step, late, present, terminal, out var move);
        if (anchor is not null)
        {
            properties[MoveProperty] = move;
            additional.Add(anchor.Syntax.GetLocation());
        }

        var fix = isOutputCache
            ? "register it after UseCors, UseRouting, UseAuthentication and UseAuthorization and before the endpoints"
            : "register it after UseCors and before the endpoints";
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE062,
            CodeContext.GetNameLocation(invocation),
            additional,
            properties.ToImmutable(),
            string.Join("; ", reasons) + ": " + fix));
    }

    private static string Consequence(bool isOutputCache, List<string> names)
    {
        if (!isOutputCache)
        {
            return ", so responses are cached and served without the CORS headers";
        }

        if (names.Contains("UseAuthentication") || names.Contains("UseAuthorization"))
        {
            return ": cached content can be served to unauthorized users, and a cookie-authenticated user still looks anonymous to the caching policy";
        }

        if (names.Contains("UseCors"))
        {
            return ", so cached responses are served without the CORS headers";
        }

        return ", so the endpoint's [OutputCache] policy is not known yet when the middleware runs";
    }

    /// <summary>
    /// The statement the caching call moves next to, when the move is a plain reorder of one statement list: the call is a statement of its
    /// own (<c>app.UseOutputCache();</c>) directly in the block (or top-level program), the anchor is a statement of the same block, and the
    /// new position satisfies every other constraint.
    /// </summary>
    private static IOperation? FindFixAnchor(MiddlewarePipeline pipeline, IInvocationOperation invocation, PipelineStep step, List<PipelineStep> late, List<PipelineStep> present, PipelineStep? terminal, out string move)
    {
        move = MoveAfter;
        if (invocation.Parent is not IExpressionStatementOperation { Parent: IBlockOperation block } statement ||
            invocation.GetReceiver()?.WalkDownConversions() is not (ILocalReferenceOperation or IParameterReferenceOperation) || invocation.Arguments.Length > 1)
        {
            return null;
        }

        if (late.Count > 0)
        {
            if (terminal is not null)
            {
                return null;
            }

            var last = late[0];
            foreach (var other in late)
            {
                if (other.Position > last.Position)
                {
                    last = other;
                }
            }

            var anchor = ExecutionOrder.GetStatementIn(last.Invocation, block);
            if (anchor is null || ReferenceEquals(anchor, statement))
            {
                return null;
            }

            // Nothing terminal (nor a helper that may hold terminal middleware) between the call and its new place.
            return IsClearBetween(pipeline, step, anchor.Syntax.Span.End) ? anchor : null;
        }

        // Terminal before the call: move the call just before the terminal statement, if every prerequisite already registered stays before it.
        var terminalStatement = terminal is null ? null : ExecutionOrder.GetStatementIn(terminal.Invocation, block);
        if (terminalStatement is null)
        {
            return null;
        }

        foreach (var other in present)
        {
            if (other.Position > terminalStatement.Syntax.SpanStart)
            {
                return null;
            }
        }

        move = MoveBefore;
        return terminalStatement;
    }

    /// <summary>True when no terminal or opaque step lies between <paramref name="step"/> and <paramref name="end"/>.</summary>
    private static bool IsClearBetween(MiddlewarePipeline pipeline, PipelineStep step, int end)
    {
        foreach (var other in pipeline.Steps)
        {
            if (other.Position > step.Position && other.Position < end && (other.IsTerminal || other.IsOpaque))
            {
                return false;
            }
        }

        return true;
    }
}
