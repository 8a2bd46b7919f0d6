using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.Analyzers.Tests.Infrastructure;

/// <summary>
/// Helpers for key-schema test sources. The generator does not run in analyzer tests, so <see cref="WithImplementations"/>
/// appends a hand-written implementing part (<c>=&gt; throw null!;</c>) for every body-less <c>partial</c> method of a
/// partial type, as the generator would (otherwise CS8795 fails the compilation). <see cref="RedisHelpers"/> is a compiled
/// source stub of CachingArchitect.StackExchangeRedis (<c>CacheKeyRedisExtensions</c>, <c>RedisCacheAdministration</c>),
/// under the real names and shapes the recognizer binds to.
/// </summary>
public static class SchemaTestSupport
{
    public const string RedisHelpersAssemblyName = "CachingArchitect.StackExchangeRedis";

    /// <summary>
    /// A well-formed schema (a bounded string part, a number, two numbers in one part) that the key rules (CACHE010–013) must treat
    /// as safe, versioned and namespaced; tests prepend it to the code that uses its keys. Starts and ends with an empty line.
    /// </summary>
    public const string ShopKeys = """

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("search:{term}", Ttl = "00:05:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey<string> Search([CacheKeyPart(MaxLength = 64)] string term);

            [CacheKey("stats:{hour}", Ttl = "01:00:00", MaxStaleness = "00:05:00")]
            public static partial CacheKey Stats(long hour);

            [CacheKey("order:{customerId}-{orderId}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey<string> Order(int customerId, int orderId);
        }


        """;

    public const string RedisHelpersSource = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace CachingArchitect.StackExchangeRedis
        {
            public static class CacheKeyRedisExtensions
            {
                public static RedisKey AsRedisKey(this CacheKey key) => key.Value;
                public static RedisKey AsRedisKey<T>(this CacheKey<T> key) => key.Value;
                public static bool Set<T>(this IDatabase db, CacheKey<T> key, T value, CommandFlags flags = CommandFlags.None) => throw null!;
                public static bool Set<T>(this IDatabase db, CacheKey key, T value, CommandFlags flags = CommandFlags.None) => throw null!;
                public static Task<bool> SetAsync<T>(this IDatabaseAsync db, CacheKey<T> key, T value, CommandFlags flags = CommandFlags.None) => throw null!;
                public static Task<bool> SetAsync<T>(this IDatabaseAsync db, CacheKey key, T value, CommandFlags flags = CommandFlags.None) => throw null!;
                public static T? Get<T>(this IDatabase db, CacheKey<T> key, CommandFlags flags = CommandFlags.None) => throw null!;
                public static Task<T?> GetAsync<T>(this IDatabaseAsync db, CacheKey<T> key, CommandFlags flags = CommandFlags.None) => throw null!;
                public static T GetOrSet<T>(this IDatabase db, CacheKey<T> key, Func<T> factory, CommandFlags flags = CommandFlags.None) => throw null!;
                public static Task<T> GetOrSetAsync<T>(this IDatabaseAsync db, CacheKey<T> key, Func<CancellationToken, Task<T>> factory, CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default) => throw null!;
                public static Task<T> GetOrSetAsync<T>(this IDatabaseAsync db, CacheKey<T> key, Func<Task<T>> factory, CommandFlags flags = CommandFlags.None) => throw null!;
                public static bool Remove(this IDatabase db, CacheKey key, CommandFlags flags = CommandFlags.None) => throw null!;
                public static Task<bool> RemoveAsync(this IDatabaseAsync db, CacheKey key, CommandFlags flags = CommandFlags.None) => throw null!;
            }

            public static class RedisCacheAdministration
            {
                public static Task<long> DeleteFamilyAsync(IConnectionMultiplexer redis, CacheKeyDefinition family, int batchSize = 250, int database = -1, CancellationToken cancellationToken = default) => throw null!;
                public static Task<long> DeleteFamilyAsync(IConnectionMultiplexer redis, CacheKey key, int batchSize = 250, int database = -1, CancellationToken cancellationToken = default) => throw null!;
                public static Task<long> DeleteByPatternAsync(IConnectionMultiplexer redis, string pattern, int batchSize = 250, int database = -1, CancellationToken cancellationToken = default) => throw null!;
            }
        }
        """;

    private static readonly Lazy<MetadataReference> Helpers = new(() =>
    {
        var compilation = CSharpCompilation.Create(
            RedisHelpersAssemblyName,
            new[] { CSharpSyntaxTree.ParseText(RedisHelpersSource, new CSharpParseOptions(LanguageVersion.Preview)) },
            TestReferences.All(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("Redis helpers stub does not compile: " + string.Join(Environment.NewLine, result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(stream.ToArray(), filePath: RedisHelpersAssemblyName + ".dll");
    });

    /// <summary>The compiled CachingArchitect.StackExchangeRedis stub.</summary>
    public static MetadataReference RedisHelpers => Helpers.Value;

    private static readonly Regex Markup = new(@"\{\|[^:|{}]*:|\|\}|\[\||\|\]", RegexOptions.Compiled);

    /// <summary>
    /// <paramref name="source"/> (with or without test markup) plus an implementing part for each body-less partial method of a
    /// partial type: what the generator adds in a real build.
    /// </summary>
    public static string WithImplementations(string source)
    {
        var plain = Markup.Replace(source, string.Empty);
        var root = CSharpSyntaxTree.ParseText(plain, new CSharpParseOptions(LanguageVersion.Preview)).GetRoot();
        var output = new StringBuilder();
        var fileScoped = root.DescendantNodes().OfType<FileScopedNamespaceDeclarationSyntax>().Any();
        foreach (var type in root.DescendantNodes().OfType<TypeDeclarationSyntax>().Where(t => t.Parent is not TypeDeclarationSyntax))
        {
            var body = Implement(type);
            if (body is null)
            {
                continue;
            }

            var ns = type.Ancestors().OfType<NamespaceDeclarationSyntax>().FirstOrDefault();
            if (ns is not null && !fileScoped)
            {
                output.Append("namespace ").Append(ns.Name).Append(" {\n").Append(body).Append("}\n");
            }
            else
            {
                output.Append(body);
            }
        }

        return output.Length == 0 ? source : source + "\n// implementing parts (the generator's job)\n" + output;
    }

    private static string? Implement(TypeDeclarationSyntax type)
    {
        if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return null;
        }

        var members = new StringBuilder();
        foreach (var method in type.Members.OfType<MethodDeclarationSyntax>())
        {
            if (!method.Modifiers.Any(SyntaxKind.PartialKeyword) || method.Body is not null || method.ExpressionBody is not null)
            {
                continue;
            }

            var parameters = string.Join(", ", method.ParameterList.Parameters.Select(p => p.WithAttributeLists(default).ToString()));
            members.Append("    ").Append(method.Modifiers.ToString()).Append(' ').Append(method.ReturnType).Append(' ')
                .Append(method.Identifier.Text).Append(method.TypeParameterList?.ToString() ?? string.Empty)
                .Append('(').Append(parameters).Append(')').Append(' ').Append(method.ConstraintClauses.ToString())
                .Append(" => throw null!;\n");
        }

        foreach (var nested in type.Members.OfType<TypeDeclarationSyntax>())
        {
            if (Implement(nested) is { } inner)
            {
                members.Append(inner);
            }
        }

        if (members.Length == 0)
        {
            return null;
        }

        var modifiers = string.Join(" ", type.Modifiers.Select(m => m.Text));
        return $"{modifiers} {type.Keyword.Text} {type.Identifier.Text}{type.TypeParameterList}\n{{\n{members}}}\n";
    }
}
