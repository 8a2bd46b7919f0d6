using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model.Http;

/// <summary>
/// What a custom <c>IOutputCachePolicy</c> type (declared in source) does with the request (CACHE061): whether it turns caching on
/// (<c>context.AllowCacheStorage</c>/<c>AllowCacheLookup</c> set to anything but <c>false</c>), whether it consults the user (a principal,
/// <c>IsAuthenticated</c>, the <c>Authorization</c> header, cookies, the session, a user-context service), whether it varies the cache key per
/// user (<c>CacheVaryByRules.VaryByValues</c>, a non-constant <c>CacheKeyPrefix</c>, <c>HeaderNames</c> naming <c>Authorization</c>/<c>Cookie</c>),
/// and whether part of it cannot be seen (it hands the context to a source method of another type, or derives from a source base class).
/// Built from the operations of the type's members (<see cref="Observe"/>, thread-safe), typically in a symbol-start action.
/// </summary>
internal sealed class OutputCachePolicyTypeFacts
{
    private const string OutputCaching = "Microsoft.AspNetCore.OutputCaching";
    private readonly object gate = new();
    private readonly List<IAssignmentOperation> enablingAssignments = new();
    private readonly List<string> varyHeaders = new();
    private bool consultsUser;
    private bool readsRequestState;
    private bool variesPerUser;
    private bool unknown;
    private bool enablesOnlyForAuthenticated;

    public OutputCachePolicyTypeFacts(INamedTypeSymbol type)
    {
        Type = type;
        if (type.BaseType is { SpecialType: not SpecialType.System_Object } baseType && IsInSource(baseType))
        {
            unknown = true;
        }
    }

    public INamedTypeSymbol Type { get; }

    /// <summary>The assignments that turn caching on, in source order.</summary>
    public IReadOnlyList<IAssignmentOperation> EnablingAssignments
    {
        get
        {
            lock (gate)
            {
                var copy = new List<IAssignmentOperation>(enablingAssignments);
                copy.Sort((a, b) => string.CompareOrdinal(a.Syntax.SyntaxTree.FilePath, b.Syntax.SyntaxTree.FilePath) is var c && c != 0 ? c : a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
                return copy;
            }
        }
    }

    /// <summary><c>AllowCacheStorage</c> or <c>AllowCacheLookup</c> is set to something other than <c>false</c>.</summary>
    public bool EnablesCaching
    {
        get
        {
            lock (gate)
            {
                return enablingAssignments.Count > 0;
            }
        }
    }

    /// <summary>The type reads the user, <c>IsAuthenticated</c>, the <c>Authorization</c> header, cookies, the session or a user-context service.</summary>
    public bool ConsultsUser => Read(ref consultsUser);

    /// <summary>The type reads request cookies, the session, request headers or the user (it may decide per request what to cache).</summary>
    public bool ReadsRequestState => Read(ref readsRequestState);

    /// <summary>The type adds a vary value, a non-constant key prefix, or varies by the <c>Authorization</c>/<c>Cookie</c> header (or by unknown headers).</summary>
    public bool VariesPerUser => Read(ref variesPerUser);

    /// <summary>Part of the type's behaviour is elsewhere in source (a helper of another type gets the context, a source base class).</summary>
    public bool IsPartlyUnknown => Read(ref unknown);

    /// <summary>Constant header names assigned to <c>CacheVaryByRules.HeaderNames</c>.</summary>
    public IReadOnlyList<string> VaryByHeaders
    {
        get
        {
            lock (gate)
            {
                return varyHeaders.ToArray();
            }
        }
    }

    /// <summary>
    /// The policy caches responses to authenticated requests: it turns caching on and either never consults the user, or turns it on under
    /// a condition that holds only for authenticated users (<c>if (user.Identity.IsAuthenticated) context.AllowCacheStorage = true;</c>).
    /// </summary>
    public bool CachesAuthenticatedRequests => EnablesCaching && !IsPartlyUnknown && (!ConsultsUser || Read(ref enablesOnlyForAuthenticated));

    /// <summary>CACHE061 (a): caching turned on without consulting the user and without a per-user vary value.</summary>
    public bool IsUnsafe => EnablesCaching && !ConsultsUser && !VariesPerUser && !IsPartlyUnknown;

    /// <summary>The operation kinds <see cref="Observe"/> reads.</summary>
    public static readonly ImmutableArray<OperationKind> ObservedKinds = ImmutableArray.Create(
        OperationKind.SimpleAssignment, OperationKind.PropertyReference, OperationKind.FieldReference, OperationKind.Literal,
        OperationKind.Invocation, OperationKind.ParameterReference);

    /// <summary>True for a class declared in source that implements <c>IOutputCachePolicy</c> (see <see cref="OutputCachePolicies.IsCustomPolicyType"/>).</summary>
    public static bool IsCandidate(ISymbol symbol) => symbol is INamedTypeSymbol type && OutputCachePolicies.IsCustomPolicyType(type) && IsInSource(type);

    /// <summary>
    /// Starts collecting facts for the custom policy type of <paramref name="context"/>; <paramref name="onEnd"/> gets them at the end of the
    /// type. Does nothing for other types.
    /// </summary>
    public static void Collect(SymbolStartAnalysisContext context, Action<SymbolAnalysisContext, OutputCachePolicyTypeFacts> onEnd)
    {
        if (!IsCandidate(context.Symbol))
        {
            return;
        }

        var facts = new OutputCachePolicyTypeFacts((INamedTypeSymbol)context.Symbol);
        var options = context.Options;
        context.RegisterOperationAction(
            ctx => facts.Observe(ctx.Operation, PrincipalContext.GetUserContextTypes(options, ctx.Operation.Syntax.SyntaxTree)),
            ObservedKinds);
        context.RegisterSymbolEndAction(ctx => onEnd(ctx, facts));
    }

    /// <summary>Records what one operation inside the type says.</summary>
    public void Observe(IOperation operation, ImmutableArray<string> userContextTypes)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment:
                ObserveAssignment(assignment);
                return;
            case ILiteralOperation or IFieldReferenceOperation when operation.ConstantValue is { HasValue: true, Value: string text } &&
                                                                   string.Equals(text, "Authorization", StringComparison.OrdinalIgnoreCase):
                Set(ref consultsUser);
                Set(ref readsRequestState);
                return;
            case IInvocationOperation invocation:
                ObserveInvocation(invocation, userContextTypes);
                return;
        }

