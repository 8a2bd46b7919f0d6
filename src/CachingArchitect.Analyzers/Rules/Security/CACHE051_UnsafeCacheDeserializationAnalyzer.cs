using System;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.Analyzers.Rules.Security;

/// <summary>
/// CACHE051 — unsafe deserialization of cache payloads:
/// (a) <c>BinaryFormatter</c>/<c>IFormatter</c>/<c>NetDataContractSerializer</c>/<c>SoapFormatter</c> <c>Serialize</c>/<c>Deserialize</c> whose
/// stream or bytes flow to or from <c>IDistributedCache</c>, StackExchange.Redis or <c>IMemcachedClient</c> in the same body
/// (<see cref="DataDependency"/>), or that run inside an <c>IHybridCacheSerializer&lt;T&gt;</c> or Enyim <c>ITranscoder</c> implementation;
/// (b) Enyim's <c>BinaryFormatterTranscoder</c> created, named in a type argument or <c>typeof</c>, assigned as <c>Transcoder</c>, or
/// configured as <c>"Transcoder": "BinaryFormatterTranscoder"</c> in an <c>appsettings*.json</c> additional file;
/// (c) Newtonsoft <c>JsonSerializerSettings</c> with <c>TypeNameHandling</c> other than <c>None</c> and no <c>SerializationBinder</c>, used by
/// <c>JsonConvert.SerializeObject/DeserializeObject</c> or <c>JsonSerializer.Create</c> on cache payloads (same flow rules as (a)), or passed
/// to a cache serializer's constructor.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsafeCacheDeserializationAnalyzer : CacheAnalyzer
{
    private static readonly Regex TranscoderSetting = new(
        "\"Transcoder\"\\s*:\\s*\"(?<value>[^\"]*BinaryFormatterTranscoder[^\"]*)\"",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE051);

    internal override bool IsApplicable(CacheSymbols symbols) =>
        symbols.DistributedCache is not null || symbols.RedisDatabaseAsync is not null || symbols.MemcachedClient is not null || symbols.HybridCache is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var transcoder = context.Compilation.GetTypeByMetadataName("Enyim.Caching.Memcached.BinaryFormatterTranscoder");
        context.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, symbols, transcoder), OperationKind.Invocation);
        context.RegisterOperationAction(ctx => AnalyzeCreation(ctx, transcoder), OperationKind.ObjectCreation);
        if (transcoder is not null)
        {
            context.RegisterOperationAction(ctx => AnalyzeTypeOf(ctx, transcoder), OperationKind.TypeOf);
            context.RegisterOperationAction(AnalyzeTranscoderName, OperationKind.SimpleAssignment);
        }

        context.RegisterAdditionalFileAction(AnalyzeSettingsFile);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CacheSymbols symbols, INamedTypeSymbol? transcoder)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (transcoder is not null && method.IsGenericMethod)
        {
            foreach (var argument in method.TypeArguments)
            {
                if (SymbolEqualityComparer.Default.Equals(argument, transcoder))
                {
                    ReportTranscoder(context, CodeContext.GetNameLocation(invocation));
                    return;
                }
            }
        }

        if (method.Name is "Serialize" or "Deserialize" && IsTypeEmbeddingFormatter(method.ContainingType))
        {
            var serializer = method.ContainingType.Name;
            if (IsInsideCacheSerializer(context.ContainingSymbol) || FlowsToOrFromCache(invocation, method.Name == "Deserialize", symbols))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE051, CodeContext.GetNameLocation(invocation),
                    $"'{method.Name}' (de)serializes a cache payload with {serializer}: anyone who can write to the cache can run code in every reader; use a serializer that does not embed types (System.Text.Json, protobuf, MessagePack without typeless resolvers)"));
            }

            return;
        }

        if (method.Name is "SerializeObject" or "DeserializeObject" or "Create" or "CreateDefault" &&
            method.ContainingType?.Name is "JsonConvert" or "JsonSerializer" &&
            SymbolNames.IsInNamespace(method.ContainingNamespace, "Newtonsoft.Json") &&
            invocation.GetArgument("settings") is { } settings && settings.IsExplicit() &&
            UnsafeSettings(settings.Value) is { } handling &&
            (IsInsideCacheSerializer(context.ContainingSymbol) || FlowsToOrFromCache(invocation, method.Name == "DeserializeObject", symbols)))
        {
            ReportTypeNameHandling(context, CodeContext.GetNameLocation(invocation), handling);
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol? transcoder)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (transcoder is not null && SymbolEqualityComparer.Default.Equals(creation.Type, transcoder))
        {
            ReportTranscoder(context, creation.Syntax.GetLocation());
            return;
        }

        // new FusionCacheNewtonsoftJsonSerializer(settings), or any cache serializer constructed with unsafe Newtonsoft settings.
        // The argument check first: it is cheap, and almost no creation passes JsonSerializerSettings.
        foreach (var argument in creation.Arguments)
        {
            if (argument.Value.Type?.Name == "JsonSerializerSettings" &&
                creation.Type is INamedTypeSymbol type && IsCacheSerializerType(type) &&
                UnsafeSettings(argument.Value) is { } handling)
            {
                ReportTypeNameHandling(context, argument.Syntax.GetLocation(), handling);
                return;
            }
        }
    }

    private static void AnalyzeTypeOf(OperationAnalysisContext context, INamedTypeSymbol transcoder)
    {
        var typeOf = (ITypeOfOperation)context.Operation;
        if (SymbolEqualityComparer.Default.Equals(typeOf.TypeOperand, transcoder))
        {
            ReportTranscoder(context, typeOf.Syntax.GetLocation());
        }
    }

    private static void AnalyzeTranscoderName(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property.Name: "Transcoder" } &&
            assignment.Value.ConstantValue is { HasValue: true, Value: string name } &&
            name.IndexOf("BinaryFormatterTranscoder", StringComparison.Ordinal) >= 0)
        {
            ReportTranscoder(context, assignment.Value.Syntax.GetLocation());
        }
    }

    private static void AnalyzeSettingsFile(AdditionalFileAnalysisContext context)
    {
        var path = context.AdditionalFile.Path;
        var fileName = System.IO.Path.GetFileName(path);
        if (!fileName.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) || !fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var text = context.AdditionalFile.GetText(context.CancellationToken);
        if (text is null)
        {
            return;
        }

        var content = text.ToString();
        if (content.IndexOf("BinaryFormatterTranscoder", StringComparison.Ordinal) < 0)
        {
            return;
        }

        try
        {
            foreach (Match match in TranscoderSetting.Matches(content))
            {
                var group = match.Groups["value"];
                var span = new TextSpan(group.Index - 1, group.Length + 2);
                var location = Location.Create(path, span, text.Lines.GetLinePositionSpan(span));
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE051, location,
                    "The memcached client is configured with BinaryFormatterTranscoder: anyone who can write to memcached can run code in every reader; use the default or a System.Text.Json transcoder"));
            }
        }
        catch (RegexMatchTimeoutException)
        {
        }
    }

    private static void ReportTranscoder(OperationAnalysisContext context, Location location) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE051, location,
            "BinaryFormatterTranscoder (de)serializes memcached payloads with BinaryFormatter: anyone who can write to memcached can run code in every reader; use the default or a System.Text.Json transcoder"));

    private static void ReportTypeNameHandling(OperationAnalysisContext context, Location location, string handling) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE051, location,
            $"Cache payloads are (de)serialized with Newtonsoft TypeNameHandling.{handling} and no restrictive SerializationBinder: a crafted cache entry can instantiate arbitrary types; use TypeNameHandling.None or a binder that allows only known types"));

    /// <summary>BinaryFormatter, SoapFormatter, NetDataContractSerializer, LosFormatter, ObjectStateFormatter and any <c>IFormatter</c>.</summary>
    private static bool IsTypeEmbeddingFormatter(INamedTypeSymbol? type) =>
        type is not null &&
        (SymbolNames.IsOrImplements(type, "System.Runtime.Serialization", "IFormatter") ||
         type.Name is "NetDataContractSerializer" or "SoapFormatter" or "LosFormatter" or "ObjectStateFormatter");

    /// <summary>True inside a type that implements <c>IHybridCacheSerializer&lt;T&gt;</c> or Enyim <c>ITranscoder</c>.</summary>
    private static bool IsInsideCacheSerializer(ISymbol? containing)
    {
        for (var type = containing as INamedTypeSymbol ?? containing?.ContainingType; type is not null; type = type.ContainingType)
        {
            if (IsCacheSerializerType(type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCacheSerializerType(INamedTypeSymbol type) =>
        SymbolNames.IsOrImplements(type, "Microsoft.Extensions.Caching.Hybrid", "IHybridCacheSerializer") ||
        SymbolNames.IsOrImplements(type, "Enyim.Caching.Memcached", "ITranscoder") ||
        SymbolNames.IsOrImplements(type, "ZiggyCreatures.Caching.Fusion.Serialization", "IFusionCacheSerializer");

    /// <summary>
    /// Deserialization: the payload (the call's arguments) depends on a cache read. Serialization: a cache write in the same body
    /// stores a value that depends on this call.
    /// </summary>
    private static bool FlowsToOrFromCache(IInvocationOperation call, bool reads, CacheSymbols symbols)
    {
        if (reads)
        {
            var arguments = new System.Collections.Generic.List<IOperation>();
            foreach (var argument in call.Arguments)
            {
                arguments.Add(argument.Value);
            }

            foreach (var op in DataDependency.Collect(arguments, 2000))
            {
                if (op is IInvocationOperation candidate && IsRemoteCache(CacheOperationRecognizer.Recognize(candidate, symbols), CacheOperationKind.Read))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var op in call.GetRoot().Descendants())
        {
            if (op is not IInvocationOperation candidate ||
                CacheOperationRecognizer.Recognize(candidate, symbols) is not { ValueArgument: { } value } operation ||
                !IsRemoteCache(operation, CacheOperationKind.Write))
            {
                continue;
            }

            foreach (var dependency in DataDependency.Collect(new[] { value.Value }, 2000))
            {
                if (ReferenceEquals(dependency, call))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsRemoteCache(CacheOperation? operation, CacheOperationKind kind) =>
        operation is not null && operation.Kind == kind &&
        operation.Technology is CacheTechnology.DistributedCache or CacheTechnology.Redis or CacheTechnology.Memcached;

    /// <summary>The <c>TypeNameHandling</c> member name when <paramref name="settings"/> resolves to settings that embed types without a binder.</summary>
    private static string? UnsafeSettings(IOperation settings)
    {
        var resolved = ValueTracer.Resolve(settings);
        if (resolved is not IObjectCreationOperation { Initializer: { } initializer } creation || creation.Type?.Name != "JsonSerializerSettings")
        {
            return null;
        }

        string? handling = null;
        foreach (var member in initializer.Initializers)
        {
            if (member is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: var name } } assignment)
            {
                continue;
            }

            if (name == "TypeNameHandling" && assignment.Value.ConstantValue is { HasValue: true, Value: int value } && value != 0)
            {
                handling = assignment.Value.WalkDownConversions() is IFieldReferenceOperation field ? field.Field.Name : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name is "SerializationBinder" or "Binder" && !IsNullOrDefaultBinder(assignment.Value))
            {
                return null;
            }
        }

        return handling;
    }

    private static bool IsNullOrDefaultBinder(IOperation value)
    {
        var op = value.WalkDownConversions();
        return op.ConstantValue is { HasValue: true, Value: null } ||
               op is IObjectCreationOperation { Type.Name: "DefaultSerializationBinder" } ||
               op is IPropertyReferenceOperation { Property.Name: "Instance" } or IFieldReferenceOperation { Field.Name: "Instance" } && op.Type?.Name == "DefaultSerializationBinder";
    }
}
