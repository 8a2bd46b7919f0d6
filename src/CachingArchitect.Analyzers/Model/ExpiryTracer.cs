using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// Traces the expiry of a cache write as far as the catalog's light trace allows: options objects
/// (object initializers, fluent <c>Set*</c> chains, later member assignments on the same local,
/// <c>static readonly</c> fields), TTL arguments, <c>GetOrCreate</c> factories that configure their
/// <c>ICacheEntry</c>, and entries from <c>CreateEntry</c>.
/// </summary>
internal static class ExpiryTracer
{
    private const int MaxDepth = 8;

    /// <summary>Facts for the expiry of <paramref name="operation"/>.</summary>
    public static ExpiryFacts Trace(CacheOperation operation)
    {
        var facts = TraceSource(operation);

        // SE.Redis 2.x family: keepTtl: true keeps the TTL the key already has (SET … KEEPTTL).
        if (!facts.IsUnknown && operation.GetArgument("keepTtl") is { } keepTtl && keepTtl.IsExplicit())
        {
            if (keepTtl.Value.ConstantValue is { HasValue: true, Value: true })
            {
                facts.Flags |= ExpiryFlags.KeepTtl;
            }
            else if (!keepTtl.Value.ConstantValue.HasValue)
            {
                return ExpiryFacts.Unknown;
            }
        }

        return facts;
    }

    private static ExpiryFacts TraceSource(CacheOperation operation)
    {
        switch (operation.ExpirySource)
        {
            case ExpirySourceKind.NoneInOverload:
            case ExpirySourceKind.OmittedOptional:
                return new ExpiryFacts();
            case ExpirySourceKind.Argument when operation.ExpiryArgument is { } argument:
                return TraceValue(argument.Value, 0);
            case ExpirySourceKind.Factory when operation.FactoryArgument is { } factory:
                return TraceFactory(factory.Value);
            case ExpirySourceKind.Entry:
                return TraceCreatedEntry(operation.Invocation);
            case ExpirySourceKind.KeyDefinition:
                return new ExpiryFacts { Flags = ExpiryFlags.Relative };
            default:
                return ExpiryFacts.Unknown;
        }
    }

    /// <summary>Facts for an expiry-carrying expression: a TTL, a point in time, or an options object.</summary>
    public static ExpiryFacts TraceValue(IOperation value, int depth)
    {
        if (depth > MaxDepth)
        {
            return ExpiryFacts.Unknown;
        }

        var op = value.WalkDownConversions();
        var type = op.Type;

        if (op is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } ||
            value.ConstantValue is { HasValue: true, Value: null } && (value.Type is null || value.Type.IsReferenceType || IsNullable(value.Type)) ||
            op is IDefaultValueOperation && (type is null || type.IsReferenceType || IsNullable(type)))
        {
            return new ExpiryFacts { Flags = ExpiryFlags.Null };
        }

        // A bare duration: TimeSpan / TimeSpan? / SE.Redis Expiration built from a TimeSpan.
        if (ConstantFolding.IsTimeSpan(type) || ConstantFolding.IsTimeSpan(value.Type))
        {
            return TraceDuration(op);
        }

        if (type is not null && type.Name == "Expiration" && type.ContainingNamespace?.ToDisplayString() == "StackExchange.Redis")
        {
            return TraceRedisExpiration(op);
        }

        if (type is not null && IsPointInTime(type))
        {
            if (op is IFieldReferenceOperation { Field: { Name: "MaxValue" or "InfiniteAbsoluteExpiration" } })
            {
                return new ExpiryFacts { Flags = ExpiryFlags.Infinite };
            }

            return new ExpiryFacts { Flags = ExpiryFlags.Absolute };
        }

        if (type is not null && IsNumber(type))
        {
            // Memcached cacheSeconds: 0 means "never expires".
            if (ConstantFolding.TryGetNumber(op, out var seconds))
            {
                return seconds == 0
                    ? new ExpiryFacts { Flags = ExpiryFlags.Infinite }
                    : new ExpiryFacts { Flags = ExpiryFlags.Relative, RelativeValue = SafeSeconds(seconds) };
            }

            return new ExpiryFacts { Flags = ExpiryFlags.Relative };
        }

