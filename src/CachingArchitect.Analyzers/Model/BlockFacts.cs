using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// What the operation blocks of one declaration contain, computed by one walk and shared by every rule that asks. Rules whose
/// every trigger is a call into a cache API register their operation actions per block (<c>RegisterOperationBlockStartAction</c>)
/// and only for blocks that make such a call: in a large code base most method bodies make none, and for them the analyzer
/// driver then calls none of those rules' actions at all, instead of calling each rule once per invocation of the body.
/// </summary>
/// <remarks>
/// Sound as a negative filter only: a block without a fact has no operation the fact describes, in any nested lambda or
/// local function either (they are part of the block).
/// </remarks>
internal sealed class BlockFacts
{
    private static readonly BlockFacts Nothing = new(hasCacheOperation: false, cacheApiRoles: CacheTypeRoles.None);

    private BlockFacts(bool hasCacheOperation, CacheTypeRoles cacheApiRoles)
    {
        HasCacheOperation = hasCacheOperation;
        CacheApiRoles = cacheApiRoles;
    }

    /// <summary>True when a call of the blocks is a cache operation (<see cref="CacheOperationRecognizer.Recognize"/>).</summary>
    public bool HasCacheOperation { get; }

    /// <summary>
    /// The cache API roles (<see cref="CacheSymbols.GetRoles"/>) of the types the blocks call methods of: the containing type of
    /// every invoked method (the extension method's static class for an extension call), and the receiver of every instance call
    /// (members a cache type inherits, such as <c>IRedisAsync.PingAsync</c> called on an <c>IDatabase</c>).
    /// </summary>
    public CacheTypeRoles CacheApiRoles { get; }

    /// <summary>
    /// The block last asked about on this thread and its facts. The analyzer driver runs every analyzer's actions for one declaration
    /// in a row on one thread, so all rules but the first find the answer here, with no lock and no table to grow; an answer that
    /// was replaced meanwhile is computed again. The block is held weakly: an idle thread must not keep an old compilation alive.
    /// </summary>
    [ThreadStatic]
    private static WeakReference<IOperation>? t_lastBlock;

    [ThreadStatic]
    private static BlockFacts? t_lastFacts;

    /// <summary>The facts of <paramref name="blocks"/> (the <c>OperationBlocks</c> of a block-start context).</summary>
    public static BlockFacts Get(ImmutableArray<IOperation> blocks, CacheSymbols symbols, CancellationToken cancellationToken)
    {
        if (blocks.IsDefaultOrEmpty)
        {
            return Nothing;
        }

        var key = blocks[0];
        if (t_lastFacts is { } last && t_lastBlock is { } lastBlock && lastBlock.TryGetTarget(out var target) && ReferenceEquals(target, key))
        {
            return last;
        }

        var facts = Compute(blocks, symbols, cancellationToken);
        if (t_lastBlock is null)
        {
            t_lastBlock = new WeakReference<IOperation>(key);
        }
        else
        {
            t_lastBlock.SetTarget(key);
        }

        t_lastFacts = facts;
        return facts;
    }

    private static BlockFacts Compute(ImmutableArray<IOperation> blocks, CacheSymbols symbols, CancellationToken cancellationToken)
    {
        var walk = new Walk(symbols);
        foreach (var block in blocks)
        {
            walk.Visit(block, cancellationToken);
        }

        return walk.HasCacheOperation || walk.Roles != CacheTypeRoles.None ? new BlockFacts(walk.HasCacheOperation, walk.Roles) : Nothing;
    }

    /// <summary>The walk's stack, reused per thread (cleared after each walk, so it holds no operation).</summary>
    [ThreadStatic]
    private static Stack<IOperation>? t_stack;

    /// <summary>One pass over every operation of a block (an explicit stack over <c>ChildOperations</c>: no iterator per node).</summary>
    private struct Walk
    {
        private readonly CacheSymbols _symbols;

        // The last containing type and its roles: calls in a row often target the same type (a LINQ chain, a logger, a builder).
        private ITypeSymbol? _lastType;
        private CacheTypeRoles _lastRoles;
        private ITypeSymbol? _lastReceiver;
        private CacheTypeRoles _lastReceiverRoles;

        public Walk(CacheSymbols symbols)
        {
            _symbols = symbols;
            _lastType = null;
            _lastRoles = CacheTypeRoles.None;
            _lastReceiver = null;
            _lastReceiverRoles = CacheTypeRoles.None;
            HasCacheOperation = false;
            Roles = CacheTypeRoles.None;
        }

        public bool HasCacheOperation;
        public CacheTypeRoles Roles;

        public void Visit(IOperation root, CancellationToken cancellationToken)
        {
            var stack = t_stack ??= new Stack<IOperation>(64);
            stack.Clear();
            stack.Push(root);
            try
            {
                while (stack.Count > 0)
                {
                    var operation = stack.Pop();
                    if (operation.Kind == OperationKind.Invocation)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        AddCall((IInvocationOperation)operation);
                    }

                    foreach (var child in operation.ChildOperations)
                    {
                        stack.Push(child);
                    }
                }
            }
            finally
            {
                stack.Clear();
            }
        }

        private void AddCall(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var containing = method.ContainingType;
            CacheTypeRoles callRoles;
            if (containing is not null && ReferenceEquals(containing, _lastType))
            {
                callRoles = _lastRoles;
            }
            else
            {
                callRoles = _symbols.GetRoles(containing);
                _lastType = containing;
                _lastRoles = callRoles;
            }

            // The receiver's roles count for members it inherits: IRedisAsync.PingAsync on an IDatabase, or a base class method
            // that implements a cache interface on the derived type (rules look at the receiver of instance calls too).
            // Most calls are on the declaring type itself (compared by definition: constructed and annotated types are other
            // objects), whose roles are already counted.
            if (!method.IsStatic && invocation.Instance is { } instance &&
                instance.WalkDownConversions().Type is { } receiver && !ReferenceEquals(receiver.OriginalDefinition, containing?.OriginalDefinition))
            {
                if (!ReferenceEquals(receiver, _lastReceiver))
                {
                    _lastReceiver = receiver;
                    _lastReceiverRoles = _symbols.GetRoles(receiver);
                }

                callRoles |= _lastReceiverRoles;
            }

            if (callRoles == CacheTypeRoles.None)
            {
                return;
            }

            Roles |= callRoles;
            if (!HasCacheOperation && CacheOperationRecognizer.Recognize(invocation, _symbols) is not null)
            {
                HasCacheOperation = true;
            }
        }
    }
}
