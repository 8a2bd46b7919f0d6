using System.Linq;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace CachingArchitect.Analyzers.Tests.Model;

public class AsyncContextTests
{
    private static AsyncPath PathOfProbe(string members, string usings = "")
    {
        var probe = ModelProbe.Compile(usings + $$"""
            public class C
            {
                static int Probe() => 0;
                {{members}}
            }
            """);
        var call = probe.Call("Probe");
        var containing = probe.Model.GetEnclosingSymbol(call.Syntax.SpanStart);
        while (containing is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } inner)
        {
            containing = inner.ContainingSymbol;
        }

        return AsyncContext.Get(call, containing);
    }

    [Theory]
    [InlineData("async Task M() { await Task.Yield(); Probe(); }", "AsyncFunction")]
    [InlineData("Task<int> M() => Task.FromResult(Probe());", "TaskReturning")]
    [InlineData("ValueTask M() { Probe(); return default; }", "TaskReturning")]
    [InlineData("int M() => Probe();", "None")]
    [InlineData("void M() { Func<Task> f = async () => { await Task.Yield(); Probe(); }; }", "AsyncFunction")]
    [InlineData("async Task M() { Func<int> f = () => Probe(); await Task.Yield(); }", "None")]
    [InlineData("async Task M() { await Task.Run(() => Probe()); }", "None")]
    [InlineData("void M() { int Local() => Probe(); }", "None")]
    [InlineData("void M() { async Task Local() { await Task.Yield(); Probe(); } }", "AsyncFunction")]
    [InlineData("static async Task Main() { await Task.Yield(); Probe(); }", "None")]
    public void Classifies_the_executing_function(string members, string expected) =>
        Assert.Equal(expected, PathOfProbe(members).Kind.ToString());

    [Fact]
    public void Synchronous_linq_lambdas_inherit_the_enclosing_path()
    {
        var path = PathOfProbe("async Task<int> M(int[] xs) { await Task.Yield(); return xs.Select(x => Probe()).Sum(); }");
        Assert.Equal(AsyncPathKind.AsyncFunction, path.Kind);
        Assert.True(path.IsInherited);
        Assert.Equal("M", path.Function?.Name);
    }

    [Fact]
    public void Controller_actions_and_minimal_api_lambdas_are_request_paths()
    {
        const string usings = "using Microsoft.AspNetCore.Mvc;\n";
        var action = ModelProbe.Compile(usings + """
            public class HomeController : ControllerBase
            {
                static int Probe() => 0;
                public IActionResult Index() => Ok(Probe());
            }
            """);
        var call = action.Call("Probe");
        Assert.Equal(AsyncPathKind.RequestPath, AsyncContext.Get(call, action.Model.GetEnclosingSymbol(call.Syntax.SpanStart)).Kind);

        var minimal = ModelProbe.Compile("using Microsoft.AspNetCore.Builder;\n" + """
            public static class Endpoints
            {
                static int Probe() => 0;
                public static void Map(WebApplication app) => app.MapGet("/x", () => Probe());
            }
            """);
        var lambdaCall = minimal.Call("Probe");
        var path = AsyncContext.Get(lambdaCall, minimal.Model.GetEnclosingSymbol(lambdaCall.Syntax.SpanStart));
        Assert.Equal(AsyncPathKind.RequestPath, path.Kind);
        Assert.Equal(MethodKind.AnonymousFunction, path.Function?.MethodKind);
    }

    [Theory]
    [InlineData("System.Threading.Tasks.Task", true)]
    [InlineData("System.Threading.Tasks.ValueTask`1", true)]
    [InlineData("System.Threading.Tasks.TaskCompletionSource", false)]
    public void Task_like_types(string metadataName, bool expected)
    {
        var probe = ModelProbe.Compile("public class C { }");
        Assert.Equal(expected, AsyncContext.IsTaskLike(probe.Compilation.GetTypeByMetadataName(metadataName)));
    }
}
