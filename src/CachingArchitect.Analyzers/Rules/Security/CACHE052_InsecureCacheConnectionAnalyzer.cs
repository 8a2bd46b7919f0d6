using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Security;

/// <summary>
/// CACHE052 — cleartext or hard-coded cache credentials / disabled TLS validation, for StackExchange.Redis:
/// (a) a connection-string literal with <c>password=</c>/<c>user=</c>, or <c>ConfigurationOptions.Password = "literal"</c>;
/// (b) a literal or <c>ConfigurationOptions</c> initializer that targets a remote host without <c>ssl=true</c>/<c>Ssl = true</c>;
/// (c) <c>CertificateValidation += … =&gt; true</c>, <c>CheckCertificateRevocation = false</c>, <c>SslProtocols</c> with TLS 1.0/1.1.
/// Connection strings are recognized where the library takes them: <c>ConnectionMultiplexer.Connect[Async](configuration)</c>,
/// <c>ConfigurationOptions.Parse</c>, and <c>RedisCacheOptions.Configuration</c>/<c>RedisOutputCacheOptions.Configuration</c>, through
/// constants and single-assignment locals. Loopback hosts and unix sockets are never reported; single-label service names
/// (<c>redis:6379</c>, docker-compose/Kubernetes) are not reported for (b), and not for (a) in Development-only code
/// (<c>#if DEBUG</c>, <c>if (env.IsDevelopment())</c>). Values read from configuration are not literals and are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InsecureCacheConnectionAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: which fix applies (<see cref="FixAppendSsl"/> or <see cref="FixSetSsl"/>); absent when none.</summary>
    public const string FixProperty = "Fix";

    /// <summary>Append <c>,ssl=true</c> to the string literal at the diagnostic location.</summary>
    public const string FixAppendSsl = "AppendSsl";

    /// <summary>Add <c>Ssl = true</c> to the object initializer at the diagnostic location.</summary>
    public const string FixSetSsl = "SetSsl";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE052);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.ConnectionMultiplexer is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var options = context.Compilation.GetTypeByMetadataName("StackExchange.Redis.ConfigurationOptions");
        if (options is null)
        {
            return;
        }

        context.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, symbols, options), OperationKind.Invocation);
        context.RegisterOperationAction(ctx => AnalyzeAssignment(ctx, options), OperationKind.SimpleAssignment);
        context.RegisterOperationAction(ctx => AnalyzeCreation(ctx, options), OperationKind.ObjectCreation);
        context.RegisterOperationAction(ctx => AnalyzeEvent(ctx, options), OperationKind.EventAssignment);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CacheSymbols symbols, INamedTypeSymbol options)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var isSink = method.Name is "Connect" or "ConnectAsync" && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.ConnectionMultiplexer) ||
                     method.Name == "Parse" && SymbolEqualityComparer.Default.Equals(method.ContainingType, options);
        if (isSink && invocation.GetArgument("configuration") is { } argument && argument.Value.Type?.SpecialType == SpecialType.System_String)
        {
            AnalyzeConnectionString(context, argument.Value);
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol options)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property })
        {
            return;
        }

        if (property.Name == "Configuration" && property.Type.SpecialType == SpecialType.System_String &&
            property.ContainingType?.Name is "RedisCacheOptions" or "RedisOutputCacheOptions")
        {
            AnalyzeConnectionString(context, assignment.Value);
            return;
        }

        if (!SymbolEqualityComparer.Default.Equals(property.ContainingType, options))
        {
            return;
        }

        switch (property.Name)
        {
            case "Password" when assignment.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: string { Length: > 0 } }:
                if (!ConditionalRegions.IsDevelopmentOnly(assignment))
                {
                    Report(context, assignment.Value.Syntax.GetLocation(), "The Redis password is hard-coded in source; read it from configuration or a secret store");
                }

                break;
            case "CheckCertificateRevocation" when assignment.Value.ConstantValue is { HasValue: true, Value: false }:
                Report(context, assignment.Syntax.GetLocation(), "'CheckCertificateRevocation = false' accepts revoked Redis server certificates");
                break;
            case "SslProtocols" when UsesLegacyTls(assignment.Value):
                Report(context, assignment.Syntax.GetLocation(), "'SslProtocols' allows TLS 1.0/1.1 for the Redis connection; use TLS 1.2 or later (or the OS default)");
                break;
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol options)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, options) || creation.Initializer is null)
        {
            return;
        }

        var endpoints = new List<string>();
        var ssl = false;
        foreach (var initializer in creation.Initializer.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Ssl" } } sslAssignment)
            {
                ssl |= sslAssignment.Value.ConstantValue is not { HasValue: true, Value: false };
            }
            else if (initializer is IMemberInitializerOperation { InitializedMember: IPropertyReferenceOperation { Property.Name: "EndPoints" }, Initializer: { } collection })
            {
                foreach (var add in collection.Initializers)
                {
                    if (add is IInvocationOperation { Arguments.Length: > 0 } call && call.Arguments[0].Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: string host })
                    {
                        endpoints.Add(host);
                    }
                }
            }
        }

        if (ssl || endpoints.Count == 0 || !HasRemoteMultiLabelHost(endpoints) || SslSetLater(creation))
        {
            return;
        }

        Report(context, creation.Syntax.GetLocation(),
            $"The Redis connection to '{RedisConnectionString.HostName(FirstRemote(endpoints))}' is not encrypted; set 'Ssl = true' (and use the TLS port)", FixSetSsl);
    }

    private static void AnalyzeEvent(OperationAnalysisContext context, INamedTypeSymbol options)
    {
        var assignment = (IEventAssignmentOperation)context.Operation;
        if (!assignment.Adds || assignment.EventReference is not IEventReferenceOperation { Event: { Name: "CertificateValidation" } @event } ||
            !SymbolEqualityComparer.Default.Equals(@event.ContainingType, options))
        {
            return;
        }

        var handler = assignment.HandlerValue.WalkDownConversions();
        if (handler is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } && AlwaysReturnsTrue(lambda))
        {
            Report(context, assignment.Syntax.GetLocation(), "The certificate validation callback accepts every Redis server certificate, so TLS no longer authenticates the server");
        }
    }

    private static void AnalyzeConnectionString(OperationAnalysisContext context, IOperation value)
    {
        var resolved = ValueTracer.Resolve(value) ?? value;
        if (resolved.ConstantValue is not { HasValue: true, Value: string text })
        {
            return;
        }

        if (RedisConnectionString.Parse(text) is not { Endpoints.IsEmpty: false } parsed)
        {
            return;
        }

        var location = resolved.Syntax.GetLocation();
        var anyRemote = false;
        foreach (var host in parsed.Endpoints)
        {
            anyRemote |= RedisConnectionString.IsRemote(host);
        }

        if (!anyRemote)
        {
            return;
        }

        if ((!string.IsNullOrEmpty(parsed.Password) || !string.IsNullOrEmpty(parsed.User)) &&
            !(ConditionalRegions.IsDevelopmentOnly(value) && !HasRemoteMultiLabelHost(parsed.Endpoints)))
        {
            Report(context, location, "The Redis connection string literal contains credentials ('password='/'user='); read it from configuration or a secret store");
        }

        if (parsed.Ssl != true && HasRemoteMultiLabelHost(parsed.Endpoints))
        {
            // Build report: the code fix's edit (append ",ssl=true" to the literal) as a fix proposal.
            var replacement = resolved is ILiteralOperation
                ? SyntaxFactory.Literal(text + (text.TrimEnd().EndsWith(",", StringComparison.Ordinal) ? string.Empty : ",") + "ssl=true").Text
                : null;
            Report(context, location,
                $"The Redis connection to '{RedisConnectionString.HostName(FirstRemote(parsed.Endpoints))}' is not encrypted; add 'ssl=true' (and use the TLS port)",
                resolved is ILiteralOperation ? FixAppendSsl : null,
                replacement is null ? null : ("Enable TLS (ssl=true)", replacement));
        }
    }

    private static bool HasRemoteMultiLabelHost(IEnumerable<string> hosts)
    {
        foreach (var host in hosts)
        {
            if (RedisConnectionString.IsRemote(host) && !RedisConnectionString.IsSingleLabel(host))
            {
                return true;
            }
        }

        return false;
    }

    private static string FirstRemote(IEnumerable<string> hosts)
    {
        foreach (var host in hosts)
        {
            if (RedisConnectionString.IsRemote(host) && !RedisConnectionString.IsSingleLabel(host))
            {
                return host;
            }
        }

        return string.Empty;
    }

    /// <summary>True when the created options are stored in a local whose <c>Ssl</c> is assigned later in the body.</summary>
    private static bool SslSetLater(IObjectCreationOperation creation)
    {
        var parent = creation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        ILocalSymbol? local = parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };
        if (local is null)
        {
            return parent is not (IArgumentOperation or IReturnOperation);
        }

        foreach (var op in creation.GetRoot().Descendants())
        {
            if (op is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Ssl", Instance: { } instance } } && instance.IsReferenceTo(local))
            {
                return true;
            }
        }

        return false;
    }

    private static bool UsesLegacyTls(IOperation value)
    {
        foreach (var op in value.DescendantsAndSelf())
        {
            if (op is IFieldReferenceOperation { Field: { Name: "Tls" or "Tls11" or "Ssl2" or "Ssl3" } field } &&
                SymbolNames.Is(field.ContainingType, "System.Security.Authentication", "SslProtocols"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AlwaysReturnsTrue(IAnonymousFunctionOperation lambda)
    {
        var any = false;
        foreach (var op in lambda.Body.Descendants())
        {
            if (op is IReturnOperation { ReturnedValue: { } returned })
            {
                if (returned.WalkDownConversions().ConstantValue is not { HasValue: true, Value: true })
                {
                    return false;
                }

                any = true;
            }
        }

        return any;
    }

    private static void Report(OperationAnalysisContext context, Location location, string message, string? fix = null, (string Title, string Replacement)? proposal = null)
    {
        var properties = fix is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);
        if (proposal is { } p)
        {
            properties = FixProposal.With(properties, context.Options, p.Title, location, p.Replacement, context.CancellationToken);
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE052, location, properties, message));
    }
}
