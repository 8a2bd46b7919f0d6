using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CachingArchitect.Analyzers.Tests.Rules.Schema;

/// <summary>Verifies key-schema snippets: adds <c>using CachingArchitect;</c>, the generator's implementing parts and the Redis helpers stub.</summary>
internal static class SchemaVerify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public const string Usings = "using CachingArchitect;\nusing CachingArchitect.StackExchangeRedis;\n";

    public static DiagnosticResult Diagnostic() => Verifier<TAnalyzer>.Diagnostic();

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(source, editorConfig: null, expected);

    public static Task VerifyAsync(string source, string? editorConfig, params DiagnosticResult[] expected) =>
        Verifier<TAnalyzer>.VerifyWithReferencesAsync(
            SchemaTestSupport.WithImplementations(Usings + source), editorConfig, new[] { SchemaTestSupport.RedisHelpers }, expected);
}

/// <summary>Fix verification for key-schema snippets (the implementing parts are added to both sources).</summary>
internal static class SchemaFixVerify<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyFixAsync(string source, string fixedSource, params DiagnosticResult[] expected) =>
        Verifier<TAnalyzer, TCodeFix>.VerifyFixAsync(
            SchemaTestSupport.WithImplementations("using CachingArchitect;\n" + source),
            SchemaTestSupport.WithImplementations("using CachingArchitect;\n" + fixedSource),
            editorConfig: null,
            RedisVersion.V3,
            expected);
}
