using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Keys;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Keys;

/// <summary>
/// CACHE011 — raw external input reaches a cache key (or tag): <c>HttpRequest.Query/Form/Headers/Cookies/Path/QueryString/RouteValues</c>,
/// request body reads, <c>IFormCollection</c>, and <c>string</c> endpoint parameters bound from the request, through no sanitizer
/// (typed parsing, allow-list, length cap plus charset check, hashing, sanitizing route constraint). See <see cref="TaintAnalysis"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExternalInputKeyAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE011);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        // Taint sources only exist in ASP.NET Core projects (or where custom sources are configured).
        var web = context.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpRequest") is not null;
        RegisterCacheOperationAction(context, symbols, (ctx, operation) => Analyze(ctx, operation, web));
    }

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation, bool web)
    {
        // Invalidations (Remove, KeyDelete, RemoveByTag, EvictByTag) create no entries, so raw input there cannot grow the cache;
        // an open purge endpoint is CACHE054's concern.
        if (operation.Kind is CacheOperationKind.Admin or CacheOperationKind.Invalidate || operation.Key is null)
        {
            return;
        }

        if (!web && CachingArchitectOptions.GetRaw(context.Options, operation.Invocation.Syntax.SyntaxTree, CachingArchitectOptions.TaintSourcesKey) is null)
        {
            return;
        }

        foreach (var key in KeyRuleSupport.Keys(operation))
        {
            Check(context, key);
        }

        foreach (var tag in KeyDecomposer.GetTagExpressions(operation))
        {
            Check(context, tag);
        }
    }

    private static void Check(OperationAnalysisContext context, Microsoft.CodeAnalysis.IOperation key)
    {
        if (KeyRuleSupport.IsGeneratedSchemaKey(key))
        {
            return;
        }

        var template = KeyRuleSupport.Decompose(context.Options, key);
        if (!template.HasExternalInput)
        {
            return;
        }

        foreach (var segment in template.Segments)
        {
            if (segment.Kind == KeySegmentKind.ExternalInput)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE011, key.Syntax.GetLocation(), segment.Reason ?? segment.Placeholder));
                return;
            }
        }
    }
}
