using System;
using System.Threading;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CachingArchitect.CodeFixes.Infrastructure;

/// <summary>Shared pieces of the code fixes: the TTL to insert and its syntax, the diagnostic's nodes, formatting.</summary>
internal static class FixHelpers
{
    /// <summary>The TTL the analyzer put in the diagnostic (from <c>caching_architect.default_ttl</c>), or 5 minutes.</summary>
    public static TimeSpan GetTtl(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(CachingArchitectOptions.TtlProperty, out var text) && TtlSyntax.TryParseProperty(text, out var ttl)
            ? ttl
            : CachingArchitectOptions.DefaultTtlFallback;

    /// <summary>
    /// <c>TimeSpan.FromMinutes(5)</c>, qualified with <c>System.</c> only when <c>TimeSpan</c> does not bind to
    /// <c>System.TimeSpan</c> at <paramref name="position"/> (no using, or shadowed).
    /// </summary>
    public static ExpressionSyntax TtlExpression(SemanticModel model, int position, TimeSpan ttl) =>
        SyntaxFactory.ParseExpression(SystemPrefix(model, position, "TimeSpan") + TtlSyntax.ToTimeSpanExpression(ttl));

    /// <summary><c>DateTimeOffset.UtcNow.Add(TimeSpan.FromMinutes(5))</c>, qualified where needed.</summary>
    public static ExpressionSyntax AbsoluteFromNow(SemanticModel model, int position, TimeSpan ttl) =>
        SyntaxFactory.ParseExpression(
            SystemPrefix(model, position, "DateTimeOffset") + "DateTimeOffset.UtcNow.Add(" +
            SystemPrefix(model, position, "TimeSpan") + TtlSyntax.ToTimeSpanExpression(ttl) + ")");

    /// <summary>"" when <c>System.<paramref name="typeName"/></c> is in scope by its simple name, else "global::System.".</summary>
    public static string SystemPrefix(SemanticModel model, int position, string typeName) => NamespacePrefix(model, position, "System", typeName);

    /// <summary>
    /// "" when <paramref name="typeName"/> binds to <c><paramref name="ns"/>.<paramref name="typeName"/></c> at
    /// <paramref name="position"/>, else <c>global::<paramref name="ns"/>.</c> (namespace not imported, or the name shadowed).
    /// </summary>
    public static string NamespacePrefix(SemanticModel model, int position, string ns, string typeName)
    {
        var bound = model.GetSpeculativeTypeInfo(position, SyntaxFactory.ParseTypeName(typeName), SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
        return bound is not null && bound.Name == typeName && bound.ContainingNamespace?.ToDisplayString() == ns
            ? string.Empty
            : "global::" + ns + ".";
    }

    /// <summary><paramref name="title"/> followed by the diagnostic's TTL: "Add an expiration (TimeSpan.FromMinutes(5))".</summary>
    public static string TitleWithTtl(string title, Diagnostic diagnostic) =>
        title + " (" + TtlSyntax.ToTimeSpanExpression(GetTtl(diagnostic)) + ")";

    /// <summary>The node the diagnostic is reported on.</summary>
    public static SyntaxNode FindNode(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

    /// <summary>The node at the diagnostic's additional location <paramref name="index"/>, or <see langword="null"/> when there is none.</summary>
    public static SyntaxNode? FindAdditionalNode(SyntaxNode root, Diagnostic diagnostic, int index = 0) =>
        diagnostic.AdditionalLocations.Count > index
            ? root.FindNode(diagnostic.AdditionalLocations[index].SourceSpan, getInnermostNodeForTie: true)
            : null;

    /// <summary>The argument expression at <paramref name="node"/>, widened over <c>!</c> and parentheses (<c>null!</c> → the whole expression).</summary>
    public static ExpressionSyntax? GetArgumentExpression(SyntaxNode? node)
    {
        var expression = node as ExpressionSyntax ?? (node as ArgumentSyntax)?.Expression;
        while (expression?.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } or ParenthesizedExpressionSyntax)
        {
            expression = (ExpressionSyntax)expression.Parent;
        }

        return expression;
    }

    /// <summary>Formats the annotated nodes; done explicitly so the result is the same in every host (IDE, <c>dotnet format</c>, tests).</summary>
    public static Task<Document> FinishAsync(Document document, CancellationToken cancellationToken) =>
        Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken);
}
