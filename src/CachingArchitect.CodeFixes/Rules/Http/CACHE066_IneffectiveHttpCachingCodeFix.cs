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

namespace CachingArchitect.CodeFixes.Rules.Http;

/// <summary>
/// CACHE066 fix (partial, case a): move <c>[ResponseCache(…)]</c> from a Razor Pages handler method to the page model class. Offered when
/// the class has no <c>[ResponseCache]</c> of its own and only one handler carries one.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IneffectiveHttpCachingCodeFix))]
[Shared]
public sealed class IneffectiveHttpCachingCodeFix : CacheCodeFixProvider
{
    public const string EquivalenceKey = RuleIds.IneffectiveHttpCaching + ".MoveToPageModel";

    private protected override string DiagnosticId => RuleIds.IneffectiveHttpCaching;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.ContainsKey(IneffectiveHttpCachingAnalyzer.MoveToClassProperty))
        {
            yield break;
        }

        var attribute = FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<AttributeSyntax>();
        if (attribute?.Parent is not AttributeListSyntax list || list.Parent is not MethodDeclarationSyntax method ||
            method.Parent is not ClassDeclarationSyntax type)
        {
            yield break;
        }

        yield return CacheFix.Syntax("Move [ResponseCache] to the page model class", EquivalenceKey, () =>
        {
            MethodDeclarationSyntax newMethod;
            if (list.Attributes.Count == 1)
            {
                // Drop the whole list; its leading trivia (indentation, comments) goes to what follows.
                var index = method.AttributeLists.IndexOf(list);
                var lists = method.AttributeLists.RemoveAt(index);
                newMethod = method.WithAttributeLists(lists);
                if (index == 0)
                {
                    newMethod = newMethod.WithLeadingTrivia(list.GetLeadingTrivia());
                }
            }
            else
            {
                newMethod = method.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
            }

            var newType = type.ReplaceNode(method, newMethod);
            var leading = newType.GetLeadingTrivia();
            var indentation = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            var newList = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute.WithoutTrivia()))
                .WithLeadingTrivia(leading)
                .WithTrailingTrivia(EndOfLine(root));
            newType = newType.WithLeadingTrivia(indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxFactory.TriviaList());
            newType = newType.WithAttributeLists(newType.AttributeLists.Insert(0, newList));
            return root.ReplaceNode(type, newType);
        });
    }

    private static SyntaxTrivia EndOfLine(SyntaxNode root)
    {
        foreach (var trivia in root.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia;
            }
        }

        return SyntaxFactory.LineFeed;
    }
}
