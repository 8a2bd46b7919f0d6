using System.Linq;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Tests.Model;

public class ServiceRegistrationsTests
{
    private static ModelProbe Probe(string statements) => ModelProbe.Compile($$"""
        public interface IClock { }
        public class Clock : IClock { }
        public class C
        {
            void M(IServiceCollection services)
            {
                {{statements}}
            }
        }
        """);

    [Theory]
    [InlineData("services.AddSingleton<IClock, Clock>();", "AddSingleton", "Singleton", "IClock", "Clock", false)]
    [InlineData("services.AddScoped<Clock>();", "AddScoped", "Scoped", "Clock", "Clock", false)]
    [InlineData("services.AddTransient(typeof(IClock), typeof(Clock));", "AddTransient", "Transient", "IClock", "Clock", false)]
    [InlineData("services.TryAddScoped<IClock, Clock>();", "TryAddScoped", "Scoped", "IClock", "Clock", true)]
    [InlineData("services.AddKeyedSingleton<IClock, Clock>(\"k\");", "AddKeyedSingleton", "Singleton", "IClock", "Clock", false)]
    [InlineData("services.Add(ServiceDescriptor.Scoped<IClock, Clock>());", "Scoped", "Scoped", "IClock", "Clock", false)]
    public void Recognizes_registrations(string statement, string method, string lifetime, string service, string implementation, bool isTry)
    {
        var registration = ServiceRegistrations.Recognize(Probe(statement).Call(method));
        Assert.NotNull(registration);
        Assert.Equal(lifetime, registration!.Lifetime.ToString());
        Assert.Equal(service, registration.ServiceType?.Name);
        Assert.Equal(implementation, registration.ImplementationType?.Name);
        Assert.Equal(isTry, registration.IsTry);
    }

    [Fact]
    public void Recognizes_factories_and_singleton_factories()
    {
        var probe = Probe("services.AddSingleton<IClock>(sp => new Clock()); services.AddScoped<IClock>(sp => new Clock());");
        var singleton = ServiceRegistrations.Recognize(probe.Call("AddSingleton"))!;
        var scoped = ServiceRegistrations.Recognize(probe.Call("AddScoped"))!;
        Assert.NotNull(singleton.Factory);
        Assert.Null(singleton.ImplementationType);
        Assert.True(ServiceRegistrations.IsSingletonFactory(singleton.Factory!));
        Assert.False(ServiceRegistrations.IsSingletonFactory(scoped.Factory!));
    }

    [Fact]
    public void Ignores_other_calls()
    {
        var probe = Probe("services.AddMemoryCache(); services.AddOptions();");
        Assert.Null(ServiceRegistrations.Recognize(probe.Call("AddMemoryCache")));
        Assert.Null(ServiceRegistrations.Recognize(probe.Call("AddOptions")));
    }
}
