using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Rules.Expiration;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CachingArchitect.CodeFixes.Rules.Expiration;

/// <summary>
/// CACHE002 fix: add an absolute cap — <c>AbsoluteExpirationRelativeToNow = cap</c> on the options initializer, the
/// factory's entry or the created entry, or <c>.SetAbsoluteExpiration(cap)</c> on a fluent options chain. The cap
/// (in the diagnostic's <c>DefaultTtl</c> property) is <c>caching_architect.sliding_cap_multiplier</c> × the sliding
/// window when that is constant, else <c>caching_architect.default_ttl</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SlidingWithoutAbsoluteCapCodeFix))]
[Shared]
public sealed class SlidingWithoutAbsoluteCapCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.SlidingWithoutAbsoluteCap);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(SlidingWithoutAbsoluteCapAnalyzer.ShapeProperty, out var shape) || shape is null)
            {
                continue;
            }

            var edit = TryCreateEdit(root, model, diagnostic, shape);
            if (edit is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Add an absolute expiration cap (" + TtlSyntax.ToTimeSpanExpression(FixHelpers.GetTtl(diagnostic)) + ")",
                    ct => FixHelpers.FinishAsync(context.Document.WithSyntaxRoot(edit()), ct),
                    equivalenceKey: RuleIds.SlidingWithoutAbsoluteCap + ".AddCap"),
                diagnostic);
        }
    }

    private static System.Func<SyntaxNode>? TryCreateEdit(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string shape)
    {
        var cap = FixHelpers.TtlExpression(model, diagnostic.Location.SourceSpan.Start, FixHelpers.GetTtl(diagnostic));
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        var additional = diagnostic.AdditionalLocations.Count > 0
            ? root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true)
            : null;

        switch (shape)
        {
            case SlidingWithoutAbsoluteCapAnalyzer.ShapeOptionsInitializer when additional?.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation:
                return () => root.ReplaceNode(creation, InProcessEntryWithoutExpirationCodeFix.AddInitializer(creation, "AbsoluteExpirationRelativeToNow", cap));

            case SlidingWithoutAbsoluteCapAnalyzer.ShapeFluentChain when FixHelpers.GetArgumentExpression(additional) is { } chain:
                return () => root.ReplaceNode(
                    chain,
                    SyntaxFactory.InvocationExpression(
                            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, chain.WithoutTrivia(), SyntaxFactory.IdentifierName("SetAbsoluteExpiration")),
                            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(cap))))
                        .WithTriviaFrom(chain)
                        .WithAdditionalAnnotations(Formatter.Annotation));

            case SlidingWithoutAbsoluteCapAnalyzer.ShapeFactory when additional?.FirstAncestorOrSelf<LambdaExpressionSyntax>() is { } lambda:
                var parameter = lambda switch
                {
                    SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText,
                    ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: > 0 } parenthesized => parenthesized.ParameterList.Parameters[0].Identifier.ValueText,
                    _ => null,
                };
                return parameter is null ? null : () => root.ReplaceNode(lambda, InProcessEntryWithoutExpirationCodeFix.InsertFirstStatement(lambda, CapAssignment(parameter, cap)));

            case SlidingWithoutAbsoluteCapAnalyzer.ShapeEntry when invocation?.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } &&
                                                                declarator.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { Parent: BlockSyntax block } statement:
                return () =>
                {
                    var index = block.Statements.IndexOf(statement);
                    return root.ReplaceNode(block, block.WithStatements(block.Statements.Insert(index + 1, CapAssignment(declarator.Identifier.ValueText, cap))));
                };

            default:
                return null;
        }
    }

    private static StatementSyntax CapAssignment(string entry, ExpressionSyntax cap) =>
        SyntaxFactory.ExpressionStatement(
                SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.IdentifierName(entry),
                        SyntaxFactory.IdentifierName("AbsoluteExpirationRelativeToNow")),
                    cap))
            .WithAdditionalAnnotations(Formatter.Annotation);
}
