using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CachingArchitect.Analyzers.Tests.Infrastructure;

/// <summary>
/// Analyzer verifier: compiles a snippet (plus global usings) against <see cref="TestReferences"/>
/// and compares diagnostics with the markup (<c>[|…|]</c>, <c>{|CACHE001:…|}</c>, <c>{|#0:…|}</c>).
/// </summary>
public static class Verifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic() => new DiagnosticResult(new TAnalyzer().SupportedDiagnostics[0]);

    public static DiagnosticResult Diagnostic(string id) => DiagnosticResult.CompilerWarning(id);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(source, editorConfig: null, RedisVersion.V3, expected);

    public static Task VerifyAsync(string source, string? editorConfig, RedisVersion redis, params DiagnosticResult[] expected) =>
        VerifyCoreAsync(source, editorConfig, redis, Array.Empty<MetadataReference>(), expected);

    /// <summary>Like <see cref="VerifyAsync(string, DiagnosticResult[])"/>, with extra metadata references (e.g. <see cref="TestReferences.XunitCore"/>).</summary>
    public static Task VerifyWithReferencesAsync(string source, string? editorConfig, IEnumerable<MetadataReference> extraReferences, params DiagnosticResult[] expected) =>
        VerifyCoreAsync(source, editorConfig, RedisVersion.V3, extraReferences, expected);

    private static async Task VerifyCoreAsync(string source, string? editorConfig, RedisVersion redis, IEnumerable<MetadataReference> extraReferences, DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest(redis);
        test.TestState.AdditionalReferences.AddRange(extraReferences);
        test.TestState.Sources.Add(source);
        test.TestState.Sources.Add((TestSources.GlobalUsingsFileName, TestSources.GlobalUsings));
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>Verifies with a global analyzer config (<c>is_global = true</c>; e.g. <c>build_property.*</c> keys as a build passes them).</summary>
    public static async Task VerifyWithGlobalConfigAsync(string source, string globalConfig, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest(RedisVersion.V3);
        test.TestState.Sources.Add(source);
        test.TestState.Sources.Add((TestSources.GlobalUsingsFileName, TestSources.GlobalUsings));
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", globalConfig));
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>Verifies a snippet compiled against the BCL only (no caching library referenced).</summary>
    public static async Task VerifyWithoutCachingLibrariesAsync(string source)
    {
        var test = new AnalyzerTest(RedisVersion.V3, bclOnly: true);
        test.TestState.Sources.Add(source);
        await test.RunAsync(CancellationToken.None);
    }

    private sealed class AnalyzerTest : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public AnalyzerTest(RedisVersion redis, bool bclOnly = false)
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(bclOnly ? TestReferences.BclOnly : TestReferences.All(redis));
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Preview);
    }
}

/// <summary>Code fix verifier: checks the fixed code (which must compile), one-by-one and Fix All.</summary>
public static class Verifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic() => new DiagnosticResult(new TAnalyzer().SupportedDiagnostics[0]);

    public static Task VerifyFixAsync(string source, string fixedSource, params DiagnosticResult[] expected) =>
        VerifyFixAsync(source, fixedSource, editorConfig: null, RedisVersion.V3, expected);

    public static async Task VerifyFixAsync(string source, string fixedSource, string? editorConfig, RedisVersion redis, params DiagnosticResult[] expected)
    {
        var test = new FixTest(redis);
        test.TestState.Sources.Add(source);
        test.TestState.Sources.Add((TestSources.GlobalUsingsFileName, TestSources.GlobalUsings));
        test.FixedState.Sources.Add(fixedSource);
        test.FixedState.Sources.Add((TestSources.GlobalUsingsFileName, TestSources.GlobalUsings));
        if (editorConfig is not null)
        {
            var config = ("/.editorconfig", "root = true\n[*]\n" + editorConfig);
            test.TestState.AnalyzerConfigFiles.Add(config);
            test.FixedState.AnalyzerConfigFiles.Add(config);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    private sealed class FixTest : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public FixTest(RedisVersion redis)
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            var references = TestReferences.All(redis);
            TestState.AdditionalReferences.AddRange(references);
            FixedState.AdditionalReferences.AddRange(references);

            // Whole-compilation rules report at compilation end (non-local diagnostics); their fixes are still tested.
            foreach (var descriptor in new TAnalyzer().SupportedDiagnostics)
            {
                if (System.Linq.Enumerable.Contains(descriptor.CustomTags, WellKnownDiagnosticTags.CompilationEnd))
                {
                    CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
                }
            }
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Preview);
    }
}
