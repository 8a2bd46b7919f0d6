using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CachingArchitect.Analyzers.Tests.Rules.Configuration;

/// <summary>Helpers for the Configuration rule tests: appsettings AdditionalFiles, an EF Core provider stub, custom references.</summary>
internal static class ConfigurationTestSupport
{
    private static readonly System.Lazy<MetadataReference> SqlServerProvider = new(() =>
    {
        // A stub of the EF Core SQL Server provider's DI entry point, compiled under the provider's assembly name
        // (the provider package is not referenced by the test project).
        var tree = CSharpSyntaxTree.ParseText("""
            namespace Microsoft.Extensions.DependencyInjection
            {
                public static class SqlServerServiceCollectionExtensions
                {
                    public static IServiceCollection AddEntityFrameworkSqlServer(this IServiceCollection serviceCollection) => serviceCollection;
                }
            }
            """);
        var compilation = CSharpCompilation.Create(
            "Microsoft.EntityFrameworkCore.SqlServer",
            new[] { tree },
            TestReferences.All(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new System.IO.MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new System.InvalidOperationException(string.Join("\n", result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    });

    /// <summary>A reference declaring <c>AddEntityFrameworkSqlServer(this IServiceCollection)</c> in an assembly named like the provider.</summary>
    public static MetadataReference EntityFrameworkSqlServer => SqlServerProvider.Value;

    /// <summary>Runs <typeparamref name="TAnalyzer"/> over <paramref name="source"/> with extra files, references and options.</summary>
    public static async Task VerifyAsync<TAnalyzer>(
        string source,
        IEnumerable<(string Path, string Text)>? additionalFiles = null,
        IEnumerable<MetadataReference>? references = null,
        string? globalConfig = null,
        bool cachingLibraries = true,
        params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new Test<TAnalyzer>(cachingLibraries);
        test.TestState.Sources.Add(source);
        if (cachingLibraries)
        {
            test.TestState.Sources.Add((TestSources.GlobalUsingsFileName, TestSources.GlobalUsings));
        }

        foreach (var file in additionalFiles ?? Enumerable.Empty<(string, string)>())
        {
            test.TestState.AdditionalFiles.Add(file);
        }

        test.TestState.AdditionalReferences.AddRange(references ?? Enumerable.Empty<MetadataReference>());
        if (globalConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + globalConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    private sealed class Test<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public Test(bool cachingLibraries)
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(cachingLibraries ? TestReferences.All() : TestReferences.BclOnly);
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Preview);
    }
}
