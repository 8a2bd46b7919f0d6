using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>How one reference to an options/entry object is used (see <see cref="OptionsObjectWalker.GetUses"/>).</summary>
internal enum OptionsUseKind
{
    /// <summary>A method is called on it (as instance or as the <c>this</c> argument of an extension): <see cref="OptionsUse.Call"/>.</summary>
    Call,

    /// <summary>One of its members is assigned (<c>x.Prop = v</c>): <see cref="OptionsUse.Member"/> and <see cref="OptionsUse.Assignment"/>.</summary>
    MemberAssignment,

    /// <summary>
    /// One of its members is updated by a null-coalescing or compound assignment (<c>x.Prop ??= v</c>, <c>x.Prop += v</c>): the
    /// resulting value depends on the prior state, so the object is treated like one handed to unknown code.
    /// </summary>
    MemberUpdate,

    /// <summary>A method is called on one of its members (<c>x.ExpirationTokens.Add(…)</c>): <see cref="OptionsUse.Member"/> and <see cref="OptionsUse.Call"/>.</summary>
    MemberCall,

    /// <summary>Any other member access (reading <c>x.Value</c>, <c>x.Size</c>).</summary>
    MemberRead,

    /// <summary>Passed as a (non-receiver) argument: <see cref="OptionsUse.Call"/> is the invocation when it is one.</summary>
    Argument,

    /// <summary>Stored into an array element.</summary>
    ArrayElement,

    /// <summary>The reference is the target of an assignment (the variable is (re)assigned).</summary>
    AssignedTo,

    /// <summary>Assigned into another variable or member (aliased).</summary>
    AssignedFrom,

    /// <summary>Matched by a property sub-pattern.</summary>
    PropertySubpattern,

    /// <summary>Anything else (returned, compared, captured…).</summary>
    Other,
}

/// <summary>One use of an options/entry object found by <see cref="OptionsObjectWalker.GetUses"/>.</summary>
internal readonly struct OptionsUse
{
    public OptionsUse(OptionsUseKind kind, IOperation reference, IInvocationOperation? call = null, IMemberReferenceOperation? member = null, ISimpleAssignmentOperation? assignment = null)
    {
        Kind = kind;
        Reference = reference;
        Call = call;
        Member = member;
        Assignment = assignment;
    }

    public OptionsUseKind Kind { get; }

    /// <summary>The reference, above any conversions and parentheses.</summary>
    public IOperation Reference { get; }

    public IInvocationOperation? Call { get; }

    public IMemberReferenceOperation? Member { get; }

    public ISimpleAssignmentOperation? Assignment { get; }
}

/// <summary>
/// The traversal of cache options and entry objects that <see cref="ExpiryTracer"/> (expiry facts of a write) and
/// <see cref="DurationFacts"/> (duration settings for CACHE006/CACHE007) share: fluent <c>Set*</c> chains on a value,
/// and the uses of the local/parameter that holds the object (member assignments, setter calls, escapes). Each consumer
/// decides what a use means; the walker only finds and classifies them.
/// </summary>
internal static class OptionsObjectWalker
{
    /// <summary>Longest fluent chain followed.</summary>
    public const int MaxChainLength = 32;

    /// <summary>The call made on <paramref name="receiver"/>: as instance, or as the <c>this</c> argument of an extension method.</summary>
    public static IInvocationOperation? GetCallOnReceiver(IOperation receiver) => receiver.Parent switch
    {
        IInvocationOperation call when call.Instance == receiver => call,
        IArgumentOperation { Parent: IInvocationOperation call, Parameter.Ordinal: 0 } when call.TargetMethod.IsExtensionMethod => call,
        _ => null,
    };

