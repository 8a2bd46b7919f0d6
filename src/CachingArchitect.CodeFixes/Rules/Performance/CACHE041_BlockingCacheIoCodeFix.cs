using System.Collections.Generic;
using System.Composition;
using System.Linq;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Rules.Performance;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CachingArchitect.CodeFixes.Rules.Performance;

/// <summary>
/// CACHE041 fix: await instead of blocking — switch a synchronous call to its <c>…Async</c> twin and <c>await</c> it, or replace
/// <c>.Result</c>/<c>.Wait()</c>/<c>.GetAwaiter().GetResult()</c> with <c>await</c>. When the function is not <c>async</c> yet:
/// a <c>Task</c>-returning function gets <c>async</c> and its <c>return Task.FromResult(x)</c> become <c>return x</c>; a synchronous
/// request-path entry point (controller action, page handler, hub method) that no code calls gets <c>async</c> and a
/// <c>Task</c>/<c>Task&lt;T&gt;</c> return type; a minimal-API lambda gets <c>async</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingCacheIoCodeFix))]
[Shared]
public sealed class BlockingCacheIoCodeFix : CacheCodeFixProvider
{
    public const string EquivalenceKey = RuleIds.BlockingCacheIo + ".Await";

    private protected override string DiagnosticId => RuleIds.BlockingCacheIo;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (diagnostic.Properties.ContainsKey(BlockingCacheIoAnalyzer.NoFixProperty) ||
            !diagnostic.Properties.TryGetValue(BlockingCacheIoAnalyzer.FormProperty, out var form) ||
            !diagnostic.Properties.TryGetValue(BlockingCacheIoAnalyzer.PathProperty, out var path))
        {
            yield break;
        }

        diagnostic.Properties.TryGetValue(BlockingCacheIoAnalyzer.TwinProperty, out var twin);
        var node = FixHelpers.FindNode(root, diagnostic);
        if (!TryBuildAwait(node, form, twin, out var target, out var awaited))
        {
            yield break;
        }

