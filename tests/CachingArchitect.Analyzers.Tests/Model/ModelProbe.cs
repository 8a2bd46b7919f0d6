using System.Linq;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Tests.Model;

/// <summary>Compiles a snippet against the test references (it must compile without errors) and hands out its operations.</summary>
internal sealed class ModelProbe
{
    public const string Usings = """
        using System.Data;
        using System.Data.Common;
        using System.Net.Http;
        using System.Net.Http.Json;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;
        using Dapper;

        """;

    private ModelProbe(Compilation compilation, SyntaxTree tree)
    {
        Compilation = compilation;
        Tree = tree;
        Model = compilation.GetSemanticModel(tree);
    }

    public Compilation Compilation { get; }

    public SyntaxTree Tree { get; }

    public SemanticModel Model { get; }

    public static ModelProbe Compile(string source)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var tree = CSharpSyntaxTree.ParseText(Usings + source, parse, path: "/0/Test0.cs");
        var global = CSharpSyntaxTree.ParseText(TestSources.GlobalUsings, parse, path: TestSources.GlobalUsingsFileName);
        var compilation = CSharpCompilation.Create("Probe", new[] { tree, global }, TestReferences.All(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return new ModelProbe(compilation, tree);
    }

    /// <summary>The <paramref name="occurrence"/>-th call (source order) of a method named <paramref name="name"/>.</summary>
    public IInvocationOperation Call(string name, int occurrence = 0) =>
        Operations<IInvocationOperation>().Where(i => i.TargetMethod.Name == name).OrderBy(i => i.Syntax.SpanStart).Skip(occurrence).First();

    /// <summary>The operation of the expression whose source text is exactly <paramref name="text"/>.</summary>
    public IOperation Expression(string text) =>
        Operations<IOperation>().First(o => o.Syntax.ToString() == text && o is not IArgumentOperation);

    public System.Collections.Generic.IEnumerable<T> Operations<T>()
        where T : IOperation =>
        Tree.GetRoot().DescendantNodes().Select(n => Model.GetOperation(n)).OfType<T>().Distinct();
}
