using System.Threading;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Rules.Security;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Security.UnsafeCacheDeserializationAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Security;

public class CACHE051Tests
{
    private const string Formatter = "(de)serializes a cache payload with BinaryFormatter: anyone who can write to the cache can run code in every reader; use a serializer that does not embed types (System.Text.Json, protobuf, MessagePack without typeless resolvers)";

    private const string Transcoder = "BinaryFormatterTranscoder (de)serializes memcached payloads with BinaryFormatter: anyone who can write to memcached can run code in every reader; use the default or a System.Text.Json transcoder";

    private static string TypeNames(string handling) =>
        $"Cache payloads are (de)serialized with Newtonsoft TypeNameHandling.{handling} and no restrictive SerializationBinder: a crafted cache entry can instantiate arbitrary types; use TypeNameHandling.None or a binder that allows only known types";

    private static DiagnosticResult At(int location, string message) => VerifyCS.Diagnostic().WithLocation(location).WithArguments(message);

    // ------------------------------------------------------------------ (a) formatters

    [Fact]
    public Task BinaryFormatter_round_trip_through_distributed_cache_and_redis() => VerifyCS.VerifyAsync("""
        #pragma warning disable SYSLIB0011
        using System.IO;
        using System.Runtime.Serialization.Formatters.Binary;

        class LegacyCache(IDistributedCache cache, IDatabase db)
        {
            public async Task SaveAsync(string key, object value)
            {
                using var stream = new MemoryStream();
                new BinaryFormatter().{|#0:Serialize|}(stream, value);
                await cache.SetAsync(key, stream.ToArray(), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
            }

            public async Task<object?> LoadAsync(string key)
            {
                var bytes = await cache.GetAsync(key);
                if (bytes is null)
                {
                    return null;
                }

                using var stream = new MemoryStream(bytes);
                return new BinaryFormatter().{|#1:Deserialize|}(stream);
            }

            public object LoadFromRedis(string key)
            {
                byte[] bytes = db.StringGet(key)!;
                var formatter = new BinaryFormatter();
                return formatter.{|#2:Deserialize|}(new MemoryStream(bytes));
            }
        }
        """,
        At(0, "'Serialize' " + Formatter), At(1, "'Deserialize' " + Formatter), At(2, "'Deserialize' " + Formatter));

    [Fact]
    public Task BinaryFormatter_inside_HybridCache_serializer() => VerifyCS.VerifyAsync("""
        #pragma warning disable SYSLIB0011
        using System.Buffers;
        using System.IO;
        using System.Runtime.Serialization.Formatters.Binary;

        sealed class BinarySerializer<T> : IHybridCacheSerializer<T>
        {
            public T Deserialize(ReadOnlySequence<byte> source) => (T)new BinaryFormatter().{|#0:Deserialize|}(new MemoryStream(source.ToArray()));

            public void Serialize(T value, IBufferWriter<byte> target)
            {
                using var stream = new MemoryStream();
                new BinaryFormatter().{|#1:Serialize|}(stream, value!);
                target.Write(stream.ToArray());
            }
        }
        """,
        At(0, "'Deserialize' " + Formatter), At(1, "'Serialize' " + Formatter));

    // ------------------------------------------------------------------ (b) Enyim transcoder

