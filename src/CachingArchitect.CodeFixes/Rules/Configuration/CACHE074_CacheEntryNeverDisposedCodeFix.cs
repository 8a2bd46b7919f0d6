using System;
using System.Collections.Generic;
using System.Composition;
using System.Linq;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Configuration;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CachingArchitect.CodeFixes.Rules.Configuration;

/// <summary>
/// CACHE074 fix: commit the entry. <c>var entry = cache.CreateEntry(k);</c> becomes <c>using var entry = …;</c>; a fluent one-liner
/// <c>cache.CreateEntry(k).SetValue(v).SetSize(1)…;</c> becomes <c>cache.Set(k, v, new MemoryCacheEntryOptions().SetSize(1)…);</c>
/// when the chain starts with <c>SetValue</c> and only uses setters <c>MemoryCacheEntryOptions</c> also has, else
/// <c>using (var entry = cache.CreateEntry(k)) { entry.SetValue(v)…; }</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CacheEntryNeverDisposedCodeFix))]
[Shared]
public sealed class CacheEntryNeverDisposedCodeFix : CacheCodeFixProvider
{
    private static readonly HashSet<string> OptionSetters = new(StringComparer.Ordinal)
    {
        "SetSize", "SetPriority", "SetAbsoluteExpiration", "SetSlidingExpiration", "AddExpirationToken", "RegisterPostEvictionCallback",
    };

    private protected override string DiagnosticId => RuleIds.CacheEntryNeverDisposed;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(CacheEntryNeverDisposedAnalyzer.ShapeProperty, out var shape) ||
            FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } createEntry)
        {
            yield break;
        }

        var statement = FixHelpers.FindAdditionalNode(root, diagnostic);
        switch (shape)
        {
            case CacheEntryNeverDisposedAnalyzer.ShapeDeclaration when statement?.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } declaration:
                yield return CacheFix.Syntax("Dispose the entry with 'using' so it is committed", RuleIds.CacheEntryNeverDisposed, () => root.ReplaceNode(declaration, AddUsing(declaration)));
                break;

            case CacheEntryNeverDisposedAnalyzer.ShapeStatement when statement?.FirstAncestorOrSelf<ExpressionStatementSyntax>() is { } expressionStatement &&
                                                                     createEntry.Ancestors().Contains(expressionStatement):
                if (TryRewriteToSet(model, createEntry, expressionStatement) is { } set)
                {
                    yield return CacheFix.Syntax("Use cache.Set(key, value, options), which commits the entry", RuleIds.CacheEntryNeverDisposed, () => root.ReplaceNode(expressionStatement, set));
                }
                else
                {
                    yield return CacheFix.Syntax("Dispose the entry with 'using' so it is committed", RuleIds.CacheEntryNeverDisposed, () => root.ReplaceNode(expressionStatement, WrapInUsing(model, createEntry, expressionStatement)));
                }

                break;
        }
    }

    private static LocalDeclarationStatementSyntax AddUsing(LocalDeclarationStatementSyntax declaration) =>
        declaration
            .WithoutLeadingTrivia()
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithLeadingTrivia(declaration.GetLeadingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary><c>using (var entry = cache.CreateEntry(k)) { entry.SetValue(v)…; }</c></summary>
    private static StatementSyntax WrapInUsing(SemanticModel model, InvocationExpressionSyntax createEntry, ExpressionStatementSyntax statement)
    {
        var name = UniqueName(model, statement.SpanStart, "entry");
        var body = statement.ReplaceNode(createEntry, SyntaxFactory.IdentifierName(name)).WithoutLeadingTrivia().WithoutTrailingTrivia();
        var declaration = SyntaxFactory.VariableDeclaration(
            SyntaxFactory.IdentifierName("var"),
            SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name))
                .WithInitializer(SyntaxFactory.EqualsValueClause(createEntry.WithoutTrivia()))));
        return SyntaxFactory.UsingStatement(declaration, null, SyntaxFactory.Block(body))
            .WithTriviaFrom(statement)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary><c>cache.CreateEntry(k).SetValue(v).SetSize(1);</c> → <c>cache.Set(k, v, new MemoryCacheEntryOptions().SetSize(1));</c>, or null.</summary>
    private static StatementSyntax? TryRewriteToSet(SemanticModel model, InvocationExpressionSyntax createEntry, ExpressionStatementSyntax statement)
    {
        if (createEntry.Expression is not MemberAccessExpressionSyntax { Expression: { } cache } || createEntry.ArgumentList.Arguments.Count != 1 ||
            model.GetTypeInfo(cache).Type is not { } cacheType || !IsMemoryCache(cacheType))
        {
            return null;
        }

        // Collect the chain from CreateEntry outwards.
        var calls = new List<(string Name, ArgumentListSyntax Arguments)>();
        SyntaxNode current = createEntry;
        while (current.Parent is MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } access && access.Expression == current &&
               access.Parent is InvocationExpressionSyntax call && call.Expression == access)
        {
            calls.Add((name.Identifier.ValueText, call.ArgumentList));
            current = call;
        }

        if (current != statement.Expression || calls.Count == 0 || calls[0].Name != "SetValue" || calls[0].Arguments.Arguments.Count != 1)
        {
            return null;
        }

        var text = $"{cache.WithoutTrivia()}.Set({createEntry.ArgumentList.Arguments[0].WithoutTrivia()}, {calls[0].Arguments.Arguments[0].Expression.WithoutTrivia()}";
        if (calls.Count > 1)
        {
            var options = $"new {FixHelpers.NamespacePrefix(model, statement.SpanStart, "Microsoft.Extensions.Caching.Memory", "MemoryCacheEntryOptions")}MemoryCacheEntryOptions()";
            for (var i = 1; i < calls.Count; i++)
            {
                if (!OptionSetters.Contains(calls[i].Name))
                {
                    return null;
                }

                options += $".{calls[i].Name}{calls[i].Arguments.WithoutTrivia()}";
            }

            text += ", " + options;
        }

        var expression = SyntaxFactory.ParseExpression(text + ")");
        return statement.WithExpression(expression.WithTriviaFrom(statement.Expression)).WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static bool IsMemoryCache(ITypeSymbol type) =>
        type.Name == "IMemoryCache" || type.AllInterfaces.Any(i => i.Name == "IMemoryCache");

    private static string UniqueName(SemanticModel model, int position, string name)
    {
        var candidate = name;
        for (var i = 2; i < 100 && model.LookupSymbols(position, name: candidate).Length > 0; i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