        var function = target.Ancestors().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MethodDeclarationSyntax);
        if (function is null || target.Ancestors().TakeWhile(a => a != function).Any(a => a is LockStatementSyntax or QueryExpressionSyntax))
        {
            yield break;
        }

        var isAsync = GetModifiers(function).Any(SyntaxKind.AsyncKeyword) || function is AnonymousFunctionExpressionSyntax { AsyncKeyword.RawKind: (int)SyntaxKind.AsyncKeyword };
        var title = form == BlockingCacheIoAnalyzer.FormTwin ? $"Await '{twin}'" : "Await the task instead of blocking";
        if (isAsync)
        {
            yield return CacheFix.Syntax(title, EquivalenceKey, () => root.ReplaceNode(target, Parenthesize(target, awaited)));
            yield break;
        }

        if (path == nameof(AsyncPathKind.TaskReturning))
        {
            var hasResult = function is AnonymousFunctionExpressionSyntax
                ? model.GetSymbolInfo(function).Symbol is IMethodSymbol { ReturnType: INamedTypeSymbol { IsGenericType: true } }
                : GetReturnType(function) is GenericNameSyntax or QualifiedNameSyntax { Right: GenericNameSyntax };
            if (MakeTaskReturningAsync(root, function, target, awaited, hasResult) is { } fixedRoot)
            {
                yield return CacheFix.Syntax(title, EquivalenceKey, () => fixedRoot);
            }
            yield break;
        }

        if (path == nameof(AsyncPathKind.RequestPath) && CanChangeReturnType(model, function))
        {
            yield return CacheFix.Syntax(title, EquivalenceKey, () => MakeEndpointAsync(root, model, function, target, awaited));
        }
    }

    private static bool TryBuildAwait(SyntaxNode node, string? form, string? twin, out ExpressionSyntax target, out AwaitExpressionSyntax awaited)
    {
        target = null!;
        awaited = null!;
        ExpressionSyntax? task = null;
        switch (form)
        {
            case BlockingCacheIoAnalyzer.FormTwin when twin is not null:
                if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Expression: MemberAccessExpressionSyntax member } invocation)
                {
                    target = invocation;
                    task = invocation.WithExpression(member.WithName(SyntaxFactory.IdentifierName(twin).WithTriviaFrom(member.Name)));
                }

                break;
            case BlockingCacheIoAnalyzer.FormResult:
                if (node.FirstAncestorOrSelf<MemberAccessExpressionSyntax>() is { Name.Identifier.ValueText: "Result" } result)
                {
                    target = result;
                    task = result.Expression;
                }

                break;
            case BlockingCacheIoAnalyzer.FormWait:
                if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait, ArgumentList.Arguments.Count: 0 } waitCall &&
                    waitCall.Parent is ExpressionStatementSyntax)
                {
                    target = waitCall;
                    task = wait.Expression;
                }

                break;
            case BlockingCacheIoAnalyzer.FormGetResult:
                if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is
                    {
                        Expression: MemberAccessExpressionSyntax
                        {
                            Name.Identifier.ValueText: "GetResult",
                            Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter },
                        },
                    } getResult)
                {
                    target = getResult;
                    task = getAwaiter.Expression;
                }

                break;
        }

        if (task is null)
        {
            return false;
        }

        awaited = SyntaxFactory.AwaitExpression(task.WithoutTrivia()).WithTriviaFrom(target).WithAdditionalAnnotations(Formatter.Annotation);
        return true;
    }

    private static ExpressionSyntax Parenthesize(ExpressionSyntax target, AwaitExpressionSyntax awaited) =>
        target.Parent is MemberAccessExpressionSyntax or ConditionalAccessExpressionSyntax or ElementAccessExpressionSyntax or InvocationExpressionSyntax or PostfixUnaryExpressionSyntax
            ? SyntaxFactory.ParenthesizedExpression(awaited.WithoutTrivia()).WithTriviaFrom(awaited)
            : awaited;

    private static SyntaxTokenList GetModifiers(SyntaxNode function) => function switch
    {
        MethodDeclarationSyntax method => method.Modifiers,
        LocalFunctionStatementSyntax local => local.Modifiers,
        _ => default,
    };

    private static SyntaxNode AddAsync(SyntaxNode function)
    {
        var asyncToken = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        switch (function)
        {
            case MethodDeclarationSyntax method:
                return method.Modifiers.Count == 0
                    ? method.WithReturnType(method.ReturnType.WithoutLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(asyncToken.WithLeadingTrivia(method.ReturnType.GetLeadingTrivia())))
                    : method.WithModifiers(InsertAsync(method.Modifiers, asyncToken));
            case LocalFunctionStatementSyntax local:
                return local.Modifiers.Count == 0
                    ? local.WithReturnType(local.ReturnType.WithoutLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(asyncToken.WithLeadingTrivia(local.ReturnType.GetLeadingTrivia())))
                    : local.WithModifiers(InsertAsync(local.Modifiers, asyncToken));
            case AnonymousFunctionExpressionSyntax lambda:
                var leading = lambda.GetLeadingTrivia();
                return lambda.WithoutLeadingTrivia().WithAsyncKeyword(asyncToken).WithLeadingTrivia(leading);
            default:
                return function;
        }
    }

    /// <summary>Inserts <c>async</c> after the access and <c>static</c>/<c>override</c>-style modifiers, before the return type.</summary>
    private static SyntaxTokenList InsertAsync(SyntaxTokenList modifiers, SyntaxToken asyncToken) => modifiers.Add(asyncToken);

    private static SyntaxNode? MakeTaskReturningAsync(SyntaxNode root, SyntaxNode function, ExpressionSyntax target, AwaitExpressionSyntax awaited, bool hasResult)
    {
        var tracked = root.TrackNodes(function, target);
        tracked = tracked.ReplaceNode(tracked.GetCurrentNode(target)!, Parenthesize(target, awaited));
        var current = tracked.GetCurrentNode(function)!;
        var rewriter = new ReturnRewriter(current, hasResult);
        var rewritten = rewriter.Visit(current);
        if (rewriter.Failed || rewritten is null)
        {
            return null;
        }

        return tracked.ReplaceNode(current, AddAsync(rewritten).WithAdditionalAnnotations(Formatter.Annotation));
    }

    private static TypeSyntax? GetReturnType(SyntaxNode function) => function switch
    {
        MethodDeclarationSyntax method => method.ReturnType,
        LocalFunctionStatementSyntax local => local.ReturnType,
        _ => null,
    };

    /// <summary>
    /// True for a synchronous request-path method that no code in the compilation refers to (the framework invokes it), whose
    /// parameters allow <c>async</c>; and for minimal-API lambdas.
    /// </summary>
    private static bool CanChangeReturnType(SemanticModel model, SyntaxNode function)
    {
        if (function is AnonymousFunctionExpressionSyntax)
        {
            return true;
        }

        if (function is not MethodDeclarationSyntax declaration || declaration.ReturnType is RefTypeSyntax ||
            declaration.ParameterList.Parameters.Any(p => p.Modifiers.Any(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword))) ||
            model.GetDeclaredSymbol(declaration) is not { } method || method.IsOverride || method.IsVirtual || method.IsAbstract || method.ExplicitInterfaceImplementations.Length > 0 ||
            method.ReturnsByRef || method.ReturnType.IsRefLikeType)
        {
            return false;
        }

        var name = method.Name;
        foreach (var tree in model.Compilation.SyntaxTrees)
        {
            SemanticModel? treeModel = null;
            foreach (var identifier in tree.GetRoot().DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText != name)
                {
                    continue;
                }

                treeModel ??= tree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(tree);
                var symbol = treeModel.GetSymbolInfo(identifier).Symbol ?? treeModel.GetSymbolInfo(identifier).CandidateSymbols.FirstOrDefault();
                if (symbol is null || SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, method.OriginalDefinition))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static SyntaxNode MakeEndpointAsync(SyntaxNode root, SemanticModel model, SyntaxNode function, ExpressionSyntax target, AwaitExpressionSyntax awaited)
    {
        var tracked = root.TrackNodes(function, target);
        tracked = tracked.ReplaceNode(tracked.GetCurrentNode(target)!, Parenthesize(target, awaited));
        var current = tracked.GetCurrentNode(function)!;
        if (current is MethodDeclarationSyntax method)
        {
            var task = FixHelpers.NamespacePrefix(model, function.SpanStart, "System.Threading.Tasks", "Task") + "Task";
            var returnType = method.ReturnType;
            var newType = returnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
                ? SyntaxFactory.ParseTypeName(task)
                : SyntaxFactory.ParseTypeName(task + "<" + returnType.WithoutTrivia().ToString() + ">");
            current = method.WithReturnType(newType.WithTriviaFrom(returnType));
        }

        return tracked.ReplaceNode(tracked.GetCurrentNode(function)!, AddAsync(current).WithAdditionalAnnotations(Formatter.Annotation));
    }

    /// <summary>Rewrites the returns of a Task-returning function that becomes <c>async</c>; nested functions are left alone.</summary>
    private sealed class ReturnRewriter : CSharpSyntaxRewriter
    {
        private readonly SyntaxNode _function;
        private readonly bool _hasResult;

        public ReturnRewriter(SyntaxNode function, bool hasResult)
        {
            _function = function;
            _hasResult = hasResult;
        }

        public bool Failed { get; private set; }

        public override SyntaxNode? Visit(SyntaxNode? node)
        {
            if (node is not null && node != _function && node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return node;
            }

            return base.Visit(node);
        }

        public override SyntaxNode? VisitReturnStatement(ReturnStatementSyntax node)
        {
            if (node.Expression is null)
            {
                return node;
            }

            if (!_hasResult)
            {
                // async Task: "return Task.CompletedTask;" becomes "return;"; a returned task cannot be kept.
                return IsCompletedTask(node.Expression) ? node.WithExpression(null).WithReturnKeyword(node.ReturnKeyword.WithTrailingTrivia()) : Fail(node);
            }

            var replacement = Rewrite(node.Expression);
            return replacement is null ? Fail(node) : node.WithExpression(replacement.WithTriviaFrom(node.Expression));
        }

        public override SyntaxNode? VisitArrowExpressionClause(ArrowExpressionClauseSyntax node)
        {
            if (node.Parent != _function)
            {
                return node;
            }

            var replacement = Rewrite(node.Expression);
            return replacement is null ? Fail(node) : node.WithExpression(replacement.WithTriviaFrom(node.Expression));
        }

        public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) => VisitLambdaBody(node, node.ExpressionBody, b => node.WithExpressionBody(b), () => base.VisitParenthesizedLambdaExpression(node));

        public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => VisitLambdaBody(node, node.ExpressionBody, b => node.WithExpressionBody(b), () => base.VisitSimpleLambdaExpression(node));

        private SyntaxNode? VisitLambdaBody(SyntaxNode node, ExpressionSyntax? body, System.Func<ExpressionSyntax, SyntaxNode> with, System.Func<SyntaxNode?> visitBlock)
        {
            if (node != _function)
            {
                return node;
            }

            if (body is null)
            {
                return visitBlock();
            }

            var replacement = Rewrite(body);
            return replacement is null ? Fail(node) : with(replacement.WithTriviaFrom(body));
        }

        /// <summary>The awaited form of a returned task expression, or null when it cannot be rewritten.</summary>
        private ExpressionSyntax? Rewrite(ExpressionSyntax expression)
        {
            var e = expression;
            while (e is ParenthesizedExpressionSyntax parenthesized)
            {
                e = parenthesized.Expression;
            }

            if (e is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Task" or "ValueTask" } } member } call)
            {
                var name = member.Name.Identifier.ValueText;
                if (name == "FromResult" && call.ArgumentList.Arguments.Count == 1)
                {
                    return call.ArgumentList.Arguments[0].Expression.WithoutTrivia();
                }

                if (name is "FromException" or "FromCanceled")
                {
                    return null;
                }
            }

            if (e is ObjectCreationExpressionSyntax { Type: GenericNameSyntax { Identifier.ValueText: "ValueTask" }, ArgumentList.Arguments.Count: 1 } creation &&
                creation.ArgumentList.Arguments[0].Expression is { } value)
            {
                return value.WithoutTrivia();
            }

            if (IsCompletedTask(e))
            {
                return null;
            }

            return SyntaxFactory.AwaitExpression(expression.WithoutTrivia());
        }

        private static bool IsCompletedTask(ExpressionSyntax e) =>
            e is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompletedTask" } or LiteralExpressionSyntax { RawKind: (int)SyntaxKind.DefaultLiteralExpression } or DefaultExpressionSyntax;

        private SyntaxNode Fail(SyntaxNode node)
        {
            Failed = true;
            return node;
        }
    }
}
