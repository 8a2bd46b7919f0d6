using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Configuration;

/// <summary>
/// CACHE071 — an entry without <c>Size</c> written (<c>Set</c>, <c>GetOrCreate[Async]</c>, <c>CreateEntry</c>) to a
/// <c>MemoryCache</c> proven size-limited where it is created (<c>new MemoryCache(options)</c> with <c>SizeLimit</c> in a local,
/// a readonly field or an auto-property initializer): live. Entries written to the shared DI <c>IMemoryCache</c> made
/// size-limited by a registration (CACHE070) are reported by <see cref="SharedCacheEntryWithoutSizeAnalyzer"/> at compilation end.
/// Instances not proven size-limited are never reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EntryWithoutSizeOnSizeLimitedCacheAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: which shape the fix must edit.</summary>
    public const string ShapeProperty = "Shape";

    /// <summary>Insert <c>entry.Size = n;</c> at the start of the factory (first additional location: the lambda).</summary>
    public const string ShapeFactory = "Factory";

    /// <summary>Add <c>Size = n</c> to the options creation (first additional location).</summary>
    public const string ShapeOptions = "Options";

    /// <summary>Add a <c>new MemoryCacheEntryOptions { Size = n }</c> argument to <c>Set(key, value)</c>.</summary>
    public const string ShapeAddOptions = "AddOptions";

    /// <summary>Insert <c>entry.Size = n;</c> after the declaration of the <c>CreateEntry</c> local (first additional location: the declaration statement).</summary>
    public const string ShapeEntry = "Entry";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE071);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.MemoryCache is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, (ctx, operation) =>
        {
            if (IsCandidate(operation) && SizeLimitTracer.IsSizeLimited(operation.Receiver) == true && Analyze(operation, ctx.Options) is { } finding)
            {
                ctx.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CACHE071,
                    CodeContext.GetNameLocation(operation.Invocation),
                    finding.AdditionalLocations,
                    finding.Properties,
                    $"'{operation.Method.Name}' adds an entry without Size to a MemoryCache created with SizeLimit: it throws InvalidOperationException when the entry is committed; set Size on the entry"));
            }
        });

    internal static bool IsCandidate(CacheOperation operation) =>
        operation.Technology == CacheTechnology.MemoryCache &&
        operation.Kind is CacheOperationKind.Write or CacheOperationKind.ReadThrough &&
        operation.Name is "Set" or "GetOrCreate" or "CreateEntry";

    /// <summary>A missing-Size finding with the fix shape, or null when the entry sets Size or the trace is unknown.</summary>
    internal static Finding? Analyze(CacheOperation operation, AnalyzerOptions options)
    {
        var facts = ExpiryTracer.Trace(operation);
        if (facts.IsUnknown || facts.Has(ExpiryFlags.Size))
        {
            return null;
        }

        // GetOrCreate(key, factory, createOptions): the factory may set Size on its entry.
        if (operation.ExpirySource == ExpirySourceKind.Argument && operation.FactoryArgument is { } factoryArgument)
        {
            var factoryFacts = ExpiryTracer.TraceFactory(factoryArgument.Value);
            if (factoryFacts.IsUnknown || factoryFacts.Has(ExpiryFlags.Size))
            {
                return null;
            }
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[CachingArchitectOptions.SizeProperty] = CachingArchitectOptions.GetEntrySizeText(options, operation.Invocation.Syntax.SyntaxTree);
        var additional = new List<Location>();
        switch (operation.ExpirySource)
        {
            case ExpirySourceKind.Factory when operation.FactoryArgument?.Value.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } &&
                                               lambda.Symbol.Parameters.Length == 1 && lambda.Symbol.Parameters[0].Name is not ("_" or "") &&
                                               lambda.Syntax is LambdaExpressionSyntax:
                properties[ShapeProperty] = ShapeFactory;
                additional.Add(lambda.Syntax.GetLocation());
                break;
            case ExpirySourceKind.Argument when facts.Origin is IObjectCreationOperation { Type.Name: "MemoryCacheEntryOptions" } origin &&
                                                origin.Syntax.SyntaxTree == operation.Invocation.Syntax.SyntaxTree:
                properties[ShapeProperty] = ShapeOptions;
                additional.Add(origin.Syntax.GetLocation());
                break;
            case ExpirySourceKind.NoneInOverload when operation.Name == "Set" && operation.Invocation.Arguments.Length <= 3:
                properties[ShapeProperty] = ShapeAddOptions;
                break;
            case ExpirySourceKind.Entry when GetEntryDeclaration(operation.Invocation) is { } statement:
                properties[ShapeProperty] = ShapeEntry;
                additional.Add(statement.GetLocation());
                break;
        }

        return new Finding(additional, properties.ToImmutable());
    }

    /// <summary>The <c>[using] var entry = cache.CreateEntry(key);</c> statement (single declarator, in a block).</summary>
    private static LocalDeclarationStatementSyntax? GetEntryDeclaration(IInvocationOperation createEntry)
    {
        var node = createEntry.Syntax.Parent;
        while (node is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            node = node.Parent;
        }

        return node is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement } } } &&
               statement.Parent is BlockSyntax
            ? statement
            : null;
    }

    internal sealed class Finding
    {
        public Finding(List<Location> additionalLocations, ImmutableDictionary<string, string?> properties)
        {
            AdditionalLocations = additionalLocations;
            Properties = properties;
        }

        public List<Location> AdditionalLocations { get; }

        public ImmutableDictionary<string, string?> Properties { get; }
    }
}

