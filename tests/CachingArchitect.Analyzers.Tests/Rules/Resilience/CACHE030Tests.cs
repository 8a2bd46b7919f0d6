using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Resilience.ConnectionMultiplexerPerOperationAnalyzer>;
using FixVerifier = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Resilience.ConnectionMultiplexerPerOperationAnalyzer,
    CachingArchitect.CodeFixes.Rules.Resilience.ConnectionMultiplexerPerOperationCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Resilience;

public class CACHE030Tests
{
    private static Task Verify(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        VerifyCS.VerifyAsync(source, editorConfig: null, RedisVersion.V3, expected);

    // ------------------------------------------------------------------ registration name filter

    [Theory]
    [InlineData("AddScoped", true)]
    [InlineData("TryAddTransient", true)]
    [InlineData("AddKeyedScoped", true)]
    [InlineData("Scoped", true)]
    [InlineData("AddSingleton", false)]
    [InlineData("Add", false)]
    [InlineData("SetTtl", false)]
    [InlineData("AddScope", false)]
    [InlineData("Transien", false)]
    [InlineData("", false)]
    public void Registration_name_filter_matches_Scoped_and_Transient_anywhere(string name, bool expected) =>
        Xunit.Assert.Equal(expected, CachingArchitect.Analyzers.Rules.Resilience.ConnectionMultiplexerPerOperationAnalyzer.NamesScopedOrTransient(name));

    // ------------------------------------------------------------------ (a)/(b) triggers

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Connect_per_call_with_inline_GetDatabase(RedisVersion redis) => VerifyCS.VerifyAsync("""
        class ProductStore
        {
            public string? Get(int id) => ConnectionMultiplexer.[|Connect|]("redis:6379,abortConnect=false").GetDatabase().StringGet($"p:{id}");
        }
        """, null, redis);

    [Fact]
    public Task ConnectAsync_into_a_local_used_only_here() => Verify("""
        class ProductStore
        {
            public async Task<string?> GetAsync(int id)
            {
                var mux = await ConnectionMultiplexer.[|ConnectAsync|]("redis:6379,abortConnect=false");
                var db = mux.GetDatabase();
                return await db.StringGetAsync($"p:{id}");
            }
        }
        """);

    [Fact]
    public Task Using_declaration_and_statement_and_explicit_dispose() => Verify("""
        class ProductStore
        {
            public string? A(int id)
            {
                using var mux = ConnectionMultiplexer.[|Connect|]("redis:6379,abortConnect=false");
                return mux.GetDatabase().StringGet($"p:{id}");
            }

            public string? B(int id)
            {
                using (var mux = ConnectionMultiplexer.[|Connect|]("redis:6379,abortConnect=false"))
                {
                    return mux.GetDatabase().StringGet($"p:{id}");
                }
            }

            public async Task C(int id)
            {
                var mux = await ConnectionMultiplexer.[|ConnectAsync|]("redis:6379,abortConnect=false").ConfigureAwait(false);
                await mux.GetDatabase().KeyDeleteAsync($"p:{id}");
                await mux.CloseAsync();
            }
        }
        """);

    [Fact]
    public Task Message_escalates_in_a_loop_and_on_the_request_path() => Verify("""
        using Microsoft.AspNetCore.Mvc;

        public class ProductsController : ControllerBase
        {
            [HttpGet]
            public string? Get(int id)
            {
                using var mux = ConnectionMultiplexer.{|#0:Connect|}("redis:6379,abortConnect=false");
                return mux.GetDatabase().StringGet($"p:{id}");
            }

            [NonAction]
            public void Warm(int[] ids)
            {
                foreach (var id in ids)
                {
                    ConnectionMultiplexer.{|#1:Connect|}("redis:6379,abortConnect=false").GetDatabase().KeyTouch($"p:{id}");
                }
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("'Connect' creates a ConnectionMultiplexer and disposes it after use, on the request path (once per request): every call pays a connection handshake and leaks sockets; create it once and share it (a static readonly Lazy<ConnectionMultiplexer> or a singleton IConnectionMultiplexer)"),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("'Connect' creates a ConnectionMultiplexer that lives only for this call, inside a foreach loop: every call pays a connection handshake and leaks sockets; create it once and share it (a static readonly Lazy<ConnectionMultiplexer> or a singleton IConnectionMultiplexer)"));

    [Fact]
    public Task Minimal_api_handler_connecting_per_request() => Verify("""
        using Microsoft.AspNetCore.Builder;

        static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/p/{id}", async (int id) =>
                {
                    await using var mux = await ConnectionMultiplexer.[|ConnectAsync|]("redis:6379,abortConnect=false");
                    return (string?)await mux.GetDatabase().StringGetAsync($"p:{id}");
                });
        }
        """);

    [Fact]
    public Task Controller_constructor_connects_per_request() => Verify("""
        using Microsoft.AspNetCore.Mvc;

