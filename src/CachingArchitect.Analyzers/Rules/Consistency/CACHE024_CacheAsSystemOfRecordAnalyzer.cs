using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Consistency;

/// <summary>
/// CACHE024 — a type writes Redis data structures (<c>HashSet</c>, <c>ListLeftPush/ListRightPush</c>, <c>SetAdd</c>,
/// <c>SortedSetAdd/Increment</c>, <c>StringIncrement</c>, <c>HashIncrement</c>) to a key family (the constant key prefix up to
/// its last separator) that nothing in the compilation gives a TTL (<c>KeyExpire</c>, a <c>StringSet</c> with expiry) and no
/// method feeds from or persists to a durable store (a method that touches the family and also reads or writes a database,
/// service or file, per <see cref="DataAccess"/>). Whole-compilation: facts are collected per operation and reported at
/// compilation end, once per type and key family. Families in <c>caching_architect.permanent_key_prefixes</c> are permanent by
/// design and skipped; keys without a constant prefix cannot be correlated and are skipped.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CacheAsSystemOfRecordAnalyzer : CacheAnalyzer
{
    private static readonly HashSet<string> DataStructureWrites = new(StringComparer.Ordinal)
    {
        "HashSet", "HashIncrement", "ListLeftPush", "ListRightPush", "SetAdd", "SortedSetAdd", "SortedSetIncrement", "StringIncrement",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE024);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.RedisDatabaseAsync is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var state = new State();
        RegisterCacheOperationAction(context, symbols, (ctx, operation) => state.Collect(ctx, operation));
        context.RegisterCompilationEndAction(state.Report);
    }

    /// <summary>The key family of a key: its constant prefix up to and including the last separator, or the whole constant.</summary>
    internal static string? GetFamily(IOperation? key)
    {
        var prefix = KeyExpressions.GetConstantPrefix(key);
        if (string.IsNullOrEmpty(prefix))
        {
            return null;
        }

        var constant = key?.WalkDownConversions().ConstantValue.HasValue == true;
        var cut = prefix!.LastIndexOfAny(new[] { ':', '/', '|', '.', '_', '-' });
        var family = cut >= 0 ? prefix.Substring(0, cut + 1) : constant ? prefix : null;
        return family is { Length: >= 2 } ? family : null;
    }

    private sealed class State
    {
        private readonly ConcurrentBag<(string Family, INamedTypeSymbol Type, Location Location, string Method)> writes = new();
        private readonly ConcurrentDictionary<string, bool> backed = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<SyntaxNode, bool> bodiesWithDataAccess = new();

        public void Collect(OperationAnalysisContext context, CacheOperation operation)
        {
            if (operation.Technology != CacheTechnology.Redis || operation.IsMultiKey)
            {
                return;
            }

            var family = GetFamily(operation.Key);
            if (family is null)
            {
                return;
            }

            var name = operation.Name;
            if (name == "KeyExpire" || (name is "StringSet" or "StringSetAndGet" && operation.ExpirySource == ExpirySourceKind.Argument))
            {
                backed[family] = true;
                return;
            }

            if (HasDataAccess(operation.Invocation))
            {
                backed[family] = true;
                return;
            }

            if (operation.Kind != CacheOperationKind.Write || !DataStructureWrites.Contains(name) ||
                context.ContainingSymbol?.ContainingType is not { } type ||
                KeyExpressions.HasPrefix(operation.Key, CachingArchitectOptions.GetList(context.Options, operation.Invocation.Syntax.SyntaxTree, CachingArchitectOptions.PermanentKeyPrefixesKey)))
            {
                return;
            }

            writes.Add((family, type, CodeContext.GetNameLocation(operation.Invocation), operation.Method.Name));
        }

        public void Report(CompilationAnalysisContext context)
        {
            var reported = new HashSet<(string, INamedTypeSymbol)>(new FamilyTypeComparer());
            var ordered = new List<(string Family, INamedTypeSymbol Type, Location Location, string Method)>(writes);
            ordered.Sort((a, b) =>
            {
                var byFile = string.CompareOrdinal(a.Location.SourceTree?.FilePath, b.Location.SourceTree?.FilePath);
                return byFile != 0 ? byFile : a.Location.SourceSpan.Start.CompareTo(b.Location.SourceSpan.Start);
            });

            foreach (var write in ordered)
            {
                if (backed.ContainsKey(write.Family) || !reported.Add((write.Family, write.Type)))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CACHE024,
                    write.Location,
                    $"'{write.Type.Name}' keeps '{write.Family}' keys only in Redis ('{write.Method}' without a TTL, and no database or service feeds or persists this key family): the cache is the system of record, and an eviction, failover or flush loses the data; persist it durably, or list the prefix in caching_architect.permanent_key_prefixes and configure Redis persistence and replication"));
            }
        }

        private bool HasDataAccess(IInvocationOperation invocation)
        {
            var root = invocation.GetRoot();
            return bodiesWithDataAccess.GetOrAdd(root.Syntax, _ => !DataAccess.FindFirst(root).IsNone);
        }
    }

    private sealed class FamilyTypeComparer : IEqualityComparer<(string Family, INamedTypeSymbol Type)>
    {
        public bool Equals((string Family, INamedTypeSymbol Type) x, (string Family, INamedTypeSymbol Type) y) =>
            x.Family == y.Family && SymbolEqualityComparer.Default.Equals(x.Type, y.Type);

        public int GetHashCode((string Family, INamedTypeSymbol Type) obj) =>
            StringComparer.Ordinal.GetHashCode(obj.Family) ^ SymbolEqualityComparer.Default.GetHashCode(obj.Type);
    }
}
