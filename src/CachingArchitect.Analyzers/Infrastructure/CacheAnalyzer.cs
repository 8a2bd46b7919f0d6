using System.Collections.Immutable;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Infrastructure;

/// <summary>
/// Base of every CachingArchitect analyzer: concurrent, skips generated code, and gates on the caching
/// libraries at compilation start, so a project that references none of them registers nothing.
/// </summary>
public abstract class CacheAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = CacheSymbols.Get(start.Compilation);
            if (!symbols.HasAnyCachingLibrary || !IsApplicable(symbols))
            {
                return;
            }

            OnCompilationStart(start, symbols);
        });
    }

    /// <summary>True when the libraries this rule binds to are referenced; checked once per compilation.</summary>
    internal abstract bool IsApplicable(CacheSymbols symbols);

    /// <summary>Registers the rule's actions for a compilation that references its libraries.</summary>
    internal abstract void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols);

    /// <summary>Registers <paramref name="action"/> for every recognized cache operation.</summary>
    internal static void RegisterCacheOperationAction(
        CompilationStartAnalysisContext context,
        CacheSymbols symbols,
        System.Action<OperationAnalysisContext, CacheOperation> action)
    {
        context.RegisterOperationAction(
            ctx =>
            {
                var invocation = (IInvocationOperation)ctx.Operation;
                var operation = CacheOperationRecognizer.Recognize(invocation, symbols);
                if (operation is not null)
                {
                    action(ctx, operation);
                }
            },
            OperationKind.Invocation);
    }

    /// <summary>Descriptors of this analyzer (helper for one-descriptor rules).</summary>
    protected static ImmutableArray<DiagnosticDescriptor> Rules(params DiagnosticDescriptor[] descriptors) =>
        ImmutableArray.Create(descriptors);
}