/// <summary>
/// CACHE071, whole-compilation part: entries without <c>Size</c> written to the shared DI <c>IMemoryCache</c> (injected constructor
/// or minimal-API parameters, fields assigned from them, <c>GetRequiredService&lt;IMemoryCache&gt;()</c>) when a registration in the
/// compilation makes that cache size-limited (the CACHE070 facts, EF Core registration order included).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedCacheEntryWithoutSizeAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE071Registrations);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.MemoryCache is not null && symbols.MemoryCacheOptions is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var collector = new MemoryCacheRegistrationCollector();
        collector.Register(context);
        var gate = new object();
        var findings = new List<(CacheOperation Operation, EntryWithoutSizeOnSizeLimitedCacheAnalyzer.Finding Finding)>();
        RegisterCacheOperationAction(context, symbols, (ctx, operation) =>
        {
            if (EntryWithoutSizeOnSizeLimitedCacheAnalyzer.IsCandidate(operation) &&
                SizeLimitTracer.IsSizeLimited(operation.Receiver) is null &&
                MemoryCacheConfiguration.IsSharedDiCache(operation.Receiver, ctx.ContainingSymbol) &&
                EntryWithoutSizeOnSizeLimitedCacheAnalyzer.Analyze(operation, ctx.Options) is { } finding)
            {
                lock (gate)
                {
                    findings.Add((operation, finding));
                }
            }
        });

        context.RegisterCompilationEndAction(end =>
        {
            List<(CacheOperation Operation, EntryWithoutSizeOnSizeLimitedCacheAnalyzer.Finding Finding)> copy;
            lock (gate)
            {
                copy = new List<(CacheOperation, EntryWithoutSizeOnSizeLimitedCacheAnalyzer.Finding)>(findings);
            }

            if (copy.Count == 0)
            {
                return;
            }

            var proofs = MemoryCacheConfiguration.FindSharedSizeLimits(collector.Build(), end.Options.AdditionalFiles, includeEntityFramework: true, end.CancellationToken);
            if (proofs.Count == 0)
            {
                return;
            }

            var proof = proofs[0];
            foreach (var (operation, finding) in copy)
            {
                end.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CACHE071Registrations,
                    CodeContext.GetNameLocation(operation.Invocation),
                    finding.AdditionalLocations,
                    finding.Properties,
                    $"'{operation.Method.Name}' adds an entry without Size to the shared IMemoryCache, which is size-limited ({proof.Reason}): it throws InvalidOperationException when the entry is committed; set Size on the entry"));
            }
        });
    }
}
