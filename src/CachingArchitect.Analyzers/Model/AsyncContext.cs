using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>Why the code around an operation counts as an asynchronous path.</summary>
internal enum AsyncPathKind
{
    /// <summary>Not an async path: a synchronous method or lambda off the request path, an entry point, a constructor.</summary>
    None,

    /// <summary>The executing function is declared <c>async</c>.</summary>
    AsyncFunction,

    /// <summary>The executing function returns <c>Task</c>/<c>ValueTask</c> (with or without a result) without being <c>async</c>.</summary>
    TaskReturning,

    /// <summary>The executing function is a synchronous request-path entry point (controller action, page handler, hub method, minimal-API lambda).</summary>
    RequestPath,
}

/// <summary>The function an operation executes in, and what kind of async path it is.</summary>
internal readonly struct AsyncPath
{
    public AsyncPath(AsyncPathKind kind, IMethodSymbol? function, SyntaxNode? functionSyntax, bool isInherited)
    {
        Kind = kind;
        Function = function;
        FunctionSyntax = functionSyntax;
        IsInherited = isInherited;
    }

    public AsyncPathKind Kind { get; }

    /// <summary>The method, local function or lambda whose body contains the operation (after <see cref="IsInherited"/> look-through).</summary>
    public IMethodSymbol? Function { get; }

    /// <summary>The declaration syntax of <see cref="Function"/> (method, local function, lambda), when in source.</summary>
    public SyntaxNode? FunctionSyntax { get; }

    /// <summary>
    /// True when the operation sits in a synchronous LINQ per-element lambda (<c>ids.Select(id =&gt; …)</c>) and the path was
    /// taken from the function around that lambda: the code still runs on that path, but <c>await</c> cannot be added in place.
    /// </summary>
    public bool IsInherited { get; }

    public bool IsAsyncPath => Kind != AsyncPathKind.None;
}

/// <summary>
/// Async-path detection shared by the rules (CACHE041 and others): is an operation executed inside an <c>async</c> function,
/// a <c>Task</c>-returning function, or a synchronous request-path entry point? Lambdas and local functions are judged on
/// their own, except synchronous LINQ-to-objects per-element lambdas, which run inside the enclosing function.
/// Entry points (<c>Main</c>, top-level statements) are never async paths: blocking there starves no shared pool.
/// </summary>
internal static class AsyncContext
{
    public static AsyncPath Get(IOperation operation, ISymbol? containingSymbol)
    {
        var inherited = false;
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation lambda:
                {
                    var symbol = lambda.Symbol;
                    if (symbol.IsAsync)
                    {
                        return new AsyncPath(AsyncPathKind.AsyncFunction, symbol, lambda.Syntax, inherited);
                    }

                    if (IsTaskLike(symbol.ReturnType))
                    {
                        return new AsyncPath(AsyncPathKind.TaskReturning, symbol, lambda.Syntax, inherited);
                    }

                    if (RequestContext.GetMinimalApiPattern(lambda, out _))
                    {
                        return new AsyncPath(AsyncPathKind.RequestPath, symbol, lambda.Syntax, inherited);
                    }

                    if (IsSynchronousPerElementLambda(lambda))
                    {
                        inherited = true;
                        continue;
                    }

                    return default;
                }

                case ILocalFunctionOperation local:
                {
                    var symbol = local.Symbol;
                    return symbol.IsAsync ? new AsyncPath(AsyncPathKind.AsyncFunction, symbol, local.Syntax, inherited)
                        : IsTaskLike(symbol.ReturnType) ? new AsyncPath(AsyncPathKind.TaskReturning, symbol, local.Syntax, inherited)
                        : default;
                }
            }
        }

        if (containingSymbol is not IMethodSymbol method || method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation) ||
            IsEntryPoint(method))
        {
            return default;
        }

        var syntax = method.DeclaringSyntaxReferences.Length > 0 ? method.DeclaringSyntaxReferences[0].GetSyntax() : null;
        if (method.IsAsync)
        {
            return new AsyncPath(AsyncPathKind.AsyncFunction, method, syntax, inherited);
        }

        if (IsTaskLike(method.ReturnType))
        {
            return new AsyncPath(AsyncPathKind.TaskReturning, method, syntax, inherited);
        }

        return RequestContext.GetEndpointKind(method) != EndpointKind.None
            ? new AsyncPath(AsyncPathKind.RequestPath, method, syntax, inherited)
            : default;
    }

    /// <summary>True for <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c> and <c>ValueTask&lt;T&gt;</c>.</summary>
    public static bool IsTaskLike(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask" } named && SymbolNames.IsInNamespace(named.ContainingNamespace, "System.Threading.Tasks");

    /// <summary>True for <c>Main</c> and the synthesized entry point of top-level statements.</summary>
    public static bool IsEntryPoint(IMethodSymbol method) =>
        method.IsStatic && method.Name is "Main" or "<Main>$";

    private static bool IsSynchronousPerElementLambda(IAnonymousFunctionOperation lambda)
    {
        var call = LoopContext.GetPerElementCall(lambda);
        if (call is null)
        {
            return false;
        }

        var method = call.TargetMethod.ReducedFrom ?? call.TargetMethod;
        return method.ContainingType?.Name is "Enumerable" or "List" or "Array";
    }
}
