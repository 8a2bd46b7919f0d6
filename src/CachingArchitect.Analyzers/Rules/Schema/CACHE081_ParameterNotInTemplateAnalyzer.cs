using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Schema;

/// <summary>
/// CACHE081 (Warning) — a parameter of a <c>[CacheKey]</c> method that its template does not use: values that differ only in that
/// parameter build the same key. Reported at the parameter; the fix appends <c>:{parameter}</c> to a plain literal template.
/// Not reported while the template is malformed (CACHE087) or not a constant.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ParameterNotInTemplateAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: the parameter name the fix appends as a placeholder (only when the template is a plain literal).</summary>
    public const string PlaceholderProperty = "Placeholder";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE081);

    internal override bool IsApplicable(CacheSymbols symbols) => SchemaRuleSupport.IsApplicable(symbols);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        SchemaRuleSupport.RegisterKeyAction(context, symbols, static (ctx, key) => Analyze(ctx, key));

    private static void Analyze(SymbolAnalysisContext context, SchemaKeyDeclaration key)
    {
        if (key.Template is null || !key.Parsed.IsWellFormed)
        {
            return;
        }

        foreach (var parameter in key.Method.Parameters)
        {
            if (key.Parsed.HasPlaceholder(parameter.Name))
            {
                continue;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            var additional = ImmutableArray<Location>.Empty;
            if (key.TemplateExpression is LiteralExpressionSyntax literal && literal.Token.IsKind(SyntaxKind.StringLiteralToken) &&
                SyntaxFacts.IsValidIdentifier(parameter.Name))
            {
                properties = properties.Add(PlaceholderProperty, parameter.Name);
                additional = ImmutableArray.Create(literal.GetLocation());
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE081,
                SchemaRuleSupport.LocationOf(parameter),
                additional,
                properties,
                parameter.Name,
                key.Method.Name,
                key.Template));
        }
    }
}