    /// <summary><paramref name="operation"/>, or the outermost conversion/parenthesis wrapping it.</summary>
    public static IOperation SkipConversions(IOperation operation)
    {
        var current = operation;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>
    /// Follows the calls chained on the result of <paramref name="start"/> (<c>start.SetA(…).SetB(…)</c>), at most
    /// <paramref name="maxSteps"/> of them, as long as <paramref name="visit"/> accepts each one; returns the last
    /// accepted operation (<paramref name="start"/> when none was).
    /// </summary>
    public static IOperation WalkFluentChain(IOperation start, Func<IInvocationOperation, bool> visit, int maxSteps = MaxChainLength)
    {
        var current = start;
        for (var i = 0; i < maxSteps; i++)
        {
            if (GetCallOnReceiver(SkipConversions(current)) is not { } call || !visit(call))
            {
                break;
            }

            current = call;
        }

        return current;
    }

    /// <summary>Every use of <paramref name="symbol"/> (a local or parameter holding an options/entry object) inside <paramref name="body"/>, classified.</summary>
    public static IEnumerable<OptionsUse> GetUses(ISymbol symbol, IOperation body)
    {
        foreach (var reference in ValueTracer.FindReferences(symbol, body))
        {
            yield return Classify(SkipConversions(reference));
        }
    }

    private static OptionsUse Classify(IOperation current)
    {
        if (GetCallOnReceiver(current) is { } call)
        {
            return new OptionsUse(OptionsUseKind.Call, current, call);
        }

        switch (current.Parent)
        {
            case IMemberReferenceOperation member when member.Parent is ISimpleAssignmentOperation assignment && assignment.Target == member:
                return new OptionsUse(OptionsUseKind.MemberAssignment, current, member: member, assignment: assignment);
            case IMemberReferenceOperation member when member.Parent is ICoalesceAssignmentOperation or ICompoundAssignmentOperation &&
                                                       ((IAssignmentOperation)member.Parent).Target == member:
                return new OptionsUse(OptionsUseKind.MemberUpdate, current, member: member);
            case IMemberReferenceOperation member when GetCallOnReceiver(member) is { } memberCall:
                return new OptionsUse(OptionsUseKind.MemberCall, current, memberCall, member);
            case IMemberReferenceOperation member:
                return new OptionsUse(OptionsUseKind.MemberRead, current, member: member);
            case IArgumentOperation argument:
                return new OptionsUse(OptionsUseKind.Argument, current, argument.Parent as IInvocationOperation);
            case IArrayElementReferenceOperation:
                return new OptionsUse(OptionsUseKind.ArrayElement, current);
            case ISimpleAssignmentOperation assignment when assignment.Target == current:
                return new OptionsUse(OptionsUseKind.AssignedTo, current, assignment: assignment);
            case ISimpleAssignmentOperation assignment:
                return new OptionsUse(OptionsUseKind.AssignedFrom, current, assignment: assignment);
            case IPropertySubpatternOperation:
                return new OptionsUse(OptionsUseKind.PropertySubpattern, current);
            default:
                return new OptionsUse(OptionsUseKind.Other, current);
        }
    }

    /// <summary>True for the fluent setters of the caching option and entry types (they mutate and return the same object).</summary>
    public static bool IsFluentSetter(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        var container = method.ContainingType?.Name;
        return container is "MemoryCacheEntryExtensions" or "CacheEntryExtensions" or "DistributedCacheEntryExtensions" or "FusionCacheEntryOptions"
               && (method.Name.StartsWith("Set", StringComparison.Ordinal) || method.Name is "AddExpirationToken" or "RegisterPostEvictionCallback");
    }

    /// <summary>True for a call into one of the caching libraries (handing an options object to it does not let user code change it).</summary>
    public static bool IsCacheLibraryCall(IInvocationOperation invocation)
    {
        var ns = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return ns.StartsWith("Microsoft.Extensions.Caching", StringComparison.Ordinal) ||
               ns.StartsWith("StackExchange.Redis", StringComparison.Ordinal) ||
               ns.StartsWith("ZiggyCreatures.Caching", StringComparison.Ordinal) ||
               ns.StartsWith("Enyim.Caching", StringComparison.Ordinal) ||
               ns.StartsWith("System.Runtime.Caching", StringComparison.Ordinal);
    }

    /// <summary>True when a use hands the object to code the trace does not follow (user methods, aliases, arrays).</summary>
    public static bool Escapes(OptionsUse use) => use.Kind switch
    {
        OptionsUseKind.Argument => use.Call is null || !IsCacheLibraryCall(use.Call),
        OptionsUseKind.ArrayElement or OptionsUseKind.AssignedFrom or OptionsUseKind.PropertySubpattern or OptionsUseKind.MemberUpdate => true,
        _ => false,
    };
}
