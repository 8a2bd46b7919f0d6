using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Http;

/// <summary>
/// CACHE064 — malformed or contradictory <c>Cache-Control</c> value: a constant string written to a response's Cache-Control
/// (<see cref="ResponseHeaderWrites"/>: the <c>IHeaderDictionary.CacheControl</c> property, the indexer, <c>Append/Add/TryAdd</c>) that
/// (a, c) does not parse as RFC 9111 directives (<c>max-age: 60</c>, <c>max-age=60s</c>, a missing comma, a non-integer delta-seconds
/// argument), (b) combines contradictory directives, or (d) a <c>Pragma: no-cache</c> written in the same body as a Cache-Control that lets
/// caches reuse the response. Typed <c>CacheControlHeaderValue</c> assignments and strings assembled at runtime are not reported.
/// The fix (for malformed values with an unambiguous repair) rewrites the write to <c>GetTypedHeaders().CacheControl = new CacheControlHeaderValue { … }</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MalformedCacheControlAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: the repaired directives (<c>public, max-age=60</c>) for the typed-header fix.</summary>
    public const string RepairedProperty = "Repaired";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE064);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.ResponseCacheAttribute is not null || symbols.OutputCacheStore is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        if (context.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IHeaderDictionary") is null)
        {
            return;
        }

        context.RegisterOperationAction(Analyze, OperationKind.SimpleAssignment, OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        if (ResponseHeaderWrites.Recognize(context.Operation) is not { Text: { } text, IsPartial: false } write || write.Shape == HeaderWriteShape.Typed)
        {
            return;
        }

        if (write.Header == CachingHeader.Pragma)
        {
            AnalyzePragma(context, write, text);
            return;
        }

        if (write.Header != CachingHeader.CacheControl || write.CacheControl is not { } value)
        {
            return;
        }

        var location = write.Value.Syntax.GetLocation();
        if (!value.IsValid)
        {
            var repaired = value.Repaired;
            var properties = ImmutableDictionary<string, string?>.Empty;
            Location[]? additional = null;
            if (repaired.IsValid && repaired.Contradictions.IsEmpty && write.Shape != HeaderWriteShape.TryAdd && write.Response is not null &&
                TypedRepair(repaired) is { } typed && write.Write.Parent is IExpressionStatementOperation)
            {
                properties = properties.Add(RepairedProperty, typed);
                additional = new[] { write.Write.Syntax.GetLocation(), write.Response.Syntax.GetLocation() };
            }

            var error = value.Errors[0];
            var suffix = repaired.IsValid ? $"; caches ignore or misread it (meant: \"{CacheControlValue.FromDirectives(repaired.Directives).Text}\"?)" : "; caches ignore or misread it";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE064, location, additional, properties, text, "is malformed: " + error.Message + suffix));
            return;
        }

        var contradictions = value.Contradictions;
        if (!contradictions.IsEmpty)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE064, location, text, "is contradictory: " + string.Join(", ", contradictions)));
        }
    }

    /// <summary><c>Pragma: no-cache</c> next to a Cache-Control that lets caches reuse the response, written in the same body and not in exclusive branches.</summary>
    private static void AnalyzePragma(OperationAnalysisContext context, HeaderWrite pragma, string text)
    {
        if (text.IndexOf("no-cache", System.StringComparison.OrdinalIgnoreCase) < 0)
        {
            return;
        }

        var root = ExecutionOrder.GetExecutableRoot(pragma.Write);
        var visited = 0;
        foreach (var operation in root.Descendants())
        {
            if (++visited > 20000)
            {
                return;
            }

            if (operation is not (ISimpleAssignmentOperation or IInvocationOperation) || ResponseHeaderWrites.Recognize(operation) is not { Header: CachingHeader.CacheControl } write ||
                write.CacheControl is not { IsValid: true, IsCacheable: true } value || !ExecutionOrder.InSameBody(write.Write, pragma.Write) ||
                ExecutionOrder.AreExclusive(write.Write, pragma.Write))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE064,
                pragma.Value.Syntax.GetLocation(),
                value.Text,
                $"conflicts with 'Pragma: {text}' written on the same response: HTTP/1.0 caches read the Pragma, HTTP/1.1 caches the Cache-Control"));
            return;
        }
    }

    /// <summary>The repaired value as initializer members of <c>CacheControlHeaderValue</c> (<c>Public = true, MaxAge = 60</c> in seconds), or null when a directive has no typed member.</summary>
    private static string? TypedRepair(CacheControlValue value)
    {
        var parts = new System.Collections.Generic.List<string>();
        foreach (var directive in value.Directives)
        {
            var member = directive.Name switch
            {
                "public" => "Public",
                "private" when directive.Argument is null => "Private",
                "no-cache" when directive.Argument is null => "NoCache",
                "no-store" => "NoStore",
                "must-revalidate" => "MustRevalidate",
                "proxy-revalidate" => "ProxyRevalidate",
                "no-transform" => "NoTransform",
                "max-age" => "MaxAge",
                "s-maxage" => "SharedMaxAge",
                _ => null,
            };
            if (member is null)
            {
                return null;
            }

            parts.Add(directive.Argument is null ? member : member + "=" + directive.Argument);
        }

        return parts.Count == 0 ? null : string.Join(",", parts);
    }
}