        if (operation is IPropertyReferenceOperation property)
        {
            var name = property.Property.Name;
            if (name == "VaryByValues" && SymbolNames.Is(property.Property.ContainingType, OutputCaching, "CacheVaryByRules"))
            {
                Set(ref variesPerUser);
                return;
            }

            if (name == "Authorization" && SymbolNames.IsOrImplements(property.Property.ContainingType, "Microsoft.AspNetCore.Http", "IHeaderDictionary"))
            {
                Set(ref consultsUser);
                Set(ref readsRequestState);
                return;
            }

            if (name == "Headers" && SymbolNames.IsOrDerivesFrom(property.Property.ContainingType, "Microsoft.AspNetCore.Http", "HttpRequest"))
            {
                Set(ref readsRequestState);
                return;
            }
        }

        if (PrincipalContext.Classify(operation, userContextTypes) != PrincipalSource.None)
        {
            Set(ref consultsUser);
            Set(ref readsRequestState);
        }
    }

    private void ObserveAssignment(ISimpleAssignmentOperation assignment)
    {
        if (assignment.Target is not IPropertyReferenceOperation { Property: { } property })
        {
            return;
        }

        switch (property.Name)
        {
            case "AllowCacheStorage" or "AllowCacheLookup" when SymbolNames.Is(property.ContainingType, OutputCaching, "OutputCacheContext"):
                if (assignment.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: false })
                {
                    return;
                }

                var onlyAuthenticated = GuardedByAuthenticated(assignment);
                lock (gate)
                {
                    enablingAssignments.Add(assignment);
                    enablesOnlyForAuthenticated |= onlyAuthenticated;
                }

                return;
            case "HeaderNames" when SymbolNames.Is(property.ContainingType, OutputCaching, "CacheVaryByRules"):
                var found = false;
                foreach (var op in assignment.Value.DescendantsAndSelf())
                {
                    if (op.ConstantValue is { HasValue: true, Value: string header })
                    {
                        found = true;
                        if (string.Equals(header, "Authorization", StringComparison.OrdinalIgnoreCase) || string.Equals(header, "Cookie", StringComparison.OrdinalIgnoreCase))
                        {
                            Set(ref variesPerUser);
                        }

                        lock (gate)
                        {
                            varyHeaders.Add(header);
                        }
                    }
                }

                if (!found)
                {
                    Set(ref variesPerUser);
                }

                return;
            case "CacheKeyPrefix" when SymbolNames.Is(property.ContainingType, OutputCaching, "CacheVaryByRules"):
                if (!assignment.Value.WalkDownConversions().ConstantValue.HasValue)
                {
                    Set(ref variesPerUser);
                }

                return;
        }
    }

    private void ObserveInvocation(IInvocationOperation invocation, ImmutableArray<string> userContextTypes)
    {
        if (PrincipalContext.Classify(invocation, userContextTypes) != PrincipalSource.None)
        {
            Set(ref consultsUser);
            Set(ref readsRequestState);
            return;
        }

        // A helper of another source type that gets the context (or the request, or the user) may decide what is cached.
        var method = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition;
        if (!IsInSource(method) || IsWithin(method.ContainingType, Type))
        {
            return;
        }

        if (invocation.Instance is { } instance && IsContextLike(instance.Type))
        {
            Set(ref unknown);
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (IsContextLike(argument.Value.WalkDownConversions().Type))
            {
                Set(ref unknown);
                return;
            }
        }
    }

    /// <summary>The assignment runs only when the user is authenticated: in the true branch of an <c>IsAuthenticated</c> test, after an early return on an unauthenticated user, or its value is that test.</summary>
    private static bool GuardedByAuthenticated(IAssignmentOperation assignment)
    {
        if (Polarity(assignment.Value, 0) > 0)
        {
            return true;
        }

        IOperation child = assignment;
        for (var parent = assignment.Parent; parent is not null && parent is not (IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodBodyOperation); parent = parent.Parent)
        {
            if (parent is IConditionalOperation conditional)
            {
                var polarity = ReferenceEquals(conditional.WhenTrue, child) ? Polarity(conditional.Condition, 0) :
                    ReferenceEquals(conditional.WhenFalse, child) ? -Polarity(conditional.Condition, 0) : 0;
                if (polarity > 0)
                {
                    return true;
                }
            }
            else if (parent is IBlockOperation block)
            {
                foreach (var statement in block.Operations)
                {
                    if (ReferenceEquals(statement, child))
                    {
                        break;
                    }

                    if (statement is IConditionalOperation { WhenFalse: null } exit && Exits(exit.WhenTrue) && Polarity(exit.Condition, 0) < 0)
                    {
                        return true;
                    }
                }
            }

            child = parent;
        }

        return false;
    }

    /// <summary>+1 when <paramref name="condition"/> being true means the user is authenticated, -1 when it means the user is not, 0 otherwise.</summary>
    internal static int Polarity(IOperation? condition, int depth)
    {
        if (condition is null || depth > 8)
        {
            return 0;
        }

        var op = condition.WalkDownConversions();
        switch (op)
        {
            case IPropertyReferenceOperation { Property.Name: "IsAuthenticated" }:
                return 1;
            case IConditionalAccessOperation access:
                return Polarity(access.WhenNotNull, depth + 1);
            case ICoalesceOperation coalesce:
                return Polarity(coalesce.Value, depth + 1);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return -Polarity(not.Operand, depth + 1);
            case IIsPatternOperation { Pattern: IConstantPatternOperation constant } isPattern when constant.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: bool value }:
                return value ? Polarity(isPattern.Value, depth + 1) : -Polarity(isPattern.Value, depth + 1);
            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation constant } } isNot when constant.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: bool value }:
                return value ? -Polarity(isNot.Value, depth + 1) : Polarity(isNot.Value, depth + 1);
            case IBinaryOperation binary:
                return BinaryPolarity(binary, depth);
            default:
                return 0;
        }
    }

    private static int BinaryPolarity(IBinaryOperation binary, int depth)
    {
        switch (binary.OperatorKind)
        {
            case BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals:
                IOperation? other = null;
                bool? constant = null;
                if (binary.RightOperand.WalkDownConversions().ConstantValue is { HasValue: true, Value: bool right })
                {
                    other = binary.LeftOperand;
                    constant = right;
                }
                else if (binary.LeftOperand.WalkDownConversions().ConstantValue is { HasValue: true, Value: bool left })
                {
                    other = binary.RightOperand;
                    constant = left;
                }

                if (constant is null)
                {
                    return 0;
                }

                var p = Polarity(other, depth + 1);
                return constant.Value == (binary.OperatorKind == BinaryOperatorKind.Equals) ? p : -p;
            case BinaryOperatorKind.ConditionalAnd:
                var l = Polarity(binary.LeftOperand, depth + 1);
                var r = Polarity(binary.RightOperand, depth + 1);
                return l >= 0 && r >= 0 ? Math.Max(l, r) : l <= 0 && r <= 0 ? Math.Min(l, r) : 0;
            case BinaryOperatorKind.ConditionalOr:
                var lo = Polarity(binary.LeftOperand, depth + 1);
                return lo == Polarity(binary.RightOperand, depth + 1) ? lo : 0;
            default:
                return 0;
        }
    }

    private static bool Exits(IOperation operation) => operation switch
    {
        IReturnOperation or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation { Operations.Length: > 0 } block => Exits(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };

    private static bool IsContextLike(ITypeSymbol? type) =>
        SymbolNames.Is(type, OutputCaching, "OutputCacheContext") ||
        SymbolNames.IsOrDerivesFrom(type, "Microsoft.AspNetCore.Http", "HttpContext") ||
        SymbolNames.IsOrDerivesFrom(type, "Microsoft.AspNetCore.Http", "HttpRequest") ||
        SymbolNames.IsOrImplements(type, "Microsoft.AspNetCore.Http", "IHeaderDictionary") ||
        PrincipalContext.IsPrincipalType(type);

    private static bool IsWithin(INamedTypeSymbol? type, INamedTypeSymbol container)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, container))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInSource(ISymbol symbol)
    {
        foreach (var location in symbol.Locations)
        {
            if (location.IsInSource)
            {
                return true;
            }
        }

        return false;
    }

    private bool Read(ref bool field)
    {
        lock (gate)
        {
            return field;
        }
    }

    private void Set(ref bool field)
    {
        lock (gate)
        {
            field = true;
        }
    }
}
