using System.Linq;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Keys;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Tests.Model;

public class KeyDecomposerTests
{
    private const string Probe = """
        public static class KeyProbe { public static void K(object key) { } }
        """;

    /// <summary>Compiles <paramref name="source"/> and decomposes the argument of its first <c>KeyProbe.K(…)</c> call.</summary>
    private static KeyTemplate Decompose(string source, params string[] taintSources)
    {
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), path: "/0/Test0.cs"),
            CSharpSyntaxTree.ParseText(TestSources.GlobalUsings + "\nglobal using System.Text;\nglobal using Microsoft.AspNetCore.Http;\nglobal using Microsoft.AspNetCore.Mvc;\nglobal using Microsoft.AspNetCore.Builder;\n", new CSharpParseOptions(LanguageVersion.Preview)),
            CSharpSyntaxTree.ParseText(Probe, new CSharpParseOptions(LanguageVersion.Preview)),
        };
        var compilation = CSharpCompilation.Create("Probe", trees, TestReferences.All(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var tree = trees[0];
        var model = compilation.GetSemanticModel(tree);
        var call = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .First(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "K" } or IdentifierNameSyntax { Identifier.ValueText: "K" });
        var operation = (IInvocationOperation)model.GetOperation(call)!;
        return KeyDecomposer.Decompose(operation.Arguments[0].Value.WalkDownConversions(), System.Collections.Immutable.ImmutableArray.Create(taintSources));
    }

    private static string Method(string body, string parameters = "") => $$"""
        class C
        {
            void M({{parameters}})
            {
                {{body}}
            }
        }
        """;

    private static void Render(string expected, string source) => Assert.Equal(expected, Decompose(source).Rendered);

    // ------------------------------------------------------------------ decomposition

    [Fact]
    public void Interpolation_with_int() => Render("user:{int}:profile", Method("""KeyProbe.K($"user:{id}:profile");""", "int id"));

    [Fact]
    public void Constant_key_has_constant_value()
    {
        var template = Decompose(Method("""KeyProbe.K("countries");"""));
        Assert.True(template.IsConstant);
        Assert.Equal("countries", template.ConstantValue);
        Assert.Equal("countries", template.LeadingConstant);
    }

    [Fact]
    public void Concatenation_and_const_field()
    {
        var template = Decompose("""
            class C
            {
                const string Prefix = "app:";
                static readonly string Area = Prefix + "orders:";
                void M(long id) => KeyProbe.K(Area + id + ":lines");
            }
            """);
        Assert.Equal("app:orders:{long}:lines", template.Rendered);
        Assert.Equal("app:orders:", template.LeadingConstant);
        Assert.Null(template.ConstantValue);
    }

    [Fact]
    public void Local_with_single_assignment_is_followed() => Render("order:{int}:{guid}", Method("""
        var prefix = $"order:{customerId}";
        var key = prefix + ":" + orderId;
        KeyProbe.K(key);
        """, "int customerId, Guid orderId"));

    [Fact]
    public void String_format_with_alignment_and_format()
    {
        var template = Decompose(Method("""KeyProbe.K(string.Format("inv:{0:D10}:{1,8}", id, code));""", "int id, int code"));
        Assert.Equal("inv:{int}:{int}", template.Rendered);
        Assert.True(template.Segments[1].IsFixedWidth);
        Assert.Equal("D10", template.Segments[1].Format);
        Assert.True(template.Segments[3].IsFixedWidth);
    }

    [Fact]
    public void String_concat_and_join() => Render("a:{int}|b-{bool}", Method("""KeyProbe.K(string.Concat("a:", id, "|", string.Join("-", "b", flag)));""", "int id, bool flag"));

    [Fact]
    public void StringBuilder_on_local() => Render("user:{int}:tab:{enum:DayOfWeek(7)}", Method("""
        var sb = new StringBuilder("user:");
        sb.Append(id);
        sb.Append(":tab:").Append(day);
        KeyProbe.K(sb.ToString());
        """, "int id, DayOfWeek day"));

    [Fact]
    public void StringBuilder_fluent() => Render("p:{int}", Method("""KeyProbe.K(new StringBuilder().Append("p:").Append(id).ToString());""", "int id"));

    [Fact]
    public void StringBuilder_in_loop_is_unknown() => Render("{?}", Method("""
        var sb = new StringBuilder();
        foreach (var x in xs) { sb.Append(x); }
        KeyProbe.K(sb.ToString());
        """, "int[] xs"));

    [Fact]
    public void RedisKey_append_and_prepend() => Render("app:user:{int}", Method("""
        RedisKey key = "user:";
        KeyProbe.K(key.Append(id.ToString()).Prepend("app:"));
        """, "int id"));

    [Fact]
    public void ToString_with_format() => Render("{guid}", Method("""KeyProbe.K(id.ToString("N"));""", "Guid id"));

    [Fact]
    public void Nested_interpolation() => Render("a:b:{int}", Method("""
        var inner = $"b:{id}";
        KeyProbe.K($"a:{inner}");
        """, "int id"));

    [Fact]
    public void Plain_string_parameter_is_unknown()
    {
        var template = Decompose(Method("""KeyProbe.K($"user:{name}");""", "string name"));
        Assert.Equal("user:{string}", template.Rendered);
        Assert.Equal(KeySegmentKind.Unknown, template.Segments[1].Kind);
    }

    [Fact]
    public void Recursive_locals_do_not_crash()
    {
        var template = Decompose(Method("""
            string a = "x", b;
            b = a + b;
            a = b + a;
            KeyProbe.K(a + b);
            """));
        Assert.NotNull(template.Rendered);
    }

    [Fact]
    public void Erroneous_code_does_not_crash() => Assert.NotNull(Decompose(Method("""KeyProbe.K($"user:{missing}:{Foo(}");""")).Rendered);

    [Fact]
    public void Deep_concatenation_is_guarded()
    {
        var expression = string.Join(" + ", Enumerable.Range(0, 200).Select(i => $"\"p{i}:\" + id"));
        var template = Decompose(Method("KeyProbe.K(" + expression + ");", "int id"));
        Assert.True(template.Segments.Length <= KeyDecomposer.MaxSegments + 1);
    }

    [Fact]
    public void Enum_and_bool_max_length()
    {
        var template = Decompose(Method("""KeyProbe.K($"d:{day}:{flag}:{id}");""", "DayOfWeek day, bool flag, int id"));
        Assert.Equal(2 + 9 + 1 + 5 + 1 + 11, template.MaxLength);
    }

    [Fact]
    public void Interpolated_string_handler_argument()
    {
        var source = """
            class C
            {
                void M(HybridCache cache, int id, Guid g) => cache.GetOrCreateAsync($"user:{id,6}:{g:N}", ct => ValueTask.FromResult(1));
            }
            """;
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview)),
            CSharpSyntaxTree.ParseText(TestSources.GlobalUsings, new CSharpParseOptions(LanguageVersion.Preview)),
        };
        var compilation = CSharpCompilation.Create("Probe", trees, TestReferences.All(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var model = compilation.GetSemanticModel(trees[0]);
        var call = trees[0].GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().First();
        var invocation = (IInvocationOperation)model.GetOperation(call)!;
        var operation = CacheOperationRecognizer.Recognize(invocation, CacheSymbols.Get(compilation))!;
        var template = KeyDecomposer.Decompose(operation.Key);
        Assert.Equal("user:{int}:{guid}", template.Rendered);
        Assert.True(template.Segments[1].IsFixedWidth);
        Assert.Equal("N", template.Segments[3].Format);
        Assert.Equal(5 + 11 + 1 + 32, template.MaxLength);
    }

    [Fact]
    public void RedisKey_local_with_implicit_conversion() => Render("order:{long}", Method("""
        RedisKey key = $"order:{id}";
        KeyProbe.K(key);
        """, "long id"));

    [Fact]
    public void Object_key_of_unknown_type()
    {
        var template = Decompose("""
            record Query(string Term);
            class C { void M(Query q) => KeyProbe.K(q); }
            """);
        Assert.Equal("{?}", template.Rendered);
        Assert.True(template.IsBareValue);
        Assert.True(template.HasUnknown);
    }

    [Fact]
    public void Conditional_of_constants_is_a_choice() => Render("plan:{choice}:{int}", Method("""KeyProbe.K($"plan:{(premium ? "p" : "f")}:{id}");""", "bool premium, int id"));

    [Theory]
    [InlineData("{id:int}", true)]
    [InlineData("{id:guid}", true)]
    [InlineData("{id:range(1,100)}", true)]
    [InlineData("{id:regex(^[a-z]+$):maxlength(10)}", true)]
    [InlineData("{id:alpha:length(2)}", true)]
    [InlineData("{id:alpha}", false)]
    [InlineData("{id:maxlength(10)}", false)]
    [InlineData("{id}", false)]
    [InlineData("{*id}", false)]
    [InlineData("{other:int}/{id}", false)]
    [InlineData("{ID:long?}", true)]
    public void Route_constraints(string template, bool sanitizes) =>
        Assert.Equal(sanitizes, RequestContext.HasSanitizingRouteConstraint(new[] { "api/" + template }, "id"));

    [Theory]
    [InlineData("yyyyMMddHH", (int)TimeFormat.Unit.Hour)]
    [InlineData("yyyy-MM-dd", (int)TimeFormat.Unit.Day)]
    [InlineData("yyyyMMddHHmm", (int)TimeFormat.Unit.Minute)]
    [InlineData("HH:mm:ss", (int)TimeFormat.Unit.Second)]
    [InlineData("o", (int)TimeFormat.Unit.SubSecond)]
    [InlineData("d", (int)TimeFormat.Unit.Day)]
    [InlineData("g", (int)TimeFormat.Unit.Minute)]
    [InlineData("'s'yyyy", (int)TimeFormat.Unit.Year)]
    [InlineData(null, (int)TimeFormat.Unit.Second)]
    public void Time_format_granularity(string? format, int expected) => Assert.Equal((TimeFormat.Unit)expected, TimeFormat.FinestUnit(format));

    // ------------------------------------------------------------------ volatile

    [Theory]
    [InlineData("DateTime.Now")]
    [InlineData("DateTime.UtcNow")]
    [InlineData("DateTimeOffset.UtcNow")]
    [InlineData("DateTime.UtcNow.Ticks")]
    [InlineData("DateTime.UtcNow.ToString(\"yyyyMMddHHmmss\")")]
    [InlineData("Guid.NewGuid()")]
    [InlineData("Guid.NewGuid().ToString(\"N\")")]
    [InlineData("Random.Shared.Next()")]
    [InlineData("new Random().NextDouble()")]
    [InlineData("System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue)")]
    [InlineData("System.Diagnostics.Stopwatch.GetTimestamp()")]
    [InlineData("Environment.TickCount64")]
    [InlineData("name.GetHashCode()")]
    [InlineData("new object().GetHashCode()")]
    [InlineData("HashCode.Combine(name, 1)")]
    [InlineData("TimeProvider.System.GetUtcNow()")]
    [InlineData("DateTimeOffset.UtcNow.ToUnixTimeSeconds()")]
    [InlineData("DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond")]
    public void Volatile_sources(string expression)
    {
        var template = Decompose(Method("KeyProbe.K($\"k:{" + expression + "}\");", "string name"));
        Assert.Equal(KeySegmentKind.Volatile, template.Segments[1].Kind);
        Assert.True(template.HasVolatile);
    }

    [Fact]
    public void Interlocked_counter_is_volatile()
    {
        var template = Decompose("""
            class C
            {
                private static int _next;
                void M() => KeyProbe.K("job:" + Interlocked.Increment(ref _next));
            }
            """);
        Assert.Equal("job:{volatile!}", template.Rendered);
    }

    [Fact]
    public void Raw_time_renders_time_placeholder() => Render("k:{time!}", Method("""KeyProbe.K("k:" + DateTime.UtcNow);"""));

    [Theory]
    [InlineData("{DateTime.UtcNow:yyyyMMddHH}")]
    [InlineData("{DateTime.UtcNow:yyyy-MM-dd}")]
    [InlineData("{DateTime.UtcNow.ToString(\"yyyyMMddHHmm\")}")]
    [InlineData("{DateTime.UtcNow.Ticks / TimeSpan.TicksPerHour}")]
    [InlineData("{DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 300}")]
    [InlineData("{DateTime.Today}")]
    [InlineData("{DateTime.UtcNow.Date}")]
    [InlineData("{DateTime.UtcNow.Hour}")]
    [InlineData("{Random.Shared.Next(0, 8)}")]
    [InlineData("{(Environment.TickCount64 / 60000)}")]
    public void Time_buckets_and_small_shards_are_not_volatile(string hole)
    {
        var template = Decompose(Method("KeyProbe.K($\"k:" + hole + "\");"));
        Assert.False(template.HasVolatile, template.Rendered);
        Assert.Equal(KeySegmentKind.Bounded, template.Segments[1].Kind);
    }

    [Fact]
    public void Bucket_placeholder_carries_format() => Render("k:{bucket:yyyyMMddHH}", Method("""KeyProbe.K($"k:{DateTime.UtcNow:yyyyMMddHH}");"""));

    [Fact]
    public void Volatile_through_local() => Render("k:{volatile!}", Method("""
        var nonce = Guid.NewGuid();
        KeyProbe.K($"k:{nonce}");
        """));

    [Fact]
    public void GetHashCode_of_int_is_not_volatile() => Assert.False(Decompose(Method("""KeyProbe.K($"k:{id.GetHashCode()}");""", "int id")).HasVolatile);

    // ------------------------------------------------------------------ external input

    private static string Controller(string action) => $$"""
        [ApiController]
        [Route("api/products")]
        public class ProductsController : ControllerBase
        {
            {{action}}
        }
        """;

    [Fact]
    public void Query_indexer_is_input()
    {
        var template = Decompose(Controller("""
            [HttpGet]
            public void Get() => KeyProbe.K($"search:{Request.Query["q"]}");
            """));
        Assert.Equal("search:{string:input!}", template.Rendered);
        Assert.Equal("HttpRequest.Query", template.Segments[1].Reason);
    }

    [Fact]
    public void Action_string_parameter_is_input() => Render("search:{string:input!}", Controller("""
        [HttpGet("search")]
        public void Search(string q) => KeyProbe.K("search:" + q.Trim().ToLowerInvariant());
        """));

    [Fact]
    public void Action_int_parameter_is_bounded() => Render("product:{int}", Controller("""
        [HttpGet("{id}")]
        public void Get(int id) => KeyProbe.K($"product:{id}");
        """));

    [Fact]
    public void Route_constraint_sanitizes() => Render("product:{string:checked}", Controller("""
        [HttpGet("{id:int}")]
        public void Get(string id) => KeyProbe.K($"product:{id}");
        """));

    [Fact]
    public void Parsed_value_is_bounded() => Render("product:{int}", Controller("""
        [HttpGet]
        public void Get(string id) => KeyProbe.K($"product:{int.Parse(id)}");
        """));

    [Fact]
    public void TryParse_out_value_is_bounded() => Render("product:{guid}", Controller("""
        [HttpGet]
        public void Get(string id)
        {
            if (!Guid.TryParse(id, out var parsed)) return;
            KeyProbe.K($"product:{parsed}");
        }
        """));

    [Fact]
    public void Allow_list_sanitizes() => Render("list:{string:checked}", """
        [ApiController]
        public class ListController : ControllerBase
        {
            private static readonly HashSet<string> Sorts = new() { "name", "price" };

            [HttpGet]
            public void Get(string sort)
            {
                if (!Sorts.Contains(sort)) return;
                KeyProbe.K($"list:{sort}");
            }
        }
        """);

    [Fact]
    public void Switch_to_constants_is_a_choice() => Render("list:{choice}", Controller("""
        [HttpGet]
        public void Get(string sort)
        {
            var column = sort switch { "price" => "price", _ => "name" };
            KeyProbe.K($"list:{column}");
        }
        """));

    [Fact]
    public void Length_cap_and_charset_sanitize() => Render("s:{string:checked}", Controller("""
        [HttpGet]
        public void Get(string q)
        {
            if (q.Length > 32 || !System.Text.RegularExpressions.Regex.IsMatch(q, "^[a-z0-9]+$")) return;
            KeyProbe.K("s:" + q);
        }
        """));

    [Fact]
    public void Length_cap_alone_does_not_sanitize() => Render("s:{string:input!}", Controller("""
        [HttpGet]
        public void Get(string q)
        {
            if (q.Length > 32) return;
            KeyProbe.K("s:" + q);
        }
        """));

    [Fact]
    public void Hash_sanitizes() => Render("s:{hash}", Controller("""
        [HttpGet]
        public void Get(string q) =>
            KeyProbe.K("s:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(q))));
        """));

    [Fact]
    public void Claims_are_not_input() => Render("cart:{string:claim}", Controller("""
        [HttpGet]
        public void Get() => KeyProbe.K($"cart:{User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value}");
        """));

    [Fact]
    public void FromServices_string_is_not_input() => Render("x:{string}", Controller("""
        [HttpGet]
        public void Get([FromServices] string region) => KeyProbe.K($"x:{region}");
        """));

    [Fact]
    public void Minimal_api_parameter_is_input() => Render("s:{string:input!}", """
        public static class Endpoints
        {
            public static void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder app) =>
                app.MapGet("/search", (string q) => { KeyProbe.K("s:" + q); });
        }
        """);

    [Fact]
    public void Minimal_api_constrained_route_parameter_is_sanitized() => Render("p:{string:checked}", """
        public static class Endpoints
        {
            public static void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder app) =>
                app.MapGet("/p/{id:guid}", (string id) => { KeyProbe.K("p:" + id); });
        }
        """);

    [Fact]
    public void Razor_page_handler_parameter_is_input() => Render("s:{string:input!}", """
        public class SearchModel : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
        {
            public void OnGet(string term) => KeyProbe.K("s:" + term);
        }
        """);

    [Fact]
    public void Body_read_is_input() => Render("b:{string:input!}", Controller("""
        [HttpPost]
        public async Task Post()
        {
            using var reader = new System.IO.StreamReader(Request.Body);
            var body = await reader.ReadToEndAsync();
            KeyProbe.K("b:" + body);
        }
        """));

    [Fact]
    public void Form_and_headers_are_input() => Render("f:{string:input!}:{string:input!}", Controller("""
        [HttpPost]
        public void Post(IFormCollection form) => KeyProbe.K($"f:{form["a"]}:{Request.Headers["X-Tenant"]}");
        """));

    [Fact]
    public void Dto_property_is_input() => Render("s:{string:input!}", """
        public class SearchRequest { public string Term { get; set; } = ""; }
        [ApiController]
        public class SearchController : ControllerBase
        {
            [HttpPost]
            public void Post([FromBody] SearchRequest request) => KeyProbe.K("s:" + request.Term);
        }
        """);

    [Fact]
    public void Service_method_string_parameter_is_unknown() => Render("s:{string}", """
        public class SearchService
        {
            public void Find(string term) => KeyProbe.K("s:" + term);
        }
        """);

    [Fact]
    public void TryGetValue_from_query_is_input() => Render("s:{string:input!}", Controller("""
        [HttpGet]
        public void Get()
        {
            if (Request.Query.TryGetValue("q", out var q)) KeyProbe.K("s:" + q);
        }
        """));

    [Fact]
    public void Configured_taint_source()
    {
        var source = """
            namespace Acme { public static class Raw { public static string Read(string name) => name; } }
            class C { void M() => KeyProbe.K("s:" + Acme.Raw.Read("x")); }
            """;
        Assert.Equal("s:{string}", Decompose(source).Rendered);
        Assert.Equal("s:{string:input!}", Decompose(source, "Acme.Raw.Read").Rendered);
        Assert.Equal("s:{string:input!}", Decompose(source, "Acme.Raw").Rendered);
    }
}
