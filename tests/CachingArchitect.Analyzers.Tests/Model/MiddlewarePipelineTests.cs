using System.Linq;
using CachingArchitect.Analyzers.Model.Http;

namespace CachingArchitect.Analyzers.Tests.Model;

public class MiddlewarePipelineTests
{
    private const string Usings = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        """;

    private static MiddlewarePipeline Pipeline(ModelProbe probe, string call, int occurrence = 0) =>
        MiddlewarePipeline.ForCall(probe.Call(call, occurrence)) ?? throw new Xunit.Sdk.XunitException("no pipeline for " + call);

    [Fact]
    public void Steps_follow_locals_aliases_and_fluent_chains_in_evaluation_order()
    {
        var probe = ModelProbe.Compile(Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var app = WebApplication.CreateBuilder(args).Build();
                    IApplicationBuilder alias = app;
                    alias.UseRouting().UseAuthentication();
                    app.UseOutputCache();
                    app.UseEndpoints(e => e.MapGet("/", () => "hi"));
                    app.Run();
                }
            }
            """);
        var pipeline = Pipeline(probe, "UseOutputCache");
        Assert.Equal(new[] { "UseRouting", "UseAuthentication", "UseOutputCache", "UseEndpoints", "Run" }, pipeline.Steps.Select(s => s.Name));
        Assert.True(pipeline.IsComplete);
        var step = pipeline.StepOf(probe.Call("UseOutputCache"))!;
        Assert.Equal(PipelineOrder.After, pipeline.Order(step, "UseAuthentication"));
        Assert.Equal(PipelineOrder.Absent, pipeline.Order(step, "UseCors"));
        Assert.True(pipeline.Steps.Single(s => s.Name == "UseEndpoints").IsTerminal);
        Assert.False(pipeline.Steps.Single(s => s.Name == "Run").IsTerminal);
        Assert.False(pipeline.ServesControllersOrPages());
    }

    [Fact]
    public void Helper_that_receives_the_builder_makes_absent_middleware_unknown()
    {
        var probe = ModelProbe.Compile(Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var app = WebApplication.CreateBuilder(args).Build();
                    Security.Apply(app);
                    app.UseOutputCache();
                    app.UseCors();
                    app.MapControllers();
                }
            }

            public static class Security
            {
                public static void Apply(IApplicationBuilder app) => app.UseAuthentication();
            }
            """);
        var pipeline = Pipeline(probe, "UseOutputCache");
        var step = pipeline.StepOf(probe.Call("UseOutputCache"))!;
        Assert.True(pipeline.HasOpaqueSteps);
        Assert.False(pipeline.IsComplete);
        Assert.Equal(PipelineOrder.Unknown, pipeline.Order(step, "UseAuthentication"));
        Assert.Equal(PipelineOrder.Before, pipeline.Order(step, "UseCors"));
        Assert.True(pipeline.ServesControllersOrPages());

        // The helper's own pipeline is a partial one: its builder is a parameter of a method other than Configure.
        var helper = Pipeline(probe, "UseAuthentication");
        Assert.False(helper.OwnsWholePipeline);
    }

    [Fact]
    public void Startup_configure_owns_the_pipeline_and_branch_lambdas_are_other_builders()
    {
        var probe = ModelProbe.Compile(Usings + """
            public class Startup
            {
                public void Configure(IApplicationBuilder app)
                {
                    app.UseAuthentication();
                    app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseOutputCache());
                }
            }
            """);
        var main = Pipeline(probe, "UseAuthentication");
        Assert.True(main.IsComplete);
        Assert.Equal(new[] { "UseAuthentication", "UseWhen" }, main.Steps.Select(s => s.Name));
        var branch = Pipeline(probe, "UseOutputCache");
        Assert.Single(branch.Steps);
        Assert.False(branch.OwnsWholePipeline);
        Assert.Equal(PipelineOrder.Unknown, branch.Order(branch.Steps[0], "UseAuthentication"));
    }

    [Fact]
    public void Calls_on_other_objects_are_not_pipeline_calls()
    {
        var probe = ModelProbe.Compile(Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddOutputCache();
                    var app = builder.Build();
                    app.UseOutputCache();
                }
            }
            """);
        Assert.Null(MiddlewarePipeline.ForCall(probe.Call("AddOutputCache")));
        Assert.Equal(new[] { "UseOutputCache" }, Pipeline(probe, "UseOutputCache").Steps.Select(s => s.Name));
    }
}
