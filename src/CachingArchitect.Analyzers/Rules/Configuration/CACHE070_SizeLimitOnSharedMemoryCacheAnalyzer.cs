using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Configuration;

/// <summary>
/// CACHE070 — <c>SizeLimit</c> set on the shared DI <c>IMemoryCache</c>: <c>AddMemoryCache(o =&gt; o.SizeLimit = …)</c>,
/// <c>Configure&lt;MemoryCacheOptions&gt;</c>, <c>AddMemoryCache</c>/<c>Configure</c> bound to a section whose
/// <c>appsettings*.json</c> value sets <c>SizeLimit</c>, or a replaced <c>IMemoryCache</c> service created with a
/// <c>SizeLimit</c>. These are live; <c>AddEntityFramework&lt;Provider&gt;()</c> registration order needs the whole
/// compilation and is reported by <see cref="EntityFrameworkSharedMemoryCacheAnalyzer"/> (CompilationEnd twin).
/// A dedicated <c>new MemoryCache(new MemoryCacheOptions { SizeLimit = … })</c> held by its own type is the documented pattern.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SizeLimitOnSharedMemoryCacheAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE070);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.MemoryCacheOptions is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        context.RegisterOperationAction(Analyze, OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!MemoryCacheConfiguration.IsCandidateName(invocation.TargetMethod.Name) ||
            MemoryCacheConfiguration.Recognize(invocation) is not { } registration ||
            MemoryCacheConfiguration.GetDirectProof(registration, context.Options.AdditionalFiles, context.CancellationToken) is not { } proof)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE070, proof.Location, Message(proof)));
    }

    internal static string Message(SharedSizeLimitProof proof) =>
        $"{proof.Reason} on the shared DI IMemoryCache: every entry anyone adds to it (your code, HybridCache's L1, libraries) must then set Size or the write throws; give the bounded cache its own MemoryCache type instead";
}

/// <summary>
/// CACHE070, whole-compilation part: <c>AddEntityFramework&lt;Provider&gt;()</c> on the application's <c>IServiceCollection</c>
/// before every other <c>IMemoryCache</c> registration (<c>AddMemoryCache</c>, <c>AddMvc</c>-family, <c>AddHybridCache</c>), so EF
/// Core's <c>TryAdd</c>ed <c>MemoryCache { SizeLimit = 10240 }</c> becomes the shared cache.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EntityFrameworkSharedMemoryCacheAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE070Registrations);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.MemoryCacheOptions is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var collector = new MemoryCacheRegistrationCollector();
        collector.Register(context);
        context.RegisterCompilationEndAction(end =>
        {
            var registrations = collector.Build();
            if (!registrations.Exists(r => r.Kind == MemoryCacheRegistrationKind.EntityFramework))
            {
                return;
            }

            foreach (var proof in MemoryCacheConfiguration.FindSharedSizeLimits(registrations, end.Options.AdditionalFiles, includeEntityFramework: true, end.CancellationToken))
            {
                if (proof.Registration.Kind == MemoryCacheRegistrationKind.EntityFramework)
                {
                    end.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.CACHE070Registrations,
                        proof.Location,
                        $"{proof.Reason}: it runs before any other IMemoryCache registration, so the application's shared cache is size-limited and every entry without Size throws; call AddMemoryCache() before it, or let EF Core keep its services internal (AddDbContext without AddEntityFramework…)"));
                }
            }
        });
    }
}
