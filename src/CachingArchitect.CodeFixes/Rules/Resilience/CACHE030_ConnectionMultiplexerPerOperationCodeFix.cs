using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Resilience;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.CodeFixes.Rules.Resilience;

/// <summary>
/// CACHE030 partial fix (c): a scoped or transient registration becomes a singleton one
/// (<c>AddScoped</c> → <c>AddSingleton</c>, <c>TryAddTransient</c> → <c>TryAddSingleton</c>, <c>AddKeyedScoped</c> → <c>AddKeyedSingleton</c>).
/// The factory and type arguments are kept: every registration overload has a singleton twin with the same shape.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConnectionMultiplexerPerOperationCodeFix))]
[Shared]
public sealed class ConnectionMultiplexerPerOperationCodeFix : CacheCodeFixProvider
{
    public const string EquivalenceKey = RuleIds.ConnectionMultiplexerPerOperation + ".Singleton";

    private protected override string DiagnosticId => RuleIds.ConnectionMultiplexerPerOperation;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(ResilienceSupport.FixProperty, out var fix) || fix != ResilienceSupport.FixRegistration)
        {
            yield break;
        }

        if (FixHelpers.FindNode(root, diagnostic) is not SimpleNameSyntax name)
        {
            yield break;
        }

        var text = name.Identifier.ValueText;
        var replaced = text.Replace("Scoped", "Singleton").Replace("Transient", "Singleton");
        if (replaced == text)
        {
            yield break;
        }

        var identifier = SyntaxFactory.Identifier(replaced).WithTriviaFrom(name.Identifier);
        yield return CacheFix.Syntax("Register as a singleton", EquivalenceKey, () => root.ReplaceNode(name, name.WithIdentifier(identifier)));
    }
}
