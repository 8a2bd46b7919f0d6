using System.Linq;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Tests.Model;

public class MemoryCacheConfigurationTests
{
    private static ModelProbe Probe(string members) => ModelProbe.Compile($$"""
        using Microsoft.Extensions.Caching.Memory;
        using Microsoft.Extensions.Configuration;

        public class C
        {
            {{members}}
        }
        """);

    [Theory]
    [InlineData("services.AddMemoryCache(o => o.SizeLimit = 10);", "AddMemoryCache", "AddMemoryCache", true)]
    [InlineData("services.AddMemoryCache(o => { o.SizeLimit = null; });", "AddMemoryCache", "AddMemoryCache", false)]
    [InlineData("services.Configure<MemoryCacheOptions>(o => o.SizeLimit = 10);", "Configure", "ConfigureOptions", true)]
    [InlineData("services.AddSingleton<IMemoryCache>(new MemoryCache(new MemoryCacheOptions { SizeLimit = 5 }));", "AddSingleton", "ServiceInstance", true)]
    [InlineData("services.AddRazorPages();", "AddRazorPages", "Framework", false)]
    public void Recognizes_shared_cache_registrations(string statement, string method, string kind, bool sizeLimited)
    {
        var probe = Probe($"void M(IServiceCollection services) {{ {statement} }}");
        var registration = MemoryCacheConfiguration.Recognize(probe.Call(method));
        Assert.NotNull(registration);
        Assert.Equal(kind, registration!.Kind.ToString());
        Assert.Equal(sizeLimited, registration.Options.SizeLimit is not null);
    }

    [Theory]
    [InlineData("services.Configure<MemoryCacheOptions>(\"named\", o => o.SizeLimit = 10);", "Configure")]
    [InlineData("new ServiceCollection().AddMemoryCache(o => o.SizeLimit = 10);", "AddMemoryCache")]
    [InlineData("services.AddSingleton(new MemoryCache(new MemoryCacheOptions { SizeLimit = 5 }));", "AddSingleton")]
    public void Ignores_named_options_private_containers_and_dedicated_types(string statement, string method)
    {
        var probe = Probe($"void M(IServiceCollection services) {{ {statement} }}");
        Assert.Null(MemoryCacheConfiguration.Recognize(probe.Call(method)));
    }

    [Fact]
    public void Reads_bound_section_paths()
    {
        var probe = Probe("""
            void M(IServiceCollection services, IConfiguration configuration)
            {
                services.AddMemoryCache(o => configuration.GetSection("Caching").GetSection("Memory").Bind(o));
                services.Configure<MemoryCacheOptions>(configuration.GetSection("Caching:Other"));
                services.AddMemoryCache(o => configuration.Bind("Root", o));
            }
            """);
        Assert.Equal("Caching:Memory", MemoryCacheConfiguration.Recognize(probe.Call("AddMemoryCache"))!.Options.BoundSection);
        Assert.Equal("Caching:Other", MemoryCacheConfiguration.Recognize(probe.Call("Configure"))!.Options.BoundSection);
        Assert.Equal("Root", MemoryCacheConfiguration.Recognize(probe.Call("AddMemoryCache", 1))!.Options.BoundSection);
    }

    [Fact]
    public void Json_scalars_are_read_with_their_paths()
    {
        const string json = "{ \"MemoryCache\": { \"SizeLimit\": 1024, // comment\n \"TrackStatistics\": true, \"Name\": \"x\", \"Off\": null } }";
        var values = JsonStringValues.Read(json, includeScalars: true);
        Assert.Equal(new[] { "MemoryCache:SizeLimit=1024", "MemoryCache:TrackStatistics=true", "MemoryCache:Name=x" }, values.Select(v => v.Path + "=" + v.Value));
        Assert.Single(JsonStringValues.Read("""{ "MemoryCache": { "SizeLimit": 1024, "Name": "x" } }"""));
    }

    [Fact]
    public void SizeLimitTracer_follows_fields_properties_and_later_assignments()
    {
        var probe = Probe("""
            private readonly MemoryCache _field = new(new MemoryCacheOptions { SizeLimit = 1 });
            public MemoryCache Property { get; } = new(new MemoryCacheOptions());
            void M(IMemoryCache injected)
            {
                var options = new MemoryCacheOptions();
                options.SizeLimit = 100;
                var local = new MemoryCache(options);
                _field.Remove("a");
                Property.Remove("b");
                local.Remove("c");
                injected.Remove("d");
            }
            """);
        var calls = probe.Operations<IInvocationOperation>().Where(i => i.TargetMethod.Name == "Remove").ToList();
        Assert.Equal(new bool?[] { true, false, true, null }, calls.Select(c => SizeLimitTracer.IsSizeLimited(c.Instance)));
    }

    [Fact]
    public void Shared_di_cache_is_an_injected_IMemoryCache_not_a_keyed_or_created_one()
    {
        var probe = ModelProbe.Compile("""
            using Microsoft.Extensions.Caching.Memory;

            public class Service
            {
                private readonly IMemoryCache _cache;
                private readonly IMemoryCache _own = new MemoryCache(new MemoryCacheOptions());

                public Service(IMemoryCache cache, [FromKeyedServices("k")] IMemoryCache keyed)
                {
                    _cache = cache;
                    _cache.Remove("a");
                    _own.Remove("b");
                    keyed.Remove("c");
                }

                public void Helper(IMemoryCache passed) => passed.Remove("d");
            }
            """);
        var calls = probe.Operations<IInvocationOperation>().Where(i => i.TargetMethod.Name == "Remove").ToList();
        Assert.Equal(new[] { true, false, false, false }, calls.Select(c => MemoryCacheConfiguration.IsSharedDiCache(c.Instance, null)));
    }
}
