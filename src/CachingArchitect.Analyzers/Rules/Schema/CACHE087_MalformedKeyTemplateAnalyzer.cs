using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Schema;

/// <summary>
/// CACHE087 (Error) — a malformed <c>[CacheKey]</c> template: null or empty, unbalanced braces, an empty <c>{}</c>, a placeholder
/// that is not a C# identifier, a placeholder used twice, or an empty <c>:</c> segment (leading, trailing or doubled separator).
/// Each problem is reported at its characters in the literal.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MalformedKeyTemplateAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE087);

    internal override bool IsApplicable(CacheSymbols symbols) => SchemaRuleSupport.IsApplicable(symbols);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        SchemaRuleSupport.RegisterKeyAction(context, symbols, static (ctx, key) => Analyze(ctx, key));

    private static void Analyze(SymbolAnalysisContext context, SchemaKeyDeclaration key)
    {
        if (key.Template is null)
        {
            // A null constant is malformed; a non-constant or missing argument is a compiler error already.
            if (key.Attribute.ConstructorArguments.Length == 1 && key.Attribute.ConstructorArguments[0] is { Kind: TypedConstantKind.Primitive, IsNull: true })
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE087, key.TemplateArgumentLocation, $"The key template of '{key.Method.Name}' is null"));
            }

            return;
        }

        foreach (var error in key.Parsed.Errors)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE087, key.TemplateLocation(error.Start, error.Length), error.Message));
        }
    }
}
