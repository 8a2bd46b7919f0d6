using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Expiration;

/// <summary>
/// CACHE006 — Synchronized expiry: cache writes in a loop, a per-element lambda (LINQ, <c>Parallel.ForEach</c>) or
/// a Redis <c>IBatch</c> whose TTL is the same for every entry and has no jitter; FusionCache default entry options
/// without jitter in a multi-node setup (<c>WithDistributedCache</c>/<c>WithBackplane</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SynchronizedExpiryAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: what the fix edits (the node at the first additional location).</summary>
    public const string FixProperty = "Fix";

    /// <summary>Wraps the TimeSpan TTL as <c>ttl + TimeSpan.FromMilliseconds(Random.Shared.Next(0, jitterMs))</c>.</summary>
    public const string FixWrapTtl = "WrapTtl";

    /// <summary>Adds <c>JitterMaxDuration = …</c> to a <c>FusionCacheEntryOptions</c> initializer.</summary>
    public const string FixJitterInitializer = "JitterInitializer";

    /// <summary>Appends <c>.SetJittering(…)</c> to a <c>FusionCacheEntryOptions</c> expression.</summary>
    public const string FixSetJittering = "SetJittering";

    /// <summary>Diagnostic property: the jitter budget (TimeSpan, invariant <c>c</c>).</summary>
    public const string JitterProperty = "Jitter";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE006);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        RegisterCacheOperationAction(context, symbols, (ctx, operation) => AnalyzeWrite(ctx, operation, symbols));
        if (symbols.FusionCacheEntryOptions is not null)
        {
            context.RegisterOperationAction(ctx => AnalyzeFusionBuilder(ctx, symbols), OperationKind.Invocation);
        }
    }

    // ------------------------------------------------------------------ writes in bulk

    private static void AnalyzeWrite(OperationAnalysisContext context, CacheOperation operation, CacheSymbols symbols)
    {
        // Redis KeyExpire(key, ttl) right after a write is the usual way to give hashes, sets and lists a TTL.
        var isKeyExpire = operation.Technology == CacheTechnology.Redis && operation.Name == "KeyExpire" && operation.ExpiryArgument.IsExplicit();
        if ((!isKeyExpire &&
             (operation.Kind is not (CacheOperationKind.Write or CacheOperationKind.ReadThrough) ||
              operation.ExpirySource is not (ExpirySourceKind.Argument or ExpirySourceKind.Factory))) ||
            operation.IsMultiKey || operation.Key is null)
        {
            return;
        }

        var bulk = LoopContext.GetBulkContext(operation.Invocation);
        if (bulk is null)
        {
            if (!IsBatchWithSeveralExpiringWrites(operation, symbols))
            {
                return;
            }

            bulk = new BulkContext(operation.Invocation, "IBatch");
        }
        else if (operation.Key.ConstantValue.HasValue || LoopContext.IsInvariant(operation.Key, bulk.Scope))
        {
            // The same key on every iteration (a retry or polling loop): not a bulk write.
            return;
        }

        IOperation? ttlValue;
        IOperation? fixTarget = null;
        string? fix = null;
        TimeSpan? constantTtl = null;

        if (operation.ExpirySource == ExpirySourceKind.Factory)
        {
            if (operation.FactoryArgument?.Value.WalkDownConversions() is not IAnonymousFunctionOperation and not IDelegateCreationOperation)
            {
                return;
            }

            var lambda = operation.FactoryArgument.Value.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation target }
                ? target
                : operation.FactoryArgument.Value.WalkDownConversions() as IAnonymousFunctionOperation;
            if (lambda is null || lambda.Symbol.Parameters.Length == 0)
            {
                return;
            }

            var settings = new List<DurationAssignment>();
            DurationFacts.CollectMutations(lambda.Symbol.Parameters[0], lambda.Body, symbols, settings);
            var ttlSetting = DurationFacts.Single(settings, DurationSetting.Relative) ?? DurationFacts.Single(settings, DurationSetting.Absolute);
            if (ttlSetting is null || ttlSetting.IsNull)
            {
                return;
            }

            ttlValue = ttlSetting.Value;
            if (ttlSetting.Setting == DurationSetting.Relative)
            {
                fixTarget = ttlSetting.Value.WalkDownConversions();
                fix = FixWrapTtl;
                constantTtl = ttlSetting.ConstantTimeSpan;
            }
        }
        else
        {
            ttlValue = operation.ExpiryArgument!.Value;
            var facts = isKeyExpire ? ExpiryTracer.TraceValue(ttlValue, 0) : ExpiryTracer.Trace(operation);
            var ctorDuration = GetConstructorDuration(ttlValue, symbols);
            if (ctorDuration is null &&
                (facts.IsUnknown || facts.Has(ExpiryFlags.Infinite) || !(facts.HasAbsoluteCap || facts.Has(ExpiryFlags.Sliding))))
            {
                return;
            }

            constantTtl = facts.RelativeValue ?? ctorDuration?.ConstantTimeSpan;
            (fixTarget, fix) = FindWriteFixTarget(ttlValue, symbols);
        }

        if (!IsTtlInvariant(ttlValue, bulk.Scope, symbols) || MentionsJitter(ttlValue))
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        if (fix is not null)
        {
            properties[FixProperty] = fix;
            properties[JitterProperty] = TtlSyntax.ToPropertyText(
                CachingArchitectOptions.GetJitterMax(context.Options, operation.Invocation.Syntax.SyntaxTree, constantTtl));
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE006,
            CodeContext.GetNameLocation(operation.Invocation),
            fixTarget is null || fix is null ? null : new[] { fixTarget.Syntax.GetLocation() },
            properties.ToImmutable(),
            $"'{operation.Method.Name}' in this {bulk.Description} gives every entry the same TTL with no jitter: the entries expire together and their reloads hit the data source at once"));
    }

    /// <summary>
    /// True when the TTL is the same on every iteration. For options objects built in the call only the duration
    /// members count (a per-item <c>Size</c> or priority does not spread expiration).
    /// </summary>
    private static bool IsTtlInvariant(IOperation ttlValue, IOperation scope, CacheSymbols symbols)
    {
        var op = ttlValue.WalkDownConversions();
        while (op is IInvocationOperation { TargetMethod.Name: var name } call && name.StartsWith("Set", StringComparison.Ordinal) &&
               call.GetReceiver() is { } receiver && DurationFacts.GetFamily(call.Type, symbols) is not null)
        {
            op = receiver.WalkDownConversions();
        }

        if (op is not IObjectCreationOperation creation || DurationFacts.GetFamily(creation.Type, symbols) is null)
        {
            return LoopContext.IsInvariant(ttlValue, scope);
        }

        var found = false;
        foreach (var argument in creation.Arguments)
        {
            if (!LoopContext.IsInvariant(argument.Value, scope))
            {
                return false;
            }
        }

        foreach (var setting in DurationFacts.Collect(creation, symbols))
        {
            switch (setting.Setting)
            {
                case DurationSetting.FusionJitter when !setting.IsNull:
                    return false;
                case DurationSetting.Relative or DurationSetting.Absolute or DurationSetting.Sliding or DurationSetting.HybridExpiration or DurationSetting.FusionDuration:
                    if (!LoopContext.IsInvariant(setting.Value, scope))
                    {
                        return false;
                    }

                    found = true;
                    break;
            }
        }

        return found || creation.Arguments.Length > 0;
    }

    /// <summary><c>new FusionCacheEntryOptions(duration)</c>: the duration passed to the constructor.</summary>
    private static DurationAssignment? GetConstructorDuration(IOperation value, CacheSymbols symbols)
    {
        var op = value.WalkDownConversions();
        while (op is IInvocationOperation { Instance: { } instance } && DurationFacts.GetFamily(op.Type, symbols) is not null)
        {
            op = instance.WalkDownConversions();
        }

        return op is IObjectCreationOperation creation && DurationFacts.GetFamily(creation.Type, symbols) == DurationFamily.Fusion
            ? DurationFacts.Single(DurationFacts.Collect(creation, symbols), DurationSetting.FusionDuration) is { Site: IObjectCreationOperation } fromCtor && !fromCtor.IsNull ? fromCtor : null
            : null;
    }

    private static (IOperation? Target, string? Fix) FindWriteFixTarget(IOperation ttlArgument, CacheSymbols symbols)
    {
        var value = ttlArgument.WalkDownConversions();
        if (ConstantFolding.IsTimeSpan(value.Type))
        {
            return (value, FixWrapTtl);
        }

        if (value is IObjectCreationOperation creation && DurationFacts.GetFamily(creation.Type, symbols) is { } family)
        {
            if (family == DurationFamily.Fusion)
            {
                return (creation, creation.Initializer is null && creation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax
                    ? FixSetJittering
                    : FixJitterInitializer);
            }

            foreach (var setting in DurationFacts.Collect(creation, symbols))
            {
                if (setting.Setting is DurationSetting.Relative or DurationSetting.HybridExpiration && setting.Site is ISimpleAssignmentOperation &&
                    ConstantFolding.IsTimeSpan(setting.Value.WalkDownConversions().Type))
                {
                    return (setting.Value.WalkDownConversions(), FixWrapTtl);
                }
            }
        }

        if (value.Type is not null && SymbolEqualityComparer.Default.Equals(value.Type, symbols.FusionCacheEntryOptions) && value is IInvocationOperation)
        {
            return (value, FixSetJittering);
        }

        return (null, null);
    }

    private static bool IsBatchWithSeveralExpiringWrites(CacheOperation operation, CacheSymbols symbols)
    {
        if (operation.Technology != CacheTechnology.Redis || operation.Receiver?.WalkDownConversions() is not ILocalReferenceOperation local ||
            !CacheSymbols.IsOrImplements(local.Local.Type, symbols.RedisBatch))
        {
            return false;
        }

        var count = 0;
        foreach (var reference in ValueTracer.FindReferences(local.Local, operation.Invocation.GetRoot()))
        {
            if (OptionsObjectWalker.GetCallOnReceiver(reference) is { } call && call.GetArgument("expiry").IsExplicit() && ++count >= 2)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the TTL expression (or the field/local it comes from) already mentions jitter.</summary>
    private static bool MentionsJitter(IOperation ttl)
    {
        if (ttl.Syntax.ToString().IndexOf("Jitter", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return true;
        }

        var op = ttl.WalkDownConversions();
        if (op is IFieldReferenceOperation field && ValueTracer.GetFieldInitializerSyntax(field.Field) is { } initializer)
        {
            return initializer.ToString().IndexOf("Jitter", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        if (op is ILocalReferenceOperation local && ValueTracer.GetSingleAssignment(local.Local, op) is { } assigned)
        {
            return assigned.Syntax.ToString().IndexOf("Jitter", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        return false;
    }

    // ------------------------------------------------------------------ FusionCache default entry options

    private static void AnalyzeFusionBuilder(OperationAnalysisContext context, CacheSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        if (method.Name is not ("WithDefaultEntryOptions" or "WithOptions") ||
            method.ContainingNamespace?.ToDisplayString() != "ZiggyCreatures.Caching.Fusion")
        {
            return;
        }

        IOperation? options = null;
        List<DurationAssignment>? settings = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { Ordinal: > 0 } || !argument.IsExplicit())
            {
                continue;
            }

            var value = argument.Value.WalkDownConversions();
            if (method.Name == "WithDefaultEntryOptions" && SymbolEqualityComparer.Default.Equals(value.Type, symbols.FusionCacheEntryOptions))
            {
                options = value;
                settings = Collect(value, symbols);
            }
            else if (value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } && lambda.Symbol.Parameters.Length == 1)
            {
                if (method.Name == "WithDefaultEntryOptions")
                {
                    options = lambda;
                    settings = new List<DurationAssignment>();
                    DurationFacts.CollectMutations(lambda.Symbol.Parameters[0], lambda.Body, symbols, settings);
                }
                else
                {
                    foreach (var descendant in lambda.Body.Descendants())
                    {
                        if (descendant is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "DefaultEntryOptions" } } assignment &&
                            SymbolEqualityComparer.Default.Equals(assignment.Value.WalkDownConversions().Type, symbols.FusionCacheEntryOptions))
                        {
                            options = assignment.Value.WalkDownConversions();
                            settings = Collect(options, symbols);
                            break;
                        }
                    }
                }
            }
        }

        if (options is null || settings is null || settings.Count == 0 || HasJitter(settings))
        {
            return;
        }

        var chainNames = CollectBuilderChain(invocation);
        if (!chainNames.IsMultiNode || chainNames.MentionsJitter)
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        Location[]? additional = null;
        if (options is IObjectCreationOperation or IInvocationOperation)
        {
            var duration = DurationFacts.Single(settings, DurationSetting.FusionDuration)?.ConstantTimeSpan;
            properties[FixProperty] = options is IObjectCreationOperation { Initializer: not null } ? FixJitterInitializer : FixSetJittering;
            properties[JitterProperty] = TtlSyntax.ToPropertyText(CachingArchitectOptions.GetJitterMax(context.Options, invocation.Syntax.SyntaxTree, duration));
            additional = new[] { options.Syntax.GetLocation() };
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE006,
            options.Syntax.GetLocation(),
            additional,
            properties.ToImmutable(),
            "FusionCache default entry options have no jitter in a multi-node setup (distributed cache or backplane): entries written by every node with the same Duration expire together; set JitterMaxDuration"));
    }

    private static List<DurationAssignment> Collect(IOperation options, CacheSymbols symbols)
    {
        var op = options;
        while (op is IInvocationOperation { Instance: { } instance })
        {
            op = instance.WalkDownConversions();
        }

        return op is IObjectCreationOperation creation ? DurationFacts.Collect(creation, symbols) : new List<DurationAssignment>();
    }

    private static bool HasJitter(List<DurationAssignment> settings)
    {
        foreach (var setting in settings)
        {
            if (setting.Setting == DurationSetting.FusionJitter && !setting.IsNull && setting.ConstantTimeSpan != TimeSpan.Zero)
            {
                return true;
            }
        }

        return false;
    }

    private static (bool IsMultiNode, bool MentionsJitter) CollectBuilderChain(IInvocationOperation invocation)
    {
        var multiNode = false;
        var jitter = false;

        void Visit(IInvocationOperation call)
        {
            var name = call.TargetMethod.Name;
            if (name.IndexOf("DistributedCache", StringComparison.Ordinal) >= 0 || name.IndexOf("Backplane", StringComparison.Ordinal) >= 0)
            {
                multiNode = true;
            }

            if (call == invocation)
            {
                return;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.IsExplicit() && !(call.TargetMethod.IsExtensionMethod && argument.Parameter?.Ordinal == 0) &&
                    argument.Syntax.ToString().IndexOf("Jitter", StringComparison.Ordinal) >= 0)
                {
                    jitter = true;
                }
            }
        }

        // The whole fluent chain: down through receivers, up through calls made on the result.
        IOperation bottom = invocation;
        for (var i = 0; i < 64 && bottom is IInvocationOperation call; i++)
        {
            Visit(call);
            var receiver = call.GetReceiver();
            if (receiver is null)
            {
                break;
            }

            bottom = receiver.WalkDownConversions();
        }

        var tops = new List<IOperation> { invocation };
        if (bottom is ILocalReferenceOperation local)
        {
            tops.AddRange(ValueTracer.FindReferences(local.Local, invocation.GetRoot()));
        }

        foreach (var start in tops)
        {
            IOperation current = start;
            for (var i = 0; i < 64; i++)
            {
                while (current.Parent is IConversionOperation or IParenthesizedOperation)
                {
                    current = current.Parent;
                }

                if (OptionsObjectWalker.GetCallOnReceiver(current) is not { } outer)
                {
                    break;
                }

                Visit(outer);
                current = outer;
            }
        }

        return (multiNode, jitter);
    }
}
