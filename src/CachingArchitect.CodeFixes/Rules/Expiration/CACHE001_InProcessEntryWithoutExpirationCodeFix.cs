using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
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
/// CACHE001 fix: give the entry an expiration of <c>caching_architect.default_ttl</c> — a TTL argument on
/// <c>Set(key, value)</c>, <c>AbsoluteExpirationRelativeToNow</c> on the options or the factory's entry,
/// or a finite <c>AbsoluteExpiration</c> for System.Runtime.Caching.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InProcessEntryWithoutExpirationCodeFix))]
[Shared]
public sealed class InProcessEntryWithoutExpirationCodeFix : CodeFixProvider
{
    private const string Title = "Add an expiration";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.InProcessEntryWithoutExpiration);

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
            if (!diagnostic.Properties.TryGetValue(InProcessEntryWithoutExpirationAnalyzer.ShapeProperty, out var shape) || shape is null)
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
                    Title + " (" + TtlSyntax.ToTimeSpanExpression(FixHelpers.GetTtl(diagnostic)) + ")",
                    ct => FixHelpers.FinishAsync(context.Document.WithSyntaxRoot(edit()), ct),
                    equivalenceKey: RuleIds.InProcessEntryWithoutExpiration),
                diagnostic);
        }
    }

    private static System.Func<SyntaxNode>? TryCreateEdit(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string shape)
    {
        var ttl = FixHelpers.GetTtl(diagnostic);
        var position = diagnostic.Location.SourceSpan.Start;
        var ttlExpression = FixHelpers.TtlExpression(model, position, ttl);
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        var additional = diagnostic.AdditionalLocations.Count > 0
            ? root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true)
            : null;

        switch (shape)
        {
            case InProcessEntryWithoutExpirationAnalyzer.ShapeAddTtlArgument when invocation is not null:
                return () => root.ReplaceNode(
                    invocation.ArgumentList,
                    invocation.ArgumentList.AddArguments(SyntaxFactory.Argument(ttlExpression)));

            case InProcessEntryWithoutExpirationAnalyzer.ShapeOptionsInitializer when additional?.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation:
                return () => root.ReplaceNode(creation, AddInitializer(creation, "AbsoluteExpirationRelativeToNow", ttlExpression));

            case InProcessEntryWithoutExpirationAnalyzer.ShapePolicyInitializer when additional?.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } policy:
                return () => root.ReplaceNode(policy, AddInitializer(policy, "AbsoluteExpiration", FixHelpers.AbsoluteFromNow(model, position, ttl)));

            case InProcessEntryWithoutExpirationAnalyzer.ShapeInfiniteArgument when invocation is not null:
                var infinite = invocation.ArgumentList.Arguments.FirstOrDefault(a =>
                    a.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "InfiniteAbsoluteExpiration" or "MaxValue" });
                return infinite is null ? null : () => root.ReplaceNode(infinite.Expression, FixHelpers.AbsoluteFromNow(model, position, ttl));

            case InProcessEntryWithoutExpirationAnalyzer.ShapeFactory when additional?.FirstAncestorOrSelf<LambdaExpressionSyntax>() is { } lambda:
                var parameter = lambda switch
                {
                    SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText,
                    ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: > 0 } parenthesized => parenthesized.ParameterList.Parameters[0].Identifier.ValueText,
                    _ => null,
                };
                return parameter is null ? null : () => root.ReplaceNode(lambda, InsertFirstStatement(lambda, EntryAssignment(parameter, ttlExpression)));

            case InProcessEntryWithoutExpirationAnalyzer.ShapeEntry when invocation?.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } &&
                                                                      declarator.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { Parent: BlockSyntax block } statement:
                return () =>
                {
                    var assignment = EntryAssignment(declarator.Identifier.ValueText, ttlExpression);
                    var index = block.Statements.IndexOf(statement);
                    return root.ReplaceNode(block, block.WithStatements(block.Statements.Insert(index + 1, assignment)));
                };

            default:
                return null;
        }
    }

    private static StatementSyntax EntryAssignment(string entry, ExpressionSyntax ttl) =>
        SyntaxFactory.ExpressionStatement(
                SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.IdentifierName(entry),
                        SyntaxFactory.IdentifierName("AbsoluteExpirationRelativeToNow")),
                    ttl))
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>Adds <c>Member = value</c> to an object creation's initializer, creating the initializer when needed.</summary>
    internal static BaseObjectCreationExpressionSyntax AddInitializer(BaseObjectCreationExpressionSyntax creation, string member, ExpressionSyntax value)
    {
        var assignment = SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(member), value);
        if (creation.Initializer is { } initializer)
        {
            return creation.WithInitializer(initializer.AddExpressions(assignment)).WithAdditionalAnnotations(Formatter.Annotation);
        }

        var newInitializer = SyntaxFactory.InitializerExpression(
            SyntaxKind.ObjectInitializerExpression,
            SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(assignment));

        // new X() -> new X { … } keeps the argument list; drop an empty one for the idiomatic form.
        var withoutTrailing = creation.WithoutTrailingTrivia();
        if (withoutTrailing is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } explicitCreation)
        {
            withoutTrailing = explicitCreation.WithArgumentList(null).WithType(explicitCreation.Type.WithTrailingTrivia(SyntaxFactory.Space));
        }

        return withoutTrailing
            .WithInitializer(newInitializer)
            .WithTrailingTrivia(creation.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>Inserts a statement at the start of a lambda body, turning an expression body into a block.</summary>
    internal static LambdaExpressionSyntax InsertFirstStatement(LambdaExpressionSyntax lambda, StatementSyntax statement)
    {
        if (lambda.Block is { } block)
        {
            return lambda.WithBlock(block.WithStatements(block.Statements.Insert(0, statement))).WithAdditionalAnnotations(Formatter.Annotation);
        }

        if (lambda.ExpressionBody is { } expression)
        {
            var newLine = SyntaxFactory.ElasticCarriageReturnLineFeed;
            var newBlock = SyntaxFactory.Block(
                    statement.WithTrailingTrivia(newLine),
                    SyntaxFactory.ReturnStatement(expression.WithoutTrivia()).WithTrailingTrivia(newLine))
                .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(newLine).WithTrailingTrivia(newLine));
            return lambda.WithExpressionBody(null).WithBlock(newBlock).WithAdditionalAnnotations(Formatter.Annotation);
        }

        return lambda;
    }
}
