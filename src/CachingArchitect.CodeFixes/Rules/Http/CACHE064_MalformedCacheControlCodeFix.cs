using System.Collections.Generic;
using System.Composition;
using System.Linq;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Http;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CachingArchitect.CodeFixes.Rules.Http;

/// <summary>
/// CACHE064 fix for a malformed value with an unambiguous repair: rewrite the statement to
/// <c>response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(60) }</c>, whose
/// members are validated by type. Adds <c>using Microsoft.AspNetCore.Http;</c> when the extension method is not in scope.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MalformedCacheControlCodeFix))]
[Shared]
public sealed class MalformedCacheControlCodeFix : CacheCodeFixProvider
{
    public const string TypedHeaderEquivalenceKey = RuleIds.MalformedCacheControl + ".TypedHeader";

    private protected override string DiagnosticId => RuleIds.MalformedCacheControl;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(MalformedCacheControlAnalyzer.RepairedProperty, out var repaired) || repaired is null ||
            FixHelpers.FindAdditionalNode(root, diagnostic, 0)?.FirstAncestorOrSelf<ExpressionStatementSyntax>() is not { } statement ||
            FixHelpers.GetArgumentExpression(FixHelpers.FindAdditionalNode(root, diagnostic, 1)) is not { } response ||
            root is not CompilationUnitSyntax unit)
        {
            yield break;
        }

        var position = statement.SpanStart;
        var typeName = FixHelpers.NamespacePrefix(model, position, "Microsoft.Net.Http.Headers", "CacheControlHeaderValue") + "CacheControlHeaderValue";
        var timeSpan = FixHelpers.SystemPrefix(model, position, "TimeSpan") + "TimeSpan";
        var members = new List<string>();
        foreach (var part in repaired.Split(','))
        {
            var pair = part.Split('=');
            members.Add(pair.Length == 2 ? $"{pair[0]} = {timeSpan}.FromSeconds({pair[1]})" : pair[0] + " = true");
        }

        var text = $"{response.WithoutTrivia()}.GetTypedHeaders().CacheControl = new {typeName} {{ {string.Join(", ", members)} }};";
        var replacement = SyntaxFactory.ParseStatement(text).WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation);
        var needsUsing = !HasExtensionInScope(model, statement);
        yield return CacheFix.Syntax("Write a typed Cache-Control header (CacheControlHeaderValue)", TypedHeaderEquivalenceKey, () =>
        {
            var newRoot = (CompilationUnitSyntax)unit.ReplaceNode(statement, replacement);
            if (needsUsing && !newRoot.Usings.Any(u => u.Name?.ToString() == "Microsoft.AspNetCore.Http"))
            {
                newRoot = newRoot.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("Microsoft.AspNetCore.Http")).WithAdditionalAnnotations(Formatter.Annotation));
            }

            return newRoot;
        });
    }

    private static bool HasExtensionInScope(SemanticModel model, SyntaxNode at)
    {
        foreach (var symbol in model.LookupNamespacesAndTypes(at.SpanStart))
        {
            if (symbol is INamedTypeSymbol { Name: "HeaderDictionaryTypeExtensions" } type && type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Http")
            {
                return true;
            }
        }

        return false;
    }
}
