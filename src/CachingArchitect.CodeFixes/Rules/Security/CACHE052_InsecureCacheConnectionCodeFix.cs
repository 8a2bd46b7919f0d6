using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Security;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.CodeFixes.Rules.Security;

/// <summary>
/// CACHE052 fix (partial): for an unencrypted remote connection, append <c>,ssl=true</c> to the connection-string literal, or add
/// <c>Ssl = true</c> to the <c>ConfigurationOptions</c> initializer. Credentials in source and disabled validation need a human.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsecureCacheConnectionCodeFix))]
[Shared]
public sealed class InsecureCacheConnectionCodeFix : CacheCodeFixProvider
{
    public const string EnableTlsEquivalenceKey = RuleIds.InsecureCacheConnection + ".EnableTls";

    private protected override string DiagnosticId => RuleIds.InsecureCacheConnection;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(InsecureCacheConnectionAnalyzer.FixProperty, out var fix) || fix is null)
        {
            yield break;
        }

        var node = FixHelpers.FindNode(root, diagnostic);
        if (fix == InsecureCacheConnectionAnalyzer.FixAppendSsl &&
            node.FirstAncestorOrSelf<LiteralExpressionSyntax>() is { RawKind: (int)SyntaxKind.StringLiteralExpression } literal &&
            literal.Token.Value is string text)
        {
            var separator = text.TrimEnd().EndsWith(",", System.StringComparison.Ordinal) ? string.Empty : ",";
            var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(text + separator + "ssl=true"))
                .WithTriviaFrom(literal);
            yield return CacheFix.Syntax("Enable TLS (ssl=true)", EnableTlsEquivalenceKey, () => root.ReplaceNode(literal, replacement));
        }
        else if (fix == InsecureCacheConnectionAnalyzer.FixSetSsl &&
                 node.FirstAncestorOrSelf<ObjectCreationExpressionSyntax>() is { Initializer: { } initializer } creation &&
                 initializer.Expressions.Count > 0)
        {
            yield return CacheFix.Syntax("Enable TLS (Ssl = true)", EnableTlsEquivalenceKey, () => root.ReplaceNode(initializer, AddSsl(initializer)));
        }
    }

    private static InitializerExpressionSyntax AddSsl(InitializerExpressionSyntax initializer)
    {
        var expressions = initializer.Expressions;
        var last = expressions[expressions.Count - 1];
        var trailing = last.GetTrailingTrivia();
        var assignment = SyntaxFactory.AssignmentExpression(
                SyntaxKind.SimpleAssignmentExpression,
                SyntaxFactory.IdentifierName("Ssl"),
                SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression))
            .WithLeadingTrivia(SyntaxFactory.Space)
            .WithTrailingTrivia(trailing);
        var nodes = new List<SyntaxNodeOrToken>();
        for (var i = 0; i < expressions.Count; i++)
        {
            nodes.Add(i == expressions.Count - 1 ? last.WithoutTrailingTrivia() : expressions[i]);
            if (i < expressions.SeparatorCount)
            {
                nodes.Add(expressions.GetSeparator(i));
            }
        }

        if (expressions.SeparatorCount < expressions.Count)
        {
            nodes.Add(SyntaxFactory.Token(SyntaxKind.CommaToken));
        }

        nodes.Add(assignment);
        return initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(nodes));
    }
}
