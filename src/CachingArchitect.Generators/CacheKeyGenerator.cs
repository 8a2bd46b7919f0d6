using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CachingArchitect.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.Generators
{
    /// <summary>
    /// Generates the typed key builders of <c>[CacheKeySchema]</c> classes: the body of every
    /// <c>static partial CacheKey M(...)</c> / <c>CacheKey&lt;T&gt;</c> method marked <c>[CacheKey]</c>, one
    /// <c>CacheKeyDefinition</c> per key and a <c>Schema</c> property listing them.
    /// </summary>
    /// <remarks>
    /// Pipeline (every step value-equatable, no symbols, syntax, locations or compilations past the first transform):
    /// <c>ForAttributeWithMetadataName</c> → <see cref="KeyMethodModel"/> per method → grouped per schema class
    /// (<see cref="SchemaModel"/>) → combined with <see cref="TargetFacts"/> → one source file per schema class.
    /// The generator reports no diagnostics; the schema analyzers do (CACHE080–089).
    /// </remarks>
    [Generator(LanguageNames.CSharp)]
    public sealed class CacheKeyGenerator : IIncrementalGenerator
    {
        internal const string CacheKeyAttributeName = "CachingArchitect.CacheKeyAttribute";

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var facts = context.CompilationProvider
                .Select(static (compilation, _) => GetTargetFacts(compilation))
                .WithTrackingName(TrackingNames.TargetFacts);

            var keys = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    CacheKeyAttributeName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => KeyMethodParser.Parse(ctx, ct))
                .WithTrackingName(TrackingNames.KeyMethods)
                .Where(static model => model is not null)
                .Select(static (model, _) => model!)
                .WithTrackingName(TrackingNames.ValidKeyMethods);

            var schemas = keys
                .Collect()
                .SelectMany(static (all, ct) => GroupBySchema(all, ct))
                .WithTrackingName(TrackingNames.Schemas);

            var inputs = schemas
                .Combine(facts)
                .WithTrackingName(TrackingNames.SchemasWithFacts);

            context.RegisterSourceOutput(inputs, static (spc, input) =>
            {
                var (schema, target) = input;
                spc.AddSource(schema.Schema.HintName, SchemaEmitter.Emit(schema, target, spc.CancellationToken));
            });
        }

        internal static TargetFacts GetTargetFacts(Compilation compilation)
        {
            if (compilation is not CSharpCompilation csharp || csharp.LanguageVersion < LanguageVersion.CSharp10)
            {
                return new TargetFacts(false);
            }

            // Runs for every compilation (every edit in the IDE): only the core library's string type is consulted, never a
            // GetTypeByMetadataName search of all references.
            var hasCreate = false;
            foreach (var member in compilation.GetSpecialType(SpecialType.System_String).GetMembers("Create"))
            {
                if (member is IMethodSymbol { IsStatic: true, Parameters.Length: 3 } method &&
                    method.Parameters[0].Type is INamedTypeSymbol { Name: "IFormatProvider", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } &&
                    method.Parameters[1].Type is INamedTypeSymbol { Name: "Span", Arity: 1 } &&
                    method.Parameters[2].RefKind == RefKind.Ref &&
                    method.Parameters[2].Type is INamedTypeSymbol
                    {
                        Name: "DefaultInterpolatedStringHandler",
                        ContainingNamespace: { Name: "CompilerServices", ContainingNamespace: { Name: "Runtime", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } },
                    })
                {
                    hasCreate = true;
                    break;
                }
            }

            return new TargetFacts(hasCreate);
        }

        private static ImmutableArray<SchemaModel> GroupBySchema(ImmutableArray<KeyMethodModel> all, CancellationToken cancellationToken)
        {
            if (all.IsDefaultOrEmpty)
            {
                return ImmutableArray<SchemaModel>.Empty;
            }

            // Declaration order: the order in which the driver found the methods (syntax trees in compilation order,
            // then position in the file), which is deterministic for a given compilation.
            var order = new List<string>();
            var groups = new Dictionary<string, List<KeyMethodModel>>(System.StringComparer.Ordinal);
            foreach (var key in all)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!groups.TryGetValue(key.Schema.HintName, out var list))
                {
                    list = new List<KeyMethodModel>();
                    groups.Add(key.Schema.HintName, list);
                    order.Add(key.Schema.HintName);
                }

                list.Add(key);
            }

            order.Sort(System.StringComparer.Ordinal);
            return order.Select(name => new SchemaModel(groups[name][0].Schema, groups[name].ToEquatableArray())).ToImmutableArray();
        }
    }
}
