using System;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Schema;

/// <summary>
/// CACHE080 (Error) — a <c>{placeholder}</c> of a <c>[CacheKey]</c> template names no parameter of the key method. Names match
/// exactly (ordinal, case-sensitive, like <c>LoggerMessage</c> templates would if they were strict); a parameter that differs
/// only in case is suggested in the message.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PlaceholderWithoutParameterAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE080);

    internal override bool IsApplicable(CacheSymbols symbols) => SchemaRuleSupport.IsApplicable(symbols);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        SchemaRuleSupport.RegisterKeyAction(context, symbols, static (ctx, key) => Analyze(ctx, key));

    private static void Analyze(SymbolAnalysisContext context, SchemaKeyDeclaration key)
    {
        if (key.Template is null)
        {
            return;
        }

        foreach (var placeholder in key.Parsed.Placeholders)
        {
            if (placeholder.Text.Length == 0 || key.Domain(placeholder.Text) is not null)
            {
                continue;
            }

            string? suggestion = null;
            foreach (var parameter in key.Method.Parameters)
            {
                if (string.Equals(parameter.Name, placeholder.Text, StringComparison.OrdinalIgnoreCase))
                {
                    suggestion = parameter.Name;
                }
            }

            var message = suggestion is not null
                ? $"Placeholder '{{{placeholder.Text}}}' matches no parameter of '{key.Method.Name}'; names are case-sensitive: did you mean '{{{suggestion}}}'?"
                : $"Placeholder '{{{placeholder.Text}}}' matches no parameter of '{key.Method.Name}'; add a parameter named '{placeholder.Text}' or fix the template";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE080, key.TemplateLocation(placeholder.Start, placeholder.Length), message));
        }
    }
}