        // An options object: MemoryCacheEntryOptions, DistributedCacheEntryOptions, CacheItemPolicy, …
        return TraceOptionsObject(op, depth);
    }

    private static ExpiryFacts TraceDuration(IOperation op)
    {
        if (ConstantFolding.TryGetTimeSpan(op, out var ttl))
        {
            if (ttl == TimeSpan.MaxValue)
            {
                return new ExpiryFacts { Flags = ExpiryFlags.Infinite };
            }

            return new ExpiryFacts { Flags = ExpiryFlags.Relative, RelativeValue = ttl };
        }

        if (op is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation)
        {
            return new ExpiryFacts { Flags = ExpiryFlags.Null };
        }

        if (op is ILocalReferenceOperation local && ValueTracer.GetSingleAssignment(local.Local, op) is { } assigned &&
            assigned.WalkDownConversions() is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } })
        {
            return new ExpiryFacts { Flags = ExpiryFlags.Null };
        }

        // Non-constant but present: a TTL exists (its value is unknown).
        return new ExpiryFacts { Flags = ExpiryFlags.Relative };
    }

    private static ExpiryFacts TraceRedisExpiration(IOperation op)
    {
        switch (op)
        {
            case IFieldReferenceOperation { Field.Name: "Default" or "Persist" }:
            case IPropertyReferenceOperation { Property.Name: "Default" or "Persist" }:
                return new ExpiryFacts { Flags = ExpiryFlags.Infinite };
            case IFieldReferenceOperation { Field.Name: "KeepTtl" }:
            case IPropertyReferenceOperation { Property.Name: "KeepTtl" }:
                return new ExpiryFacts { Flags = ExpiryFlags.KeepTtl };
            case IDefaultValueOperation:
                return new ExpiryFacts { Flags = ExpiryFlags.Infinite };
            case IObjectCreationOperation creation when creation.Arguments.Length == 1:
                return TraceValue(creation.Arguments[0].Value, 1);
            case IObjectCreationOperation { Arguments.Length: 0 }:
                return new ExpiryFacts { Flags = ExpiryFlags.Infinite };
            default:
                return new ExpiryFacts { Flags = ExpiryFlags.Relative };
        }
    }

    private static ExpiryFacts TraceOptionsObject(IOperation op, int depth)
    {
        switch (op)
        {
            case IObjectCreationOperation creation:
            {
                var facts = new ExpiryFacts { Origin = creation };
                if (creation.Initializer is { } initializer)
                {
                    foreach (var member in initializer.Initializers)
                    {
                        ApplyInitializer(member, facts);
                    }
                }

                return facts;
            }

            case IInvocationOperation invocation when invocation.GetReceiver() is { } receiver && OptionsObjectWalker.IsFluentSetter(invocation):
            {
                var facts = TraceOptionsObject(receiver.WalkDownConversions(), depth + 1);
                if (facts.IsUnknown)
                {
                    return facts;
                }

                ApplyCall(invocation, facts);
                return facts;
            }

            case ILocalReferenceOperation local:
                return TraceLocal(local.Local, op, depth);

            case IFieldReferenceOperation { Field: { IsStatic: true, Name: "InfiniteAbsoluteExpiration" } }:
                return new ExpiryFacts { Flags = ExpiryFlags.Infinite };

            case IFieldReferenceOperation field when field.Field.IsReadOnly:
            {
                var initializer = ValueTracer.GetFieldInitializer(field.Field, op.SemanticModel);
                if (initializer is null || IsMutatedOutsideInitializer(field.Field))
                {
                    return ExpiryFacts.Unknown;
                }

                return TraceValue(initializer, depth + 1);
            }

            default:
                return ExpiryFacts.Unknown;
        }
    }

    /// <summary>
    /// True when the object held by a readonly field is configured after its initializer, in a constructor or any member
    /// of its type (<c>_options.AbsoluteExpirationRelativeToNow = …</c>, <c>_options.SetSlidingExpiration(…)</c>), or is
    /// handed to other code (<c>Configure(_options)</c>): the initializer alone then says nothing reliable.
    /// </summary>
    private static bool IsMutatedOutsideInitializer(IFieldSymbol field)
    {
        var type = field.ContainingType;
        if (type is null)
        {
            return true;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != field.Name)
                {
                    continue;
                }

                SyntaxNode usage = identifier;
                if (usage.Parent is MemberAccessExpressionSyntax { Name: var name, Expression: ThisExpressionSyntax or IdentifierNameSyntax } qualified && name == identifier)
                {
                    // this._options / Type._options
                    usage = qualified;
                }

                switch (usage.Parent)
                {
                    case MemberAccessExpressionSyntax member when member.Expression == usage:
                        // _options.X = …, _options.SetX(…), _options.ExpirationTokens.Add(…)
                        if (member.Parent is AssignmentExpressionSyntax memberAssignment && memberAssignment.Left == member ||
                            member.Parent is InvocationExpressionSyntax ||
                            member.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax })
                        {
                            return true;
                        }

                        break;
                    case ArgumentSyntax argument when argument.Parent?.Parent is InvocationExpressionSyntax call && !IsCacheCallSyntax(call):
                        return true;
                    case AssignmentExpressionSyntax assignment when assignment.Left == usage:
                        // Reassigned in a constructor.
                        return true;
                }
            }
        }

        return false;
    }

    /// <summary>A syntactic approximation of "a caching API call" for field usages: <c>…Set*</c>/<c>GetOrCreate*</c> calls.</summary>
    private static bool IsCacheCallSyntax(InvocationExpressionSyntax call)
    {
        var name = call.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };
        return name is not null &&
               (name.StartsWith("Set", StringComparison.Ordinal) || name.StartsWith("GetOrCreate", StringComparison.Ordinal) ||
                name.StartsWith("GetOrSet", StringComparison.Ordinal) || name is "Add" or "AddOrGetExisting" or "CreateEntry");
    }

    /// <summary>Traces a local options/entry object: its initializer plus every later mutation in the same body.</summary>
    private static ExpiryFacts TraceLocal(ILocalSymbol local, IOperation within, int depth)
    {
        var root = within.GetRoot();
        ExpiryFacts? facts = null;
        var assignments = 0;

        foreach (var descendant in root.Descendants())
        {
            if (descendant is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
            {
                var init = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                if (init is not null)
                {
                    assignments++;
                    facts = TraceValue(init, depth + 1);
                }
            }
            else if (descendant is ISimpleAssignmentOperation assignment && assignment.Target.IsReferenceTo(local))
            {
                assignments++;
                facts = TraceValue(assignment.Value, depth + 1);
            }
        }

        if (facts is null || assignments != 1 || facts.IsUnknown)
        {
            return ExpiryFacts.Unknown;
        }

        return ApplyMutations(local, root, facts) ? facts : ExpiryFacts.Unknown;
    }

    /// <summary>Applies member assignments and setter calls on <paramref name="symbol"/>; false when the object escapes to unknown code.</summary>
    private static bool ApplyMutations(ISymbol symbol, IOperation body, ExpiryFacts facts)
    {
        foreach (var use in OptionsObjectWalker.GetUses(symbol, body))
        {
            switch (use.Kind)
            {
                case OptionsUseKind.Call:
                    if (OptionsObjectWalker.IsFluentSetter(use.Call!))
                    {
                        ApplyFluentChain(use.Call!, facts);
                    }

                    // Any other method on the object itself (Dispose, ToString) or a cache API taking it: nothing to learn.
                    break;
                case OptionsUseKind.MemberAssignment:
                    ApplyMember(use.Member!.Member.Name, use.Assignment!.Value, facts);
                    break;
                case OptionsUseKind.MemberCall:
                    if (use.Member!.Member.Name is "ExpirationTokens" or "ChangeMonitors" && use.Call!.TargetMethod.Name == "Add")
                    {
                        facts.Flags |= ExpiryFlags.Token;
                    }

                    break;
                case var _ when OptionsObjectWalker.Escapes(use):
                    // Handed to user code or aliased: it may be configured where the trace does not look.
                    return false;
            }

            // MemberRead (entry.Value, options.Size), AssignedTo and Other change nothing.
        }

        return true;
    }

    /// <summary>Applies <paramref name="call"/> and every fluent setter chained on its result.</summary>
    private static void ApplyFluentChain(IInvocationOperation call, ExpiryFacts facts)
    {
        ApplyCall(call, facts);
        OptionsObjectWalker.WalkFluentChain(
            call,
            next =>
            {
                if (!OptionsObjectWalker.IsFluentSetter(next))
                {
                    return false;
                }

                ApplyCall(next, facts);
                return true;
            },
            OptionsObjectWalker.MaxChainLength - 1);
    }

    /// <summary>Traces the <c>ICacheEntry</c> parameter of a <c>GetOrCreate[Async]</c> factory lambda.</summary>
    public static ExpiryFacts TraceFactory(IOperation factory)
    {
        var op = factory.WalkDownConversions();
        if (op is IDelegateCreationOperation delegateCreation)
        {
            op = delegateCreation.Target;
        }

        if (op is not IAnonymousFunctionOperation lambda || lambda.Symbol.Parameters.Length == 0)
        {
            return ExpiryFacts.Unknown;
        }

        var entry = lambda.Symbol.Parameters[0];
        var facts = new ExpiryFacts();
        return ApplyMutations(entry, lambda.Body, facts) ? facts : ExpiryFacts.Unknown;
    }

    /// <summary>Traces an entry created with <c>IMemoryCache.CreateEntry</c> and held in a local.</summary>
    private static ExpiryFacts TraceCreatedEntry(IInvocationOperation createEntry)
    {
        var parent = createEntry.WalkUpConversions().Parent;

        if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            var facts = new ExpiryFacts();
            return ApplyMutations(declarator.Symbol, createEntry.GetRoot(), facts) ? facts : ExpiryFacts.Unknown;
        }

        if (parent is IVariableInitializerOperation { Parent: IVariableDeclarationOperation { Declarators.Length: 1 } declaration })
        {
            var facts = new ExpiryFacts();
            return ApplyMutations(declaration.Declarators[0].Symbol, createEntry.GetRoot(), facts) ? facts : ExpiryFacts.Unknown;
        }

        // Fluent use on the created entry: cache.CreateEntry(k).SetValue(v).SetAbsoluteExpiration(t).Dispose()
        if (OptionsObjectWalker.GetCallOnReceiver(createEntry) is { } first)
        {
            var facts = new ExpiryFacts();
            if (OptionsObjectWalker.IsFluentSetter(first))
            {
                ApplyFluentChain(first, facts);
            }

            return facts;
        }

        return ExpiryFacts.Unknown;
    }

    private static void ApplyInitializer(IOperation initializer, ExpiryFacts facts)
    {
        switch (initializer)
        {
            case ISimpleAssignmentOperation { Target: IMemberReferenceOperation member } assignment:
                ApplyMember(member.Member.Name, assignment.Value, facts);
                break;
            case IMemberInitializerOperation { InitializedMember: IMemberReferenceOperation member }:
                // ChangeMonitors = { … } / ExpirationTokens = { … }
                if (member.Member.Name is "ExpirationTokens" or "ChangeMonitors")
                {
                    facts.Flags |= ExpiryFlags.Token;
                }

                break;
        }
    }

    private static void ApplyMember(string name, IOperation value, ExpiryFacts facts)
    {
        var v = value.WalkDownConversions();
        var isNull = v is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } || v is IDefaultValueOperation && IsNullable(value.Type);
        switch (name)
        {
            case "AbsoluteExpiration":
                if (isNull)
                {
                    break;
                }

                facts.Flags |= v is IFieldReferenceOperation { Field.Name: "InfiniteAbsoluteExpiration" or "MaxValue" }
                    ? ExpiryFlags.Infinite
                    : ExpiryFlags.Absolute;
                break;
            case "AbsoluteExpirationRelativeToNow":
            case "Expiration":
            case "Duration":
                if (isNull)
                {
                    break;
                }

                facts.Flags |= ExpiryFlags.Relative;
                if (ConstantFolding.TryGetTimeSpan(v, out var relative))
                {
                    facts.RelativeValue = relative;
                }

                break;
            case "SlidingExpiration":
                if (isNull || v is IFieldReferenceOperation { Field.Name: "NoSlidingExpiration" })
                {
                    break;
                }

                if (ConstantFolding.TryGetTimeSpan(v, out var sliding))
                {
                    if (sliding == TimeSpan.Zero)
                    {
                        break;
                    }

                    facts.SlidingValue = sliding;
                }

                facts.Flags |= ExpiryFlags.Sliding;
                break;
            case "Size":
                if (!isNull)
                {
                    facts.Flags |= ExpiryFlags.Size;
                }

                break;
            case "Priority":
                if (v is IFieldReferenceOperation { Field.Name: "NeverRemove" } || v.ConstantValue is { HasValue: true } && v.Type?.Name == "CacheItemPriority" && v is IFieldReferenceOperation { Field.Name: "NotRemovable" })
                {
                    facts.Flags |= ExpiryFlags.NeverRemove;
                }

                break;
            case "ExpirationTokens":
            case "ChangeMonitors":
                facts.Flags |= ExpiryFlags.Token;
                break;
        }
    }

    private static void ApplyCall(IInvocationOperation invocation, ExpiryFacts facts)
    {
        var name = invocation.TargetMethod.Name;
        IOperation? FirstValueArgument()
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } p && !(invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).IsExtensionMethod)
                {
                    return argument.Value;
                }

                if (argument.Parameter is { Ordinal: > 0 })
                {
                    return argument.Value;
                }
            }

            return null;
        }

        var arg = FirstValueArgument();
        switch (name)
        {
            case "SetAbsoluteExpiration":
                if (arg is not null && ConstantFolding.IsTimeSpan(arg.Type))
                {
                    ApplyMember("AbsoluteExpirationRelativeToNow", arg, facts);
                }
                else if (arg is not null)
                {
                    ApplyMember("AbsoluteExpiration", arg, facts);
                }

                break;
            case "SetSlidingExpiration":
                if (arg is not null)
                {
                    ApplyMember("SlidingExpiration", arg, facts);
                }

                break;
            case "AddExpirationToken":
                facts.Flags |= ExpiryFlags.Token;
                break;
            case "SetSize":
                facts.Flags |= ExpiryFlags.Size;
                break;
            case "SetPriority":
                if (arg is not null)
                {
                    ApplyMember("Priority", arg, facts);
                }

                break;
            case "SetDuration":
                if (arg is not null)
                {
                    ApplyMember("Duration", arg, facts);
                }

                break;
            case "SetOptions":
                if (arg is not null)
                {
                    var options = TraceValue(arg, 1);
                    if (options.IsUnknown)
                    {
                        facts.IsUnknown = true;
                    }
                    else
                    {
                        facts.Flags |= options.Flags;
                        facts.RelativeValue ??= options.RelativeValue;
                        facts.SlidingValue ??= options.SlidingValue;
                    }
                }

                break;
        }
    }

    private static bool IsNullable(ITypeSymbol? type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } || type?.IsReferenceType == true;

    private static bool IsPointInTime(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type.SpecialType == SpecialType.System_DateTime ||
               type is { Name: "DateTimeOffset", ContainingNamespace.Name: "System" };
    }

    private static bool IsNumber(ITypeSymbol type) =>
        type.SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_Double;

    private static TimeSpan? SafeSeconds(double seconds) =>
        seconds is > -1e9 and < 1e9 ? TimeSpan.FromSeconds(seconds) : null;
}