        public class CartController : ControllerBase
        {
            private readonly IDatabase _db;
            private readonly IConnectionMultiplexer _field = ConnectionMultiplexer.[|Connect|]("redis:6379,abortConnect=false");

            public CartController() => _db = ConnectionMultiplexer.[|Connect|]("redis:6379,abortConnect=false").GetDatabase();
        }
        """);

    // ------------------------------------------------------------------ (c) registrations

    [Fact]
    public Task Scoped_and_transient_registrations_of_the_multiplexer() => Verify("""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;

        static class Registration
        {
            public static void Add(IServiceCollection services, ConfigurationOptions options)
            {
                services.[|AddScoped|]<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(options));
                services.[|AddTransient|](typeof(IConnectionMultiplexer), _ => ConnectionMultiplexer.Connect(options));
                services.[|TryAddScoped|]<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(options));
            }
        }
        """);

    [Fact]
    public Task Scoped_service_whose_constructor_connects() => Verify("""
        using Microsoft.Extensions.DependencyInjection;

        public sealed class RedisProductStore
        {
            private readonly IDatabase _db;
            public RedisProductStore() => _db = ConnectionMultiplexer.Connect("redis:6379,abortConnect=false").GetDatabase();
        }

        static class Registration
        {
            public static void Add(IServiceCollection services) => services.[|AddScoped|]<RedisProductStore>();
        }
        """);

    [Fact]
    public Task Scoped_factory_of_another_service_that_connects() => Verify("""
        using Microsoft.Extensions.DependencyInjection;

        public sealed class RedisProductStore
        {
            public RedisProductStore(IDatabase db) { }
        }

        static class Registration
        {
            public static void Add(IServiceCollection services) =>
                services.AddScoped(sp => new RedisProductStore(ConnectionMultiplexer.[|Connect|]("redis:6379,abortConnect=false").GetDatabase()));
        }
        """);

    // ------------------------------------------------------------------ does not trigger (catalog bullets)

    [Fact]
    public Task Static_initializers_and_static_constructor() => Verify("""
        static class Redis
        {
            private static readonly ConnectionMultiplexer Field = ConnectionMultiplexer.Connect("redis:6379,abortConnect=false");
            public static IConnectionMultiplexer Property { get; } = ConnectionMultiplexer.Connect("redis:6379,abortConnect=false");
            private static readonly IDatabase Db;

            static Redis() => Db = ConnectionMultiplexer.Connect("redis:6379,abortConnect=false").GetDatabase();
        }
        """);

    [Fact]
    public Task Lazy_and_AsyncLazy_factories() => Verify("""
        sealed class AsyncLazy<T>
        {
            public AsyncLazy(Func<Task<T>> factory) { }
        }

        sealed class RedisConnection
        {
            private static readonly Lazy<ConnectionMultiplexer> LazyConnection =
                new(() => ConnectionMultiplexer.Connect("redis:6379,abortConnect=false"));

            private readonly Lazy<IConnectionMultiplexer> _instanceLazy =
                new Lazy<IConnectionMultiplexer>(() => ConnectionMultiplexer.Connect("redis:6379,abortConnect=false"));

            private readonly AsyncLazy<IConnectionMultiplexer> _asyncLazy;

            public RedisConnection(string configuration)
            {
                _asyncLazy = new AsyncLazy<IConnectionMultiplexer>(async () => await ConnectionMultiplexer.ConnectAsync(configuration));
            }

            public IDatabase Db => LazyConnection.Value.GetDatabase();
        }
        """);

    [Fact]
    public Task Singleton_factories_and_RedisCache_multiplexer_factory() => Verify("""
        using Microsoft.Extensions.DependencyInjection;

        static class Registration
        {
            public static void Add(IServiceCollection services, string configuration)
            {
                services.AddSingleton<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(configuration));
                services.AddKeyedSingleton<IConnectionMultiplexer>("pubsub", (sp, key) => ConnectionMultiplexer.Connect(configuration));
                services.AddStackExchangeRedisCache(o =>
                {
                    o.ConnectionMultiplexerFactory = async () => await ConnectionMultiplexer.ConnectAsync(configuration);
                });
            }
        }
        """);

    [Fact]
    public Task Program_main() => Verify("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        public static class Program
        {
            public static async Task Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                var mux = await ConnectionMultiplexer.ConnectAsync(builder.Configuration["Redis"] ?? "localhost,abortConnect=false");
                builder.Services.AddSingleton<IConnectionMultiplexer>(mux);
                var app = builder.Build();
                await app.RunAsync();
            }
        }
        """);

    [Fact]
    public Task Startup_and_hosted_service() => Verify("""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public class Startup
        {
            public void ConfigureServices(IServiceCollection services)
            {
                var mux = ConnectionMultiplexer.Connect("redis:6379,abortConnect=false");
                services.AddSingleton<IConnectionMultiplexer>(mux);
            }
        }

        public sealed class InvalidationListener : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await using var mux = await ConnectionMultiplexer.ConnectAsync("redis:6379,abortConnect=false");
                var channel = await mux.GetSubscriber().SubscribeAsync(RedisChannel.Literal("invalidate"));
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
        }
        """);

    [Fact]
    public Task Force_reconnect_helper_guarded_by_a_time_threshold() => Verify("""
        static class RedisConnection
        {
            private static readonly TimeSpan ReconnectMinInterval = TimeSpan.FromSeconds(60);
            private static readonly object ReconnectLock = new();
            private static long _lastReconnectTicks = DateTimeOffset.MinValue.UtcTicks;
            private static Lazy<ConnectionMultiplexer> _lazy = new(CreateMultiplexer);

            public static ConnectionMultiplexer Connection => _lazy.Value;

            private static ConnectionMultiplexer CreateMultiplexer() =>
                ConnectionMultiplexer.Connect("contoso.redis.cache.windows.net:6380,ssl=true");

            public static void ForceReconnect()
            {
                var elapsed = TimeSpan.FromTicks(DateTimeOffset.UtcNow.UtcTicks - Interlocked.Read(ref _lastReconnectTicks));
                if (elapsed < ReconnectMinInterval)
                {
                    return;
                }

                lock (ReconnectLock)
                {
                    var old = _lazy;
                    _lazy = new Lazy<ConnectionMultiplexer>(CreateMultiplexer);
                    Interlocked.Exchange(ref _lastReconnectTicks, DateTimeOffset.UtcNow.UtcTicks);
                    old.Value.Close();
                }
            }
        }
        """);

    [Fact]
    public Task Intentional_second_multiplexer_stored_in_a_static_or_singleton() => Verify("""
        sealed class PubSubConnection
        {
            private static ConnectionMultiplexer? _pubSub;
            private IConnectionMultiplexer? _own;

            public static ISubscriber Subscriber => (_pubSub ??= ConnectionMultiplexer.Connect("redis:6379,abortConnect=false")).GetSubscriber();

            public async Task<IConnectionMultiplexer> GetAsync() =>
                _own ??= await ConnectionMultiplexer.ConnectAsync("redis:6379,abortConnect=false");
        }
        """);

    [Fact]
    public Task Test_projects_are_not_analyzed() => VerifyCS.VerifyWithReferencesAsync("""
        public class RedisTests
        {
            [Xunit.Fact]
            public void Roundtrip()
            {
                using var mux = ConnectionMultiplexer.Connect("localhost");
                mux.GetDatabase().StringSet("k", "v", TimeSpan.FromMinutes(1));
            }
        }
        """, null, new[] { TestReferences.XunitCore });

    // ------------------------------------------------------------------ looks like it but is fine

    [Fact]
    public Task Factory_method_returning_the_multiplexer_to_its_caller() => Verify("""
        using Microsoft.Extensions.DependencyInjection;

        static class RedisFactory
        {
            public static IConnectionMultiplexer Create(string configuration)
            {
                var options = ConfigurationOptions.Parse(configuration);
                options.AbortOnConnectFail = false;
                var mux = ConnectionMultiplexer.Connect(options);
                mux.ConnectionFailed += (_, e) => Console.WriteLine(e.Exception);
                return mux;
            }

            public static void Add(IServiceCollection services) => services.AddSingleton(_ => Create("redis:6379"));
        }
        """);

    [Fact]
    public Task Singleton_service_whose_constructor_connects_and_transient_consumers() => Verify("""
        using Microsoft.Extensions.DependencyInjection;

        public sealed class RedisConnection : IDisposable
        {
            public RedisConnection() => Multiplexer = ConnectionMultiplexer.Connect("redis:6379,abortConnect=false");
            public IConnectionMultiplexer Multiplexer { get; }
            public void Dispose() => Multiplexer.Dispose();
        }

        public sealed class ProductStore
        {
            private readonly IDatabase _db;
            public ProductStore(IConnectionMultiplexer mux) => _db = mux.GetDatabase();
        }

        static class Registration
        {
            public static void Add(IServiceCollection services)
            {
                services.AddSingleton<RedisConnection>();
                services.AddScoped<ProductStore>();
                services.AddScoped<IDatabase>(sp => sp.GetRequiredService<IConnectionMultiplexer>().GetDatabase());
            }
        }
        """);

    [Fact]
    public Task Multiplexer_handed_to_a_long_lived_owner() => Verify("""
        sealed class Holder
        {
            public IConnectionMultiplexer? Current { get; private set; }

            public async Task InitializeAsync(string configuration)
            {
                var mux = await ConnectionMultiplexer.ConnectAsync(configuration);
                Current = mux;
            }

            public void Register(List<IConnectionMultiplexer> pool, string configuration) =>
                pool.Add(ConnectionMultiplexer.Connect(configuration));
        }
        """);

    // ------------------------------------------------------------------ fix

    [Fact]
    public Task Fix_registers_as_singleton_with_fix_all() => FixVerifier.VerifyFixAsync("""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;

        static class Registration
        {
            public static void Add(IServiceCollection services, ConfigurationOptions options)
            {
                services.[|AddScoped|]<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(options));
                services.[|TryAddTransient|]<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(options));
                services.[|AddKeyedScoped|]<IConnectionMultiplexer>("b", (sp, key) => ConnectionMultiplexer.Connect(options));
            }
        }
        """, """
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;

        static class Registration
        {
            public static void Add(IServiceCollection services, ConfigurationOptions options)
            {
                services.AddSingleton<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(options));
                services.TryAddSingleton<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(options));
                services.AddKeyedSingleton<IConnectionMultiplexer>("b", (sp, key) => ConnectionMultiplexer.Connect(options));
            }
        }
        """);

    [Fact]
    public Task Fix_of_a_service_registration() => FixVerifier.VerifyFixAsync("""
        using Microsoft.Extensions.DependencyInjection;

        public sealed class RedisProductStore
        {
            private readonly IDatabase _db;
            public RedisProductStore() => _db = ConnectionMultiplexer.Connect("redis:6379,abortConnect=false").GetDatabase();
        }

        static class Registration
        {
            public static void Add(IServiceCollection services) => services.[|AddTransient|]<RedisProductStore>();
        }
        """, """
        using Microsoft.Extensions.DependencyInjection;

        public sealed class RedisProductStore
        {
            private readonly IDatabase _db;
            public RedisProductStore() => _db = ConnectionMultiplexer.Connect("redis:6379,abortConnect=false").GetDatabase();
        }

        static class Registration
        {
            public static void Add(IServiceCollection services) => services.AddSingleton<RedisProductStore>();
        }
        """);

    [Fact]
    public Task No_caching_library_no_work() => VerifyCS.VerifyWithoutCachingLibrariesAsync("""
        class C { void M() { } }
        """);
}
