using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Keys;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Keys;

/// <summary>
/// CACHE015 — a glob pattern passed to an exact-key read or invalidation (<c>KeyDelete("user:*")</c>, <c>Remove($"p:{id}:*")</c>,
/// <c>HybridCache.RemoveByTagAsync("prod*")</c>): nothing matches, so nothing is deleted. A <c>*</c> in any constant part counts;
/// <c>?</c> and <c>[…]</c> count in constant keys that do not look like URLs with a query string. <c>IServer.Keys(pattern)</c> and
/// the reserved tag <c>"*"</c> of <c>RemoveByTag</c> are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GlobPatternOnExactKeyApiAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE015);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, static (ctx, operation) => Analyze(ctx, operation));

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation)
    {
        if (operation.Kind is not (CacheOperationKind.Read or CacheOperationKind.Invalidate) || operation.Key is null)
        {
            return;
        }

        var byTag = operation.Name is "RemoveByTag" or "EvictByTag";
        foreach (var key in KeyRuleSupport.Keys(operation))
        {
            var template = KeyRuleSupport.Decompose(context.Options, key);
            if (template.Segments.IsDefaultOrEmpty || (byTag && template.ConstantValue == "*"))
            {
                continue;
            }

            if (LooksLikeGlob(template))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE015, key.Syntax.GetLocation(), operation.Method.Name, template.Rendered));
            }
        }
    }

    internal static bool LooksLikeGlob(KeyTemplate template)
    {
        foreach (var segment in template.Segments)
        {
            if (segment.IsConstant && segment.Text!.IndexOf('*') >= 0)
            {
                return true;
            }
        }

        var constant = template.ConstantValue;
        if (constant is null || constant.IndexOf('=') >= 0 || constant.IndexOf('&') >= 0)
        {
            return false;
        }

        for (var i = 0; i < constant.Length; i++)
        {
            switch (constant[i])
            {
                // "user:?" / "s:??:x": a single-character wildcard, not a query string.
                case '?' when i == constant.Length - 1 || !char.IsLetterOrDigit(constant[i + 1]) || (i > 0 && constant[i - 1] == '?'):
                    return true;
                case '[':
                    var close = constant.IndexOf(']', i + 1);
                    if (close > i + 1)
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }
}
