using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Expiration;

/// <summary>
/// CACHE004 — Redis key written without TTL (<c>StringSet</c> with no/"no expiry" expiry), TTL set
/// non-atomically (<c>StringSet</c> then <c>KeyExpire</c> on the same key), and, as an Info variant,
/// data-structure writes (<c>HashSet</c>, <c>ListLeftPush</c>…) on keys that no <c>KeyExpire</c> in the method bounds.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RedisKeyWithoutTtlAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: which shape the fix must edit.</summary>
    public const string ShapeProperty = "Shape";

    /// <summary>Add an <c>expiry</c> argument (none was passed).</summary>
    public const string ShapeAddExpiry = "AddExpiry";

    /// <summary>Replace the explicit "no expiry" argument (first additional location).</summary>
    public const string ShapeReplaceExpiry = "ReplaceExpiry";

    /// <summary>Merge the following <c>KeyExpire</c> statement (first additional location) into the write; its TTL is the second additional location.</summary>
    public const string ShapeMerge = "Merge";

    /// <summary>Diagnostic property: how "keep the existing TTL" is written for this overload family (<c>Expiration</c> or <c>Bool</c>); absent when not offered.</summary>
    public const string KeepTtlStyleProperty = "KeepTtlStyle";

    public const string KeepTtlExpiration = "Expiration";
    public const string KeepTtlBool = "Bool";

    /// <summary>Diagnostic property: the variant (<c>a</c>, <c>b</c> or <c>c</c> of the catalog).</summary>
    public const string VariantProperty = "Variant";

    private static readonly HashSet<string> DataStructureWrites = new(System.StringComparer.Ordinal)
    {
        "HashSet", "ListLeftPush", "ListRightPush", "SetAdd", "SortedSetAdd", "StringIncrement", "StringAppend",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE004);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.RedisDatabaseAsync is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, (ctx, operation) => Analyze(ctx, operation, symbols));

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation, CacheSymbols symbols)
    {
        if (operation.Technology != CacheTechnology.Redis || operation.Kind != CacheOperationKind.Write)
        {
            return;
        }

        var name = operation.Name;
        if (name is "StringSet" or "StringSetAndGet")
        {
            AnalyzeStringSet(context, operation, symbols);
        }
        else if (DataStructureWrites.Contains(name) && !operation.IsMultiKey && operation.KeyArgument is not null)
        {
            AnalyzeDataStructureWrite(context, operation, symbols);
        }
    }

    private static void AnalyzeStringSet(OperationAnalysisContext context, CacheOperation operation, CacheSymbols symbols)
    {
        // SET NX lock / first-writer-wins patterns belong to CACHE033.
        if (operation.IsSetIfNotExists)
        {
            return;
        }

        var facts = ExpiryTracer.Trace(operation);
        if (facts.IsUnknown || facts.Has(ExpiryFlags.KeepTtl) ||
            facts.Has(ExpiryFlags.Relative) || facts.Has(ExpiryFlags.Absolute))
        {
            return;
        }

        var tree = operation.Invocation.Syntax.SyntaxTree;
        if (!operation.IsMultiKey && IsPermanentByDesign(context, operation))
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[CachingArchitectOptions.TtlProperty] = TtlSyntax.ToPropertyText(CachingArchitectOptions.GetDefaultTtl(context.Options, tree));
        var additional = new List<Location>();
        string message;

        var expire = operation.IsMultiKey ? null : FindKeyExpire(operation, symbols, after: true);
        if (expire is not null)
        {
            // (b) A StringSet followed by KeyExpire on the same key, outside one transaction/batch.
            if (AreInSameBatch(operation.Receiver, expire.Receiver, symbols))
            {
                return;
            }

            properties[VariantProperty] = "b";
            if (CanMerge(operation, expire, out var statement, out var ttl))
            {
                properties[ShapeProperty] = ShapeMerge;
                additional.Add(statement!.GetLocation());
                additional.Add(ttl!.Syntax.GetLocation());
            }

            message = $"'{operation.Method.Name}' followed by '{expire.Method.Name}' sets the TTL in a second, non-atomic round trip: a failure in between leaves a key that never expires; pass the TTL to '{operation.Method.Name}'";
        }
        else
        {
            properties[VariantProperty] = "a";
            var explicitExpiry = operation.ExpirySource == ExpirySourceKind.Argument ? operation.ExpiryArgument : null;
            if (explicitExpiry is not null)
            {
                properties[ShapeProperty] = ShapeReplaceExpiry;
                additional.Add(explicitExpiry.Syntax.GetLocation());
            }
            else if (!operation.IsMultiKey || operation.ExpiryArgument is not null || symbols.RedisExpiration is not null)
            {
                properties[ShapeProperty] = ShapeAddExpiry;
            }

            if (!operation.IsMultiKey && explicitExpiry is null)
            {
                if (symbols.RedisExpiration is not null && HasMember(symbols.RedisExpiration, "KeepTtl"))
                {
                    properties[KeepTtlStyleProperty] = KeepTtlExpiration;
                }
                else if (operation.Method.Parameters.Length > 0 && HasParameter(operation.Method, "keepTtl"))
                {
                    properties[KeepTtlStyleProperty] = KeepTtlBool;
                }
            }

            var what = explicitExpiry is not null
                ? $"with expiry '{explicitExpiry.Value.Syntax}', which means no TTL,"
                : "without a TTL";
            message = operation.IsMultiKey
                ? $"'{operation.Method.Name}' writes several Redis keys {what}: they never expire and are invisible to volatile-* eviction"
                : $"'{operation.Method.Name}' writes a Redis key {what}: it never expires and is invisible to volatile-* eviction, and a successful SET discards any TTL the key had";
        }

        // Build report: the "add a TTL" fix (shapes AddExpiry and ReplaceExpiry) as a fix proposal.
        if (InventoryMode.IsEnabled(context.Options) && operation.Invocation.SemanticModel is { } model &&
            properties.TryGetValue(ShapeProperty, out var fixShape))
        {
            var ttl = FixProposal.TtlOf(properties);
            var title = "Add a TTL (" + TtlSyntax.ToTimeSpanExpression(ttl) + ")";
            var ttlText = FixProposal.TtlExpression(model, CodeContext.GetNameLocation(operation.Invocation).SourceSpan.Start, ttl);
            if (fixShape == ShapeAddExpiry && operation.Invocation.Syntax is InvocationExpressionSyntax call)
            {
                var arguments = call.ArgumentList.Arguments;
                var positional = arguments.Count == 2 && arguments.All(a => a.NameColon is null);
                FixProposal.AddAppendedArgument(properties, context.Options, title, call, (positional ? string.Empty : "expiry: ") + ttlText, context.CancellationToken);
            }
            else if (fixShape == ShapeReplaceExpiry && operation.ExpiryArgument?.Syntax is ArgumentSyntax { Expression: { } expiry })
            {
                FixProposal.Add(properties, context.Options, title, expiry.SyntaxTree, expiry.Span, ttlText, context.CancellationToken);
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE004,
            CodeContext.GetNameLocation(operation.Invocation),
            additional,
            properties.ToImmutable(),
            message));
    }

    private static void AnalyzeDataStructureWrite(OperationAnalysisContext context, CacheOperation operation, CacheSymbols symbols)
    {
        if (FindKeyExpire(operation, symbols, after: false) is not null || IsPermanentByDesign(context, operation))
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[VariantProperty] = "c";
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE004,
            CodeContext.GetNameLocation(operation.Invocation),
            DiagnosticSeverity.Info,
            additionalLocations: null,
            properties.ToImmutable(),
            $"'{operation.Method.Name}' writes a Redis key that no 'KeyExpire' in this method gives a TTL: it never expires; set a TTL, or list its prefix in caching_architect.permanent_key_prefixes if it is permanent by design"));
    }

    private static bool IsPermanentByDesign(OperationAnalysisContext context, CacheOperation operation) =>
        KeyExpressions.HasPrefix(
            operation.Key,
            CachingArchitectOptions.GetList(context.Options, operation.Invocation.Syntax.SyntaxTree, CachingArchitectOptions.PermanentKeyPrefixesKey));

    /// <summary>A <c>KeyExpire[Async]</c> with a TTL on the same key in the same method (after the write when <paramref name="after"/>).</summary>
    private static CacheOperation? FindKeyExpire(CacheOperation write, CacheSymbols symbols, bool after)
    {
        var root = write.Invocation.GetRoot();
        var start = write.Invocation.Syntax.SpanStart;
        foreach (var descendant in root.Descendants())
        {
            if (descendant is not IInvocationOperation invocation ||
                !invocation.TargetMethod.Name.StartsWith("KeyExpire", System.StringComparison.Ordinal) ||
                invocation.TargetMethod.Name.StartsWith("KeyExpireTime", System.StringComparison.Ordinal) ||
                (after && invocation.Syntax.SpanStart <= start))
            {
                continue;
            }

            var candidate = CacheOperationRecognizer.Recognize(invocation, symbols);
            if (candidate is { Technology: CacheTechnology.Redis, Name: "KeyExpire" } &&
                KeyExpressions.AreSameKey(write.Key, candidate.Key) &&
                !IsNullExpiry(candidate.GetArgument("expiry")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsNullExpiry(IArgumentOperation? expiry) =>
        expiry?.Value.WalkDownConversions() is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation;

    /// <summary>True when both calls are queued on the same <c>IBatch</c>/<c>ITransaction</c> local, field or parameter.</summary>
    private static bool AreInSameBatch(IOperation? a, IOperation? b, CacheSymbols symbols)
    {
        if (a is null || b is null || !CacheSymbols.IsOrImplements(a.WalkDownConversions().Type, symbols.RedisBatch))
        {
            return false;
        }

        return KeyExpressions.AreSameKey(a, b);
    }

    /// <summary>
    /// The merge fix applies when both calls are expression statements of the same block, the write comes first,
    /// the <c>KeyExpire</c> result is discarded, and its TTL is a <c>TimeSpan</c> that only uses locals declared before the write.
    /// </summary>
    private static bool CanMerge(CacheOperation write, CacheOperation expire, out StatementSyntax? expireStatement, out IOperation? ttl)
    {
        expireStatement = null;
        ttl = null;
        var writeStatement = GetExpressionStatement(write.Invocation.Syntax);
        var statement = GetExpressionStatement(expire.Invocation.Syntax);
        if (writeStatement?.Parent is not BlockSyntax block || statement?.Parent != block || write.IsMultiKey)
        {
            return false;
        }

        var expiry = expire.GetArgument("expiry");
        if (!expiry.IsExplicit() || expire.GetArgument("when") is { } when && when.IsExplicit() || expire.GetArgument("flags") is { } flags && flags.IsExplicit())
        {
            return false;
        }

        var value = expiry!.Value.WalkDownConversions();
        if (!ConstantFolding.IsTimeSpan(value.Type) || value.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T })
        {
            return false;
        }

        foreach (var descendant in value.DescendantsAndSelf())
        {
            if (descendant is ILocalReferenceOperation local &&
                (local.Local.DeclaringSyntaxReferences.Length == 0 || local.Local.DeclaringSyntaxReferences[0].Span.Start > writeStatement.SpanStart))
            {
                return false;
            }
        }

        // The write must not already carry an expiry or keepTtl argument that the merge would clash with.
        if (write.ExpirySource == ExpirySourceKind.Argument || write.GetArgument("keepTtl").IsExplicit())
        {
            return false;
        }

        expireStatement = statement;
        ttl = value;
        return true;
    }

    private static ExpressionStatementSyntax? GetExpressionStatement(SyntaxNode invocation)
    {
        var node = invocation.Parent;
        while (node is AwaitExpressionSyntax or ParenthesizedExpressionSyntax)
        {
            node = node.Parent;
        }

        if (node is InvocationExpressionSyntax or MemberAccessExpressionSyntax)
        {
            // .ConfigureAwait(false) and similar wrappers.
            node = node.FirstAncestorOrSelf<ExpressionStatementSyntax>();
            return node is ExpressionStatementSyntax wrapped && wrapped.Expression.Span.Contains(invocation.Span) ? wrapped : null;
        }

        return node as ExpressionStatementSyntax;
    }

    private static bool HasMember(INamedTypeSymbol type, string name) => !type.GetMembers(name).IsEmpty;

    private static bool HasParameter(IMethodSymbol method, string name)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Name == name)
            {
                return true;
            }
        }

        return false;
    }
}
