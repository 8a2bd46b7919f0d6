using System;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.Analyzers.Rules.Resilience;

/// <summary>
/// CACHE031 — fragile Redis connection configuration: (a) <c>AbortOnConnectFail = true</c>, or a constant configuration string
/// (code literal or <c>appsettings*.json</c> AdditionalFile) with <c>abortConnect=true</c>, or without <c>abortConnect</c> for a
/// non-Azure host; (b) polling <c>IsConnected</c> and re-creating the multiplexer; (c) constant connect/sync/async timeouts outside
/// <c>caching_architect.min_redis_timeout</c>..<c>max_redis_timeout</c>. Sentinel (<c>serviceName</c>) configurations are not
/// reported for (a).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FragileRedisConnectionAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic properties of the text fix: replace <see cref="LengthProperty"/> characters at <see cref="StartProperty"/> with <see cref="NewTextProperty"/>.</summary>
    public const string StartProperty = "Start";

    public const string LengthProperty = "Length";

    public const string NewTextProperty = "NewText";

    private const string AbortConnectFalse = "abortConnect=false";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE031);

    internal override bool IsApplicable(CacheSymbols symbols) =>
        (symbols.ConnectionMultiplexer is not null || symbols.RedisCacheOptions is not null) && !symbols.IsTestProject;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var configurationOptions = context.Compilation.GetTypeByMetadataName("StackExchange.Redis.ConfigurationOptions");
        var multiplexerInterface = context.Compilation.GetTypeByMetadataName("StackExchange.Redis.IConnectionMultiplexer");

        context.RegisterOperationAction(ctx => AnalyzeAssignment(ctx, (ISimpleAssignmentOperation)ctx.Operation, configurationOptions, symbols), OperationKind.SimpleAssignment);
        context.RegisterOperationAction(
            ctx =>
            {
                var invocation = (IInvocationOperation)ctx.Operation;
                if ((ResilienceSupport.IsConnect(invocation, symbols) ||
                     invocation.TargetMethod.Name == "Parse" && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, configurationOptions)) &&
                    invocation.GetArgument("configuration") is { } argument &&
                    argument.Value.Type?.SpecialType == SpecialType.System_String)
                {
                    AnalyzeConfigurationString(ctx, argument.Value);
                }
            },
            OperationKind.Invocation);
        context.RegisterOperationAction(
            ctx =>
            {
                var property = (IPropertyReferenceOperation)ctx.Operation;
                if (property.Property.Name == "IsConnected" &&
                    (CacheSymbols.IsOrImplements(property.Property.ContainingType, multiplexerInterface) ||
                     SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, symbols.ConnectionMultiplexer)))
                {
                    AnalyzeIsConnected(ctx, property, symbols);
                }
            },
            OperationKind.PropertyReference);
        context.RegisterAdditionalFileAction(AnalyzeSettingsFile);
    }

    // ------------------------------------------------------------------ (a)/(c) ConfigurationOptions and RedisCacheOptions properties

    private static void AnalyzeAssignment(OperationAnalysisContext context, ISimpleAssignmentOperation assignment, INamedTypeSymbol? configurationOptions, CacheSymbols symbols)
    {
        if (assignment.Target is not IPropertyReferenceOperation target)
        {
            return;
        }

        var property = target.Property;
        var owner = property.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(owner, symbols.RedisCacheOptions) && property.Name == "Configuration" && assignment.Value.Type?.SpecialType == SpecialType.System_String)
        {
            AnalyzeConfigurationString(context, assignment.Value, RedisCacheForcesAbortConnectOff(owner));
            return;
        }

        if (!SymbolEqualityComparer.Default.Equals(owner, configurationOptions))
        {
            return;
        }

        var value = assignment.Value.WalkDownConversions();
        switch (property.Name)
        {
            case "AbortOnConnectFail" when value.ConstantValue is { HasValue: true, Value: true } && !SetsServiceName(assignment):
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CACHE031,
                    value.Syntax.GetLocation(),
                    TextFix(context, value.Syntax.SyntaxTree, value.Syntax.Span.Start, value.Syntax.Span.Length, "false"),
                    "'AbortOnConnectFail = true': if Redis is unreachable at start-up, Connect throws and no multiplexer is ever created, and the app cannot recover when Redis comes back; set it to false and let StackExchange.Redis keep retrying in the background"));
                break;
            case "ConnectTimeout" or "SyncTimeout" or "AsyncTimeout" when value.ConstantValue is { HasValue: true, Value: int milliseconds }:
                ReportTimeout(context.ReportDiagnostic, context.Options.AnalyzerConfigOptionsProvider.GetOptions(assignment.Syntax.SyntaxTree), value.Syntax.GetLocation(), property.Name, milliseconds);
                break;
        }
    }

    /// <summary>True when the same object initializer or member also sets <c>ServiceName</c> (a Sentinel configuration).</summary>
    private static bool SetsServiceName(IOperation assignment)
    {
        foreach (var descendant in assignment.GetRoot().Descendants())
        {
            if (descendant is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "ServiceName" } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Microsoft.Extensions.Caching.StackExchangeRedis 8.0 and later connect with <c>AbortOnConnectFail = false</c> whatever the
    /// configuration says ("we don't want an initially unavailable server to prevent DI creating the service itself"), so the
    /// <c>abortConnect</c> of <c>RedisCacheOptions.Configuration</c> does not matter there.
    /// </summary>
    private static bool RedisCacheForcesAbortConnectOff(INamedTypeSymbol redisCacheOptions) =>
        redisCacheOptions.ContainingAssembly?.Identity.Version.Major >= 8;

    private static void AnalyzeConfigurationString(OperationAnalysisContext context, IOperation value, bool abortConnectForcedOff = false)
    {
        var operation = value.WalkDownConversions();
        if (operation.ConstantValue is not { HasValue: true, Value: string text } || RedisConnectionString.Parse(text) is not { } configuration)
        {
            return;
        }

        // The fix edits the literal in place when it is written without escapes.
        var literal = operation.Syntax as LiteralExpressionSyntax;
        var contentStart = literal is not null && literal.IsKind(SyntaxKind.StringLiteralExpression) && IsPlainLiteral(literal, text)
            ? literal.Token.Span.Start + (literal.Token.Text.StartsWith("@", StringComparison.Ordinal) ? 2 : 1)
            : -1;
        var location = operation.Syntax.GetLocation();
        var tree = operation.Syntax.SyntaxTree;

        if (!configuration.IsSentinel && !abortConnectForcedOff)
        {
            if (configuration.AbortConnect == true && configuration.TryGetOption("abortConnect", out var option))
            {
                var properties = contentStart >= 0 ? TextFix(context, tree, contentStart + option.Start, option.Length, AbortConnectFalse) : ImmutableDictionary<string, string?>.Empty;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE031, location, properties, AbortConnectTrueMessage("The connection string")));
            }
            else if (configuration.AbortConnect is null && !configuration.HasAzureEndpoint && !SetsAbortOnConnectFail(operation))
            {
                var properties = contentStart >= 0 ? TextFix(context, tree, contentStart + text.Length, 0, (text.TrimEnd().EndsWith(",", StringComparison.Ordinal) ? string.Empty : ",") + AbortConnectFalse) : ImmutableDictionary<string, string?>.Empty;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE031, location, properties, MissingAbortConnectMessage("The connection string", configuration)));
            }
        }

        ReportStringTimeouts(context.ReportDiagnostic, context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree), location, configuration, "The connection string");
    }

    /// <summary>True when the method also assigns <c>AbortOnConnectFail</c> (e.g. on the result of <c>ConfigurationOptions.Parse</c>).</summary>
    private static bool SetsAbortOnConnectFail(IOperation operation)
    {
        foreach (var descendant in operation.GetRoot().Descendants())
        {
            if (descendant is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "AbortOnConnectFail" } })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPlainLiteral(LiteralExpressionSyntax literal, string value)
    {
        var tokenText = literal.Token.Text;
        return tokenText == "\"" + value + "\"" || tokenText == "@\"" + value + "\"";
    }

    // ------------------------------------------------------------------ (b) IsConnected polling

    private static void AnalyzeIsConnected(OperationAnalysisContext context, IPropertyReferenceOperation property, CacheSymbols symbols)
    {
        if (!IsInCondition(property))
        {
            return;
        }

        var body = ExecutionOrder.GetExecutableRoot(property);
        foreach (var descendant in body.Descendants())
        {
            if (descendant is IInvocationOperation invocation && invocation.Syntax.SpanStart > property.Syntax.SpanStart &&
                ResilienceSupport.IsConnect(invocation, symbols))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CACHE031,
                    property.Syntax is MemberAccessExpressionSyntax member ? member.Name.GetLocation() : property.Syntax.GetLocation(),
                    "'IsConnected' is polled to re-create the ConnectionMultiplexer: StackExchange.Redis reconnects by itself, and replacing the multiplexer on every blip leaks connections and drops subscriptions; remove the check and let the library reconnect (use a time-guarded ForceReconnect only for persistent failures)"));
                return;
            }
        }
    }

    private static bool IsInCondition(IOperation operation)
    {
        var current = operation;
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional:
                    return ReferenceEquals(conditional.Condition, current);
                case IWhileLoopOperation loop:
                    return ReferenceEquals(loop.Condition, current);
                case IUnaryOperation or IBinaryOperation or IConversionOperation or IParenthesizedOperation or IIsPatternOperation or IConditionalAccessOperation or IConditionalAccessInstanceOperation:
                    current = parent;
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    // ------------------------------------------------------------------ appsettings*.json

    private static void AnalyzeSettingsFile(AdditionalFileAnalysisContext context)
    {
        var file = context.AdditionalFile;
        var name = Path.GetFileName(file.Path);
        if (name is null || !name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) || !name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var text = file.GetText(context.CancellationToken);
        if (text is null || text.Length > 1_000_000)
        {
            return;
        }

        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(file);
        foreach (var entry in JsonStringValues.Read(text.ToString()))
        {
            if (!IsRedisSetting(entry.Path) || RedisConnectionString.Parse(entry.Value) is not { } configuration)
            {
                continue;
            }

            var span = new TextSpan(entry.Start, entry.Length);
            var location = Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span));
            var what = $"'{entry.Path}' in {name}";
            if (!configuration.IsSentinel)
            {
                if (configuration.AbortConnect == true)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE031, location, AbortConnectTrueMessage(what)));
                }
                else if (configuration.AbortConnect is null && !configuration.HasAzureEndpoint)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE031, location, MissingAbortConnectMessage(what, configuration)));
                }
            }

            ReportStringTimeouts(context.ReportDiagnostic, options, location, configuration, what);
        }
    }

    /// <summary>
    /// <c>ConnectionStrings:*</c> entries whose name mentions Redis or a cache, and settings under a section whose name mentions
    /// Redis with a name like <c>Configuration</c>, <c>ConnectionString</c> or <c>Connection</c>.
    /// </summary>
    private static bool IsRedisSetting(string path)
    {
        var segments = path.Split(':');
        if (segments.Length < 2)
        {
            return false;
        }

        var last = segments[segments.Length - 1];
        if (segments[0].Equals("ConnectionStrings", StringComparison.OrdinalIgnoreCase))
        {
            return Contains(last, "redis") || Contains(last, "cache");
        }

        return Contains(segments[0], "redis") && (Contains(last, "config") || Contains(last, "connection"));
    }

    private static bool Contains(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;

    // ------------------------------------------------------------------ messages and shared checks

    private static string AbortConnectTrueMessage(string what) =>
        $"{what} sets abortConnect=true: if Redis is unreachable at start-up, Connect throws and no multiplexer is ever created; use abortConnect=false and let StackExchange.Redis keep retrying in the background";

    private static string MissingAbortConnectMessage(string what, RedisConnectionString configuration)
    {
        var host = configuration.Endpoints.IsEmpty ? "Redis" : "'" + configuration.Endpoints[0] + "'";
        return $"{what} connects to {host} without abortConnect=false (the default is true outside Azure): if Redis is unreachable at start-up, Connect throws and no multiplexer is ever created; append ',abortConnect=false'";
    }

    private static void ReportStringTimeouts(Action<Diagnostic> report, AnalyzerConfigOptions options, Location location, RedisConnectionString configuration, string what)
    {
        foreach (var (key, value) in new[]
                 {
                     ("connectTimeout", configuration.ConnectTimeoutMilliseconds),
                     ("syncTimeout", configuration.SyncTimeoutMilliseconds),
                     ("asyncTimeout", configuration.AsyncTimeoutMilliseconds),
                 })
        {
            if (value is { } milliseconds)
            {
                ReportTimeout(report, options, location, $"{what}: {key}", milliseconds);
            }
        }
    }

    private static void ReportTimeout(Action<Diagnostic> report, AnalyzerConfigOptions options, Location location, string setting, int milliseconds)
    {
        var min = GetDuration(options, CachingArchitectOptions.MinRedisTimeoutKey, CachingArchitectOptions.MinRedisTimeoutFallback);
        var max = GetDuration(options, CachingArchitectOptions.MaxRedisTimeoutKey, CachingArchitectOptions.MaxRedisTimeoutFallback);
        var timeout = TimeSpan.FromMilliseconds(milliseconds);
        string? problem = null;
        if (milliseconds > 0 && timeout < min)
        {
            problem = $"below caching_architect.min_redis_timeout ({Format(min)}): every network hiccup or GC pause becomes a timeout";
        }
        else if (timeout > max)
        {
            problem = $"above caching_architect.max_redis_timeout ({Format(max)}): requests hang that long when Redis is down instead of failing fast";
        }

        if (problem is not null)
        {
            var name = setting.IndexOf(':') >= 0 ? setting : "'" + setting + "'";
            report(Diagnostic.Create(Descriptors.CACHE031, location, $"{name} = {milliseconds.ToString(CultureInfo.InvariantCulture)} ms is {problem}"));
        }
    }

    private static TimeSpan GetDuration(AnalyzerConfigOptions options, string key, TimeSpan fallback) =>
        options.TryGetValue(key, out var raw) && CachingArchitectOptions.TryParseDuration(raw, out var value) && value > TimeSpan.Zero ? value : fallback;

    private static string Format(TimeSpan value) =>
        value.TotalSeconds >= 1 && value.Milliseconds == 0
            ? value.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s"
            : value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms";

    private static ImmutableDictionary<string, string?> TextFix(OperationAnalysisContext context, SyntaxTree tree, int start, int length, string newText)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[StartProperty] = start.ToString(CultureInfo.InvariantCulture);
        properties[LengthProperty] = length.ToString(CultureInfo.InvariantCulture);
        properties[NewTextProperty] = newText;

        // Build report: the same text edit as a fix proposal, with the code fix's title.
        FixProposal.Add(
            properties,
            context.Options,
            newText == "false" ? "Set AbortOnConnectFail to false" : "Use abortConnect=false",
            tree,
            new Microsoft.CodeAnalysis.Text.TextSpan(start, length),
            newText,
            context.CancellationToken);
        return properties.ToImmutable();
    }
}
