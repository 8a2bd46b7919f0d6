using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>Facts about where an operation runs (start-up code, loops), shared by all rules.</summary>
internal static class CodeContext
{
    /// <summary>
    /// True for code that runs once at start-up: top-level statements, <c>Main</c>, static constructors,
    /// <c>IHostedService.StartAsync</c> and <c>Startup.Configure*</c>.
    /// </summary>
    public static bool IsStartupCode(IOperation operation, ISymbol? containingSymbol)
    {
        // Lambdas inside start-up code run later (endpoints, factories): only the enclosing method counts.
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        if (containingSymbol is not IMethodSymbol method)
        {
            return false;
        }

        if (method.MethodKind == MethodKind.StaticConstructor)
        {
            return true;
        }

        if (method.Name == "<Main>$" || (method.Name == "Main" && method.IsStatic))
        {
            return true;
        }

        if (method.Name == "StartAsync")
        {
            foreach (var i in method.ContainingType.AllInterfaces)
            {
                if (i.Name == "IHostedService" && i.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.Hosting")
                {
                    return true;
                }
            }
        }

        return method.ContainingType?.Name == "Startup" && method.Name.StartsWith("Configure", System.StringComparison.Ordinal);
    }

    /// <summary>
    /// True for the body of a hosted service: <see cref="IsStartupCode"/>, or the <c>ExecuteAsync</c> override of a
    /// <c>BackgroundService</c> (the idiomatic place that keeps pinned reference data fresh on a timer). Lambdas do not count.
    /// </summary>
    public static bool IsStartupOrHostedServiceCode(IOperation operation, ISymbol? containingSymbol)
    {
        if (IsStartupCode(operation, containingSymbol))
        {
            return true;
        }

        if (containingSymbol is not IMethodSymbol { Name: "ExecuteAsync", IsOverride: true } method)
        {
            return false;
        }

        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        for (var type = method.ContainingType?.BaseType; type is not null; type = type.BaseType)
        {
            if (type.Name == "BackgroundService" && type.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.Hosting")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The location to squiggle for a call: the method name (<c>cache.[|Set|](…)</c>), or the whole call.</summary>
    public static Location GetNameLocation(IInvocationOperation invocation)
    {
        if (invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member })
        {
            return member.Name.GetLocation();
        }

        if (invocation.Syntax is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding })
        {
            return binding.Name.GetLocation();
        }

        if (invocation.Syntax is InvocationExpressionSyntax { Expression: SimpleNameSyntax name })
        {
            return name.GetLocation();
        }

        return invocation.Syntax.GetLocation();
    }
}