    [Fact]
    public Task BinaryFormatterTranscoder_registered_in_code() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        static class Setup
        {
            public static void Add(IServiceCollection services)
            {
                services.{|#0:AddSingleton<ITranscoder, BinaryFormatterTranscoder>|}();
                services.AddSingleton<ITranscoder>({|#1:new BinaryFormatterTranscoder()|});
            }
        }
        """,
        At(0, Transcoder), At(1, Transcoder));

    [Fact]
    public async Task BinaryFormatterTranscoder_in_appsettings()
    {
        var test = new AdditionalFilesTest();
        test.TestState.Sources.Add("class C { }");
        test.TestState.Sources.Add((TestSources.GlobalUsingsFileName, TestSources.GlobalUsings));
        test.TestState.AdditionalFiles.Add(("/0/appsettings.Production.json", """
            {
              "enyimMemcached": {
                "Servers": [ { "Address": "memcached.internal", "Port": 11211 } ],
                "Transcoder": "BinaryFormatterTranscoder"
              }
            }
            """));
        test.TestState.AdditionalFiles.Add(("/0/other.json", "{ \"Transcoder\": \"BinaryFormatterTranscoder\" }"));
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic().WithSpan("/0/appsettings.Production.json", 4, 19, 4, 46)
            .WithArguments("The memcached client is configured with BinaryFormatterTranscoder: anyone who can write to memcached can run code in every reader; use the default or a System.Text.Json transcoder"));
        await test.RunAsync(CancellationToken.None);
    }

    // ------------------------------------------------------------------ (c) Newtonsoft TypeNameHandling

    [Fact]
    public Task TypeNameHandling_in_a_distributed_cache_helper() => VerifyCS.VerifyAsync("""
        using Newtonsoft.Json;

        static class CacheJson
        {
            private static readonly JsonSerializerSettings Settings = new() { TypeNameHandling = TypeNameHandling.Auto };

            public static async Task<T?> GetAsync<T>(this IDistributedCache cache, string key)
            {
                var json = await cache.GetStringAsync(key);
                return json is null ? default : JsonConvert.{|#0:DeserializeObject<T>|}(json, Settings);
            }

            public static Task SetAsync<T>(this IDistributedCache cache, string key, T value, DistributedCacheEntryOptions options)
            {
                var json = JsonConvert.{|#1:SerializeObject|}(value, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All });
                return cache.SetStringAsync(key, json, options);
            }
        }
        """,
        At(0, TypeNames("Auto")), At(1, TypeNames("All")));

    // ------------------------------------------------------------------ looks like it but is fine

    [Fact]
    public Task System_Text_Json_and_safe_Newtonsoft_settings() => VerifyCS.VerifyAsync("""
        using Newtonsoft.Json;
        using Newtonsoft.Json.Serialization;

        sealed class KnownTypesBinder : ISerializationBinder
        {
            public Type BindToType(string? assemblyName, string typeName) => typeName == "Order" ? typeof(string) : throw new JsonSerializationException();
            public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) { assemblyName = null; typeName = serializedType.Name; }
        }

        class Store(IDistributedCache cache)
        {
            private static readonly JsonSerializerSettings Safe = new() { TypeNameHandling = TypeNameHandling.Auto, SerializationBinder = new KnownTypesBinder() };

            public async Task<T?> GetAsync<T>(string key)
            {
                var bytes = await cache.GetAsync(key);
                return bytes is null ? default : System.Text.Json.JsonSerializer.Deserialize<T>(bytes);
            }

            public async Task<T?> GetNewtonsoftAsync<T>(string key)
            {
                var json = await cache.GetStringAsync(key);
                return json is null ? default : JsonConvert.DeserializeObject<T>(json, Safe);
            }

            public Task SetAsync<T>(string key, T value) =>
                cache.SetStringAsync(key, JsonConvert.SerializeObject(value, new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore }),
                    new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
        }
        """);

    [Fact]
    public Task BinaryFormatter_and_TypeNameHandling_not_involving_a_cache() => VerifyCS.VerifyAsync("""
        #pragma warning disable SYSLIB0011
        using System.IO;
        using System.Runtime.Serialization.Formatters.Binary;
        using Newtonsoft.Json;

        class Files(IDistributedCache cache)
        {
            public object ReadSnapshot(string path)
            {
                using var file = File.OpenRead(path);
                return new BinaryFormatter().Deserialize(file);
            }

            public async Task<string> ExportAsync(object model)
            {
                var json = JsonConvert.SerializeObject(model, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Objects });
                await File.WriteAllTextAsync("export.json", json);
                var cached = await cache.GetStringAsync("export:last");
                return cached ?? json;
            }
        }
        """);

    [Fact]
    public Task Default_memcached_transcoder_and_plain_settings_file() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        static class Setup
        {
            public static void Add(IServiceCollection services)
            {
                services.AddEnyimMemcached();
                var name = nameof(BinaryFormatterTranscoder).Length;
            }
        }
        """);

    private sealed class AdditionalFilesTest : CSharpAnalyzerTest<UnsafeCacheDeserializationAnalyzer, DefaultVerifier>
    {
        public AdditionalFilesTest()
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(TestReferences.All());
        }

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Preview);
    }
}
