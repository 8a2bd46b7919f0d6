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

    /// <summary>
    /// Registers <paramref name="action"/> for every recognized cache operation. The invocation action is registered per operation
    /// block, and only in blocks that contain a cache operation (<see cref="BlockFacts.HasCacheOperation"/>, one walk per block
    /// shared by every rule): the analyzer driver then does not call the rule for the invocations of the other bodies.
    /// </summary>
    internal static void RegisterCacheOperationAction(
        CompilationStartAnalysisContext context,
        CacheSymbols symbols,
        System.Action<OperationAnalysisContext, CacheOperation> action)
    {
        System.Action<OperationAnalysisContext> onInvocation = ctx =>
        {
            var invocation = (IInvocationOperation)ctx.Operation;
            var operation = CacheOperationRecognizer.Recognize(invocation, symbols);
            if (operation is not null)
            {
                action(ctx, operation);
            }
        };

        context.RegisterOperationBlockStartAction(block =>
        {
            if (BlockFacts.Get(block.OperationBlocks, symbols, block.CancellationToken).HasCacheOperation)
            {
                block.RegisterOperationAction(onInvocation, OperationKind.Invocation);
            }
        });
    }

    /// <summary>
    /// Registers <paramref name="action"/> for the <paramref name="kinds"/> operations of the blocks that call a cache API (a method of,
    /// or on a receiver of, a type with a cache-API role: <see cref="BlockFacts.CacheApiRoles"/>). For rules whose every trigger needs
    /// such a call in the same body; the other bodies cost the rule one shared lookup instead of one driver callback per operation.
    /// </summary>
    internal static void RegisterOperationActionInCacheBlocks(
        CompilationStartAnalysisContext context,
        CacheSymbols symbols,
        System.Action<OperationAnalysisContext> action,
        params OperationKind[] kinds)
    {
        var operationKinds = ImmutableArray.Create(kinds);
        context.RegisterOperationBlockStartAction(block =>
        {
            if (BlockFacts.Get(block.OperationBlocks, symbols, block.CancellationToken).CacheApiRoles != CacheTypeRoles.None)
            {
                block.RegisterOperationAction(action, operationKinds);
            }
        });
    }

    /// <summary>Descriptors of this analyzer (helper for one-descriptor rules).</summary>
    protected static ImmutableArray<DiagnosticDescriptor> Rules(params DiagnosticDescriptor[] descriptors) =>
        ImmutableArray.Create(descriptors);
}
