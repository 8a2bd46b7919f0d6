using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CachingArchitect.CodeFixes.Infrastructure;

/// <summary>Syntax edits several code fixes make; each result carries <see cref="Formatter.Annotation"/>.</summary>
internal static class SyntaxEdits
{
    /// <summary>Adds <c>Member = value</c> to an object creation's initializer, creating the initializer when needed.</summary>
    public static BaseObjectCreationExpressionSyntax AddInitializer(BaseObjectCreationExpressionSyntax creation, string member, ExpressionSyntax value)
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

    /// <summary>
    /// <c>entry => …</c> → <c>entry => { entry.Member = value; … }</c> on the factory lambda's first parameter;
    /// <see langword="null"/> when the lambda has no parameter.
    /// </summary>
    public static Func<SyntaxNode>? AssignInLambda(SyntaxNode root, LambdaExpressionSyntax lambda, string member, ExpressionSyntax value)
    {
        var parameter = lambda switch
        {
            SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText,
            ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: > 0 } parenthesized => parenthesized.ParameterList.Parameters[0].Identifier.ValueText,
            _ => null,
        };
        return parameter is null ? null : () => root.ReplaceNode(lambda, InsertFirstStatement(lambda, MemberAssignment(parameter, member, value)));
    }

    /// <summary>
    /// <c>var entry = <paramref name="initializer"/>;</c> in a block → followed by <c>entry.Member = value;</c>;
    /// <see langword="null"/> when <paramref name="initializer"/> does not initialize such a local.
    /// </summary>
    public static Func<SyntaxNode>? AssignAfterDeclaration(SyntaxNode root, ExpressionSyntax? initializer, string member, ExpressionSyntax value)
    {
        if (initializer?.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } ||
            declarator.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is not { Parent: BlockSyntax block } statement)
        {
            return null;
        }

        return () =>
        {
            var assignment = MemberAssignment(declarator.Identifier.ValueText, member, value);
            var index = block.Statements.IndexOf(statement);
            return root.ReplaceNode(block, block.WithStatements(block.Statements.Insert(index + 1, assignment)));
        };
    }

    /// <summary><c>target.Member = value;</c></summary>
    public static StatementSyntax MemberAssignment(string target, string member, ExpressionSyntax value) =>
        SyntaxFactory.ExpressionStatement(
                SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.IdentifierName(target),
                        SyntaxFactory.IdentifierName(member)),
                    value))
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>Inserts a statement at the start of a lambda body, turning an expression body into a block.</summary>
    public static LambdaExpressionSyntax InsertFirstStatement(LambdaExpressionSyntax lambda, StatementSyntax statement)
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

    /// <summary>
    /// <c>expression</c> → <c>expression.Method(argument)</c> with the trivia of <paramref name="expression"/>; the
    /// receiver is wrapped in parentheses unless it is a primary expression (so <c>a ?? b</c> becomes <c>(a ?? b).Method(…)</c>).
    /// </summary>
    public static ExpressionSyntax AppendCall(ExpressionSyntax expression, string method, ExpressionSyntax argument)
    {
        var receiver = NeedsParentheses(expression)
            ? SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia())
            : expression.WithoutTrivia();
        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName(method)),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument))))
            .WithTriviaFrom(expression)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>Whether <paramref name="expression"/> must be parenthesized to be the left operand of <c>.</c> or <c>+</c>.</summary>
    public static bool NeedsParentheses(ExpressionSyntax expression) =>
        expression is not (SimpleNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or
            BaseObjectCreationExpressionSyntax or ParenthesizedExpressionSyntax or ElementAccessExpressionSyntax or LiteralExpressionSyntax or
            ThisExpressionSyntax or BaseExpressionSyntax or PostfixUnaryExpressionSyntax or TypeOfExpressionSyntax or DefaultExpressionSyntax);

    /// <summary>The invocation with <paramref name="arguments"/> as its argument list.</summary>
    public static InvocationExpressionSyntax WithArguments(InvocationExpressionSyntax invocation, SeparatedSyntaxList<ArgumentSyntax> arguments) =>
        invocation.WithArgumentList(invocation.ArgumentList.WithArguments(arguments)).WithAdditionalAnnotations(Formatter.Annotation);
}
