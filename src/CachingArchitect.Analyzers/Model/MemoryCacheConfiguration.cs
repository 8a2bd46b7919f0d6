using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.Analyzers.Model;

/// <summary>What the settings of one <c>MemoryCacheOptions</c> source (lambda, object, configuration section) are, as far as visible.</summary>
internal sealed class MemoryCacheOptionsFacts
{
    public static readonly MemoryCacheOptionsFacts Unknown = new() { HasUnknownSource = true };

    /// <summary>The value written to <c>SizeLimit</c> (not a constant <c>null</c>), when the source sets one.</summary>
    public IOperation? SizeLimit { get; internal set; }

    /// <summary>The value written to <c>TrackStatistics</c>, when the source sets it.</summary>
    public IOperation? TrackStatistics { get; internal set; }

    /// <summary>The <c>new MemoryCacheOptions…</c> creation the facts were read from (for fixes), when there is one.</summary>
    public IObjectCreationOperation? Creation { get; internal set; }

    /// <summary>The configuration section path the options are bound to (<c>MemoryCache</c>; empty for the root), when bound.</summary>
    public string? BoundSection { get; internal set; }

    /// <summary>The binding call (<c>Bind</c>, <c>Configure&lt;T&gt;(section)</c>), when bound.</summary>
    public IOperation? BindingCall { get; internal set; }

    /// <summary>True when part of the options is configured out of sight (a helper, a parameter, a section built at run time).</summary>
    public bool HasUnknownSource { get; internal set; }

    /// <summary><c>true</c>/<c>false</c> when <c>TrackStatistics</c> is a constant; null when unset or not constant.</summary>
    public bool? TrackStatisticsValue =>
        TrackStatistics?.WalkDownConversions().ConstantValue is { HasValue: true, Value: bool value } ? value : null;
}

/// <summary>What a registration does to the application's shared <c>IMemoryCache</c>.</summary>
internal enum MemoryCacheRegistrationKind
{
    /// <summary><c>services.AddMemoryCache(…)</c>.</summary>
    AddMemoryCache,

    /// <summary><c>services.Configure&lt;MemoryCacheOptions&gt;(…)</c> / <c>PostConfigure</c> for the default (unnamed) options.</summary>
    ConfigureOptions,

    /// <summary><c>services.AddSingleton&lt;IMemoryCache&gt;(…)</c> / <c>TryAdd…</c>: the shared instance is replaced.</summary>
    ServiceInstance,

    /// <summary><c>services.AddEntityFramework&lt;Provider&gt;()</c>: EF Core <c>TryAdd</c>s <c>new MemoryCache(new MemoryCacheOptions { SizeLimit = 10240 })</c>.</summary>
    EntityFramework,

    /// <summary>A framework registration that adds the stock <c>IMemoryCache</c> (<c>AddMvc</c>, <c>AddControllersWithViews</c>, <c>AddRazorPages</c>, <c>AddHybridCache</c>).</summary>
    Framework,
}

/// <summary>One registration touching the shared DI <c>IMemoryCache</c>.</summary>
internal sealed class MemoryCacheRegistration
{
    public MemoryCacheRegistration(IInvocationOperation invocation, MemoryCacheRegistrationKind kind, MemoryCacheOptionsFacts options)
    {
        Invocation = invocation;
        Kind = kind;
        Options = options;
    }

    public IInvocationOperation Invocation { get; }

    public MemoryCacheRegistrationKind Kind { get; }

    public MemoryCacheOptionsFacts Options { get; }

    /// <summary>The method name (<c>AddMemoryCache</c>, <c>Configure</c>…).</summary>
    public string Name => Invocation.TargetMethod.Name;

    /// <summary>True for registrations that provide an <c>IMemoryCache</c> (all but <c>Configure&lt;MemoryCacheOptions&gt;</c>).</summary>
    public bool ProvidesCache => Kind != MemoryCacheRegistrationKind.ConfigureOptions;
}

/// <summary>Why the shared DI <c>IMemoryCache</c> is proven size-limited.</summary>
internal sealed class SharedSizeLimitProof
{
    public SharedSizeLimitProof(MemoryCacheRegistration registration, string reason, Location location)
    {
        Registration = registration;
        Reason = reason;
        Location = location;
    }

    public MemoryCacheRegistration Registration { get; }

    /// <summary>A short description for messages (<c>'AddMemoryCache' sets SizeLimit</c>).</summary>
    public string Reason { get; }

    /// <summary>Where the limit is set (the <c>SizeLimit</c> assignment, the registration, or the appsettings value).</summary>
    public Location Location { get; }
}

/// <summary>
/// The configuration facts of Microsoft.Extensions.Caching.Memory (issue 4, CACHE070–CACHE073): registrations of the shared DI
/// <c>IMemoryCache</c> (<c>AddMemoryCache</c>, <c>Configure&lt;MemoryCacheOptions&gt;</c>, replaced <c>IMemoryCache</c> services,
/// EF Core's <c>AddEntityFramework&lt;Provider&gt;()</c>), the settings of <c>MemoryCacheOptions</c> sources (lambdas, object
/// initializers with later assignments, configuration sections bound from <c>appsettings*.json</c> AdditionalFiles), and whether a
/// cache receiver is the shared DI instance.
/// </summary>
internal static class MemoryCacheConfiguration
{
    private const int MaxDepth = 6;

    private static readonly HashSet<string> FrameworkRegistrations = new(StringComparer.Ordinal)
    {
        "AddMvc", "AddControllersWithViews", "AddRazorPages", "AddHybridCache",
    };

    /// <summary>True when a call of that name may touch the shared <c>IMemoryCache</c> (cheap pre-filter).</summary>
    public static bool IsCandidateName(string name) =>
        name is "AddMemoryCache" or "Configure" or "PostConfigure" or "AddSingleton" or "TryAddSingleton" ||
        FrameworkRegistrations.Contains(name) || name.StartsWith("AddEntityFramework", StringComparison.Ordinal);

    /// <summary>The registration <paramref name="invocation"/> makes, or null.</summary>
    public static MemoryCacheRegistration? Recognize(IInvocationOperation invocation)
    {
        var name = invocation.TargetMethod.Name;
        if (!IsCandidateName(name))
        {
            return null;
        }

        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        if (method.Parameters.Length == 0 || method.Parameters[0].Type.Name != "IServiceCollection" || !method.IsExtensionMethod)
        {
            return null;
        }

        if (IsDedicatedContainer(invocation))
        {
            return null;
        }

        if (name == "AddMemoryCache")
        {
            var facts = new MemoryCacheOptionsFacts();
            for (var i = 1; i < invocation.Arguments.Length; i++)
            {
                if (invocation.Arguments[i].IsExplicit())
                {
                    facts = ReadOptions(invocation.Arguments[i].Value);
                }
            }

            return new MemoryCacheRegistration(invocation, MemoryCacheRegistrationKind.AddMemoryCache, facts);
        }

        if (name is "Configure" or "PostConfigure")
        {
            return RecognizeConfigure(invocation, method);
        }

        if (name.StartsWith("AddEntityFramework", StringComparison.Ordinal))
        {
            // AddEntityFrameworkSqlServer(), AddEntityFrameworkNpgsql()…; not Identity's AddEntityFrameworkStores (on IdentityBuilder).
            var assembly = method.ContainingAssembly?.Name ?? string.Empty;
            return assembly.IndexOf("EntityFrameworkCore", StringComparison.OrdinalIgnoreCase) >= 0 && method.ReturnType.Name == "IServiceCollection"
                ? new MemoryCacheRegistration(invocation, MemoryCacheRegistrationKind.EntityFramework, new MemoryCacheOptionsFacts())
                : null;
        }

        if (FrameworkRegistrations.Contains(name))
        {
            return new MemoryCacheRegistration(invocation, MemoryCacheRegistrationKind.Framework, new MemoryCacheOptionsFacts());
        }

        if (ServiceRegistrations.Recognize(invocation) is { ServiceType: { } service } registration && IsMemoryCacheInterface(service))
        {
            var facts = new MemoryCacheOptionsFacts();
            if (registration.ImplementationType is null)
            {
                facts = FindCreatedCacheOptions(invocation) ?? MemoryCacheOptionsFacts.Unknown;
            }

            return new MemoryCacheRegistration(invocation, MemoryCacheRegistrationKind.ServiceInstance, facts);
        }

        return null;
    }

    private static MemoryCacheRegistration? RecognizeConfigure(IInvocationOperation invocation, IMethodSymbol method)
    {
        if (method.TypeArguments.Length != 1 || !IsMemoryCacheOptions(method.TypeArguments[0]))
        {
            return null;
        }

        var facts = new MemoryCacheOptionsFacts();
        var hasSource = false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                continue;
            }

            if (argument.Parameter?.Name == "name")
            {
                // Named options configure another instance, not the default MemoryCache.
                if (argument.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: string optionsName } && optionsName.Length > 0)
                {
                    return null;
                }

                if (!argument.Value.WalkDownConversions().ConstantValue.HasValue)
                {
                    return null;
                }

                continue;
            }

            if (!argument.IsExplicit() || hasSource)
            {
                continue;
            }

            var value = argument.Value.WalkDownConversions();
            if (value.Type is { } type && type.Name is "IConfiguration" or "IConfigurationSection" or "IConfigurationRoot" or "ConfigurationManager")
            {
                hasSource = true;
                facts = new MemoryCacheOptionsFacts { BoundSection = GetSectionPath(value, 0), BindingCall = invocation };
                facts.HasUnknownSource = facts.BoundSection is null;
            }
            else if (value is IDelegateCreationOperation or IAnonymousFunctionOperation)
            {
                hasSource = true;
                facts = ReadOptions(value);
            }
        }

        return new MemoryCacheRegistration(invocation, MemoryCacheRegistrationKind.ConfigureOptions, facts);
    }

    /// <summary>The options of the <c>new MemoryCache(options)</c> an <c>AddSingleton&lt;IMemoryCache&gt;(…)</c> instance or factory creates.</summary>
    private static MemoryCacheOptionsFacts? FindCreatedCacheOptions(IInvocationOperation registration)
    {
        for (var i = 1; i < registration.Arguments.Length; i++)
        {
            var value = registration.Arguments[i].Value.WalkDownConversions();
            if (value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
            {
                foreach (var op in lambda.Body.Descendants())
                {
                    if (op is IReturnOperation { ReturnedValue: { } returned } && ResolveCacheCreation(returned, 0) is { } created)
                    {
                        return OptionsOfCreation(created);
                    }
                }

                return null;
            }

            if (ResolveCacheCreation(value, 0) is { } creation)
            {
                return OptionsOfCreation(creation);
            }
        }

        return null;
    }

    /// <summary>The options passed to a <c>new MemoryCache(options[, loggerFactory])</c>.</summary>
    public static MemoryCacheOptionsFacts OptionsOfCreation(IObjectCreationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == "optionsAccessor" || argument.Parameter?.Type.Name is "IOptions" or "MemoryCacheOptions")
            {
                return ReadOptions(argument.Value);
            }
        }

        return MemoryCacheOptionsFacts.Unknown;
    }

    /// <summary>The <c>new MemoryCache(…)</c> (Microsoft.Extensions.Caching.Memory) an expression holds, traced through locals, readonly fields and auto-property initializers.</summary>
    public static IObjectCreationOperation? ResolveCacheCreation(IOperation? value, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return null;
        }

        var op = value.WalkDownConversions();
        switch (op)
        {
            case IObjectCreationOperation { Type: { } type } creation when IsMemoryCacheClass(type):
                return creation;
            case ILocalReferenceOperation local:
                return ResolveCacheCreation(ValueTracer.GetSingleAssignment(local.Local, op), depth + 1);
            case IFieldReferenceOperation { Field: { IsReadOnly: true } field }:
                return ResolveCacheCreation(MemberInitializer(field, op.SemanticModel), depth + 1);
            case IPropertyReferenceOperation { Property: { SetMethod: null or { IsInitOnly: true } } property } when IsAutoProperty(property):
                return ResolveCacheCreation(MemberInitializer(property, op.SemanticModel), depth + 1);
            default:
                return null;
        }
    }

    /// <summary>
    /// Reads the settings of a <c>MemoryCacheOptions</c> source: an options lambda (<c>o =&gt; o.SizeLimit = 1024</c>, with
    /// <c>section.Bind(o)</c>), <c>new MemoryCacheOptions { … }</c> (plus later assignments on the same local),
    /// <c>Options.Create(…)</c>, a local or readonly field holding one of those.
    /// </summary>
    public static MemoryCacheOptionsFacts ReadOptions(IOperation? source) => ReadOptions(source, 0);

    private static MemoryCacheOptionsFacts ReadOptions(IOperation? source, int depth)
    {
        if (source is null || depth > MaxDepth)
        {
            return MemoryCacheOptionsFacts.Unknown;
        }

        var value = source.WalkDownConversions();
        if (value is IDelegateCreationOperation { Target: { } target })
        {
            value = target;
        }

        switch (value)
        {
            case IAnonymousFunctionOperation lambda:
                return ReadLambda(lambda);
            case IObjectCreationOperation { Type: { } type } creation when IsMemoryCacheOptions(type):
                var facts = new MemoryCacheOptionsFacts { Creation = creation };
                if (creation.Initializer is { } initializer)
                {
                    foreach (var init in initializer.Initializers)
                    {
                        if (init is ISimpleAssignmentOperation assignment)
                        {
                            Record(facts, assignment);
                        }
                    }
                }

                ApplyLaterAssignments(creation, facts);
                return facts;
            case IInvocationOperation { TargetMethod.Name: "Create", Arguments.Length: 1 } create when create.TargetMethod.ContainingType?.Name == "Options":
                return ReadOptions(create.Arguments[0].Value, depth + 1);
            case ILocalReferenceOperation local:
                return ReadOptions(ValueTracer.GetSingleAssignment(local.Local, value), depth + 1);
            case IFieldReferenceOperation { Field: { IsReadOnly: true } field }:
                return ReadOptions(MemberInitializer(field, value.SemanticModel), depth + 1);
            default:
                return MemoryCacheOptionsFacts.Unknown;
        }
    }

    private static MemoryCacheOptionsFacts ReadLambda(IAnonymousFunctionOperation lambda)
    {
        var facts = new MemoryCacheOptionsFacts();
        var parameter = lambda.Symbol.Parameters.Length > 0 ? lambda.Symbol.Parameters[lambda.Symbol.Parameters.Length - 1] : null;
        var count = 0;
        foreach (var op in lambda.Body.Descendants())
        {
            if (++count > 2000)
            {
                facts.HasUnknownSource = true;
                break;
            }

            switch (op)
            {
                case ISimpleAssignmentOperation assignment:
                    Record(facts, assignment);
                    break;
                case IInvocationOperation invocation when parameter is not null && invocation.TargetMethod.Name == "Bind":
                    ReadBind(invocation, parameter, facts);
                    break;
                case IInvocationOperation invocation when parameter is not null:
                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Value.IsReferenceTo(parameter))
                        {
                            facts.HasUnknownSource = true; // a helper configures the options
                        }
                    }

                    break;
            }
        }

        return facts;
    }

    private static void ReadBind(IInvocationOperation bind, IParameterSymbol options, MemoryCacheOptionsFacts facts)
    {
        // configuration.GetSection("MemoryCache").Bind(o) / configuration.Bind("MemoryCache", o)
        IOperation? configuration = null;
        string? key = null;
        var bindsOptions = false;
        foreach (var argument in bind.Arguments)
        {
            var value = argument.Value.WalkDownConversions();
            if (value.IsReferenceTo(options))
            {
                bindsOptions = true;
            }
            else if (argument.Parameter?.Name == "key" && value.ConstantValue is { HasValue: true, Value: string k })
            {
                key = k;
            }
            else if (argument.Parameter?.Ordinal == 0 && value.Type?.Name is "IConfiguration" or "IConfigurationSection" or "IConfigurationRoot" or "ConfigurationManager")
            {
                configuration = value;
            }
        }

        if (!bindsOptions)
        {
            return;
        }

        var path = configuration is null ? null : GetSectionPath(configuration, 0);
        if (path is not null && key is not null)
        {
            path = path.Length == 0 ? key : path + ":" + key;
        }

        facts.BoundSection = path;
        facts.BindingCall = bind;
        facts.HasUnknownSource |= path is null;
    }

    private static void Record(MemoryCacheOptionsFacts facts, ISimpleAssignmentOperation assignment)
    {
        if (assignment.Target is not IPropertyReferenceOperation { Property: { } property } || !IsMemoryCacheOptions(property.ContainingType))
        {
            return;
        }

        switch (property.Name)
        {
            case "SizeLimit":
                var constant = assignment.Value.WalkDownConversions().ConstantValue;
                facts.SizeLimit = constant.HasValue && constant.Value is null ? null : assignment.Value;
                break;
            case "TrackStatistics":
                facts.TrackStatistics = assignment.Value;
                break;
        }
    }

    /// <summary><c>var o = new MemoryCacheOptions(); o.SizeLimit = 100;</c>: member assignments on the local that holds the creation.</summary>
    private static void ApplyLaterAssignments(IObjectCreationOperation creation, MemoryCacheOptionsFacts facts)
    {
        var parent = creation.WalkUpConversions().Parent;

        ILocalSymbol? local = parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            IVariableInitializerOperation { Parent: IVariableDeclarationOperation { Declarators.Length: 1 } declaration } => declaration.Declarators[0].Symbol,
            _ => null,
        };
        if (local is null)
        {
            return;
        }

        var count = 0;
        foreach (var op in creation.GetRoot().Descendants())
        {
            if (++count > 5000)
            {
                facts.HasUnknownSource = true;
                return;
            }

            if (op is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } instance } } assignment && instance.IsReferenceTo(local))
            {
                Record(facts, assignment);
            }
        }
    }

    /// <summary>The configuration path of <c>configuration.GetSection("A").GetSection("B")</c> (<c>A:B</c>); empty for the root; null when not constant.</summary>
    public static string? GetSectionPath(IOperation configuration, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        var op = configuration.WalkDownConversions();
        if (op is IInvocationOperation { TargetMethod.Name: "GetSection" or "GetRequiredSection" } call)
        {
            IOperation? receiver = call.Instance;
            IOperation? keyValue = null;
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Name == "key")
                {
                    keyValue = argument.Value;
                }
                else if (receiver is null && argument.Parameter?.Ordinal == 0)
                {
                    receiver = argument.Value;
                }
            }

            if (receiver is null || keyValue?.WalkDownConversions().ConstantValue is not { HasValue: true, Value: string key })
            {
                return null;
            }

            var parent = GetSectionPath(receiver, depth + 1);
            return parent is null ? null : parent.Length == 0 ? key : parent + ":" + key;
        }

        if (op is ILocalReferenceOperation local && ValueTracer.GetSingleAssignment(local.Local, op) is { } assigned)
        {
            return GetSectionPath(assigned, depth + 1);
        }

        // builder.Configuration, an injected IConfiguration: the root.
        return op.Type?.Name is "IConfiguration" or "IConfigurationRoot" or "ConfigurationManager" ? string.Empty : null;
    }

    /// <summary>The <c>SizeLimit</c> value under <paramref name="section"/> in the <c>appsettings*.json</c> AdditionalFiles, with its location.</summary>
    public static (string File, string Value, Location Location)? FindConfiguredSizeLimit(
        ImmutableArray<AdditionalText> files, string section, CancellationToken cancellationToken)
    {
        var key = section.Length == 0 ? "SizeLimit" : section + ":SizeLimit";
        foreach (var file in files)
        {
            var name = Path.GetFileName(file.Path);
            if (name is null || !name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) || !name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var text = file.GetText(cancellationToken);
            if (text is null || text.Length > 1_000_000)
            {
                continue;
            }

            foreach (var entry in JsonStringValues.Read(text.ToString(), includeScalars: true))
            {
                if (string.Equals(entry.Path, key, StringComparison.OrdinalIgnoreCase) && entry.Value.Length > 0 && char.IsDigit(entry.Value[0]))
                {
                    var span = new TextSpan(entry.Start, entry.Length);
                    return (name, entry.Value, Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span)));
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Registrations that prove the shared DI <c>IMemoryCache</c> size-limited: a <c>SizeLimit</c> written by <c>AddMemoryCache</c>,
    /// <c>Configure&lt;MemoryCacheOptions&gt;</c> or a replaced <c>IMemoryCache</c> instance, a bound section whose appsettings
    /// value sets <c>SizeLimit</c>, and (when <paramref name="includeEntityFramework"/>) an <c>AddEntityFramework&lt;Provider&gt;()</c>
    /// that runs before every other registration providing an <c>IMemoryCache</c>.
    /// </summary>
    public static List<SharedSizeLimitProof> FindSharedSizeLimits(
        IReadOnlyList<MemoryCacheRegistration> registrations, ImmutableArray<AdditionalText> files, bool includeEntityFramework, CancellationToken cancellationToken)
    {
        var proofs = new List<SharedSizeLimitProof>();
        foreach (var registration in registrations)
        {
            if (GetDirectProof(registration, files, cancellationToken) is { } proof)
            {
                proofs.Add(proof);
            }
            else if (includeEntityFramework && registration.Kind == MemoryCacheRegistrationKind.EntityFramework && EntityFrameworkCacheWins(registration, registrations))
            {
                proofs.Add(new SharedSizeLimitProof(
                    registration,
                    $"'{registration.Name}' registers EF Core's MemoryCache {{ SizeLimit = 10240 }} as the application's IMemoryCache",
                    CodeContext.GetNameLocation(registration.Invocation)));
            }
        }

        return proofs;
    }

    /// <summary>The proof a single registration gives on its own (no ordering facts needed), or null.</summary>
    public static SharedSizeLimitProof? GetDirectProof(MemoryCacheRegistration registration, ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
    {
        if (registration.Kind is not (MemoryCacheRegistrationKind.AddMemoryCache or MemoryCacheRegistrationKind.ConfigureOptions or MemoryCacheRegistrationKind.ServiceInstance))
        {
            return null;
        }

        var name = registration.Kind == MemoryCacheRegistrationKind.ConfigureOptions ? "Configure<MemoryCacheOptions>" : registration.Name;
        if (registration.Options.SizeLimit is not null)
        {
            return new SharedSizeLimitProof(registration, $"'{name}' sets SizeLimit", CodeContext.GetNameLocation(registration.Invocation));
        }

        if (registration.Options.BoundSection is { } section && FindConfiguredSizeLimit(files, section, cancellationToken) is { } configured)
        {
            return new SharedSizeLimitProof(
                registration,
                $"'{name}' binds '{(section.Length == 0 ? "SizeLimit" : section + ":SizeLimit")}' = {configured.Value} from {configured.File}",
                CodeContext.GetNameLocation(registration.Invocation));
        }

        return null;
    }

    /// <summary>
    /// EF Core's <c>TryAdd</c> wins when it runs before every other registration that provides an <c>IMemoryCache</c>: all of them
    /// are in the same body and after it (or there are none). A registration elsewhere has an unknown order: no proof.
    /// </summary>
    private static bool EntityFrameworkCacheWins(MemoryCacheRegistration entityFramework, IReadOnlyList<MemoryCacheRegistration> registrations)
    {
        foreach (var other in registrations)
        {
            if (ReferenceEquals(other, entityFramework) || !other.ProvidesCache || other.Kind == MemoryCacheRegistrationKind.EntityFramework)
            {
                continue;
            }

            if (!ExecutionOrder.InSameBody(entityFramework.Invocation, other.Invocation) || !ExecutionOrder.RunsBefore(entityFramework.Invocation, other.Invocation))
            {
                return false;
            }

            // A replaced IMemoryCache (AddSingleton) wins over EF's TryAdd whatever the order.
            if (other.Kind == MemoryCacheRegistrationKind.ServiceInstance && !(ServiceRegistrations.Recognize(other.Invocation)?.IsTry ?? false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when <paramref name="receiver"/> is the application's shared DI <c>IMemoryCache</c>: an <c>IMemoryCache</c> constructor or
    /// primary-constructor parameter (or a field/property only ever assigned from one), an <c>IMemoryCache</c> parameter of a
    /// minimal-API delegate or a <c>[FromServices]</c> parameter, or <c>GetService/GetRequiredService&lt;IMemoryCache&gt;()</c>.
    /// Keyed services and caches created in code are not.
    /// </summary>
    public static bool IsSharedDiCache(IOperation? receiver, ISymbol? containingSymbol) => IsSharedDiCache(receiver, containingSymbol, 0);

    private static bool IsSharedDiCache(IOperation? receiver, ISymbol? containingSymbol, int depth)
    {
        if (receiver is null || depth > MaxDepth)
        {
            return false;
        }

        var op = receiver.WalkDownConversions();
        switch (op)
        {
            case IParameterReferenceOperation parameter:
                return IsDiParameter(parameter.Parameter);
            case ILocalReferenceOperation local:
                return IsSharedDiCache(ValueTracer.GetSingleAssignment(local.Local, op), containingSymbol, depth + 1);
            case IFieldReferenceOperation field when IsMemoryCacheInterface(field.Field.Type):
                return IsAssignedOnlyFromDiParameters(field.Field);
            case IPropertyReferenceOperation property when IsMemoryCacheInterface(property.Property.Type) && IsAutoProperty(property.Property):
                return IsAssignedOnlyFromDiParameters(property.Property);
            case IInvocationOperation { TargetMethod.Name: "GetService" or "GetRequiredService", TargetMethod.TypeArguments.Length: 1 } resolve:
                return IsMemoryCacheInterface(resolve.TargetMethod.TypeArguments[0]);
            default:
                return false;
        }
    }

    private static bool IsDiParameter(IParameterSymbol parameter)
    {
        if (!IsMemoryCacheInterface(parameter.Type) || HasAttribute(parameter, "FromKeyedServicesAttribute"))
        {
            return false;
        }

        if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor })
        {
            return true;
        }

        if (HasAttribute(parameter, "FromServicesAttribute"))
        {
            return true;
        }

        // A minimal-API delegate parameter: (IMemoryCache cache) => … passed to Map*.
        if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda)
        {
            foreach (var reference in lambda.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax().Parent;
                for (var i = 0; i < 4 && node is not null; i++, node = node.Parent)
                {
                    if (node is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
                        {
                            Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: { } mapName }
                        } && mapName.StartsWith("Map", StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Every assignment of the member (constructor bodies, initializers) takes an <c>IMemoryCache</c> DI constructor parameter.</summary>
    private static bool IsAssignedOnlyFromDiParameters(ISymbol member)
    {
        if (member.ContainingType is null)
        {
            return false;
        }

        var assigned = false;
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } fieldInit })
            {
                if (!IsPrimaryConstructorParameterName(member.ContainingType, fieldInit))
                {
                    return false;
                }

                assigned = true;
            }
            else if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax { Initializer.Value: { } propertyInit })
            {
                if (!IsPrimaryConstructorParameterName(member.ContainingType, propertyInit))
                {
                    return false;
                }

                assigned = true;
            }
        }

        // Assignments in the type's members: _cache = cache; with cache an IMemoryCache constructor parameter.
        foreach (var typeReference in member.ContainingType.DeclaringSyntaxReferences)
        {
            var count = 0;
            foreach (var node in typeReference.GetSyntax().DescendantNodes())
            {
                if (++count > 20000)
                {
                    return false;
                }

                if (node is not Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax assignment)
                {
                    continue;
                }

                var targetName = assignment.Left switch
                {
                    Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
                    _ => null,
                };
                if (targetName != member.Name)
                {
                    continue;
                }

                var right = assignment.Right;
                while (right is Microsoft.CodeAnalysis.CSharp.Syntax.BinaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.CoalesceExpression } coalesce)
                {
                    right = coalesce.Left;
                }

                if (right is not Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax source || !IsConstructorParameter(assignment, source.Identifier.ValueText))
                {
                    return false;
                }

                assigned = true;
            }
        }

        return assigned;
    }

    private static bool IsConstructorParameter(SyntaxNode node, string name)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is Microsoft.CodeAnalysis.CSharp.Syntax.ConstructorDeclarationSyntax constructor)
            {
                foreach (var parameter in constructor.ParameterList.Parameters)
                {
                    if (parameter.Identifier.ValueText == name)
                    {
                        return IsMemoryCacheTypeSyntax(parameter.Type) && !HasAttributeSyntax(parameter, "FromKeyedServices");
                    }
                }

                return false;
            }

            if (current is Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.AccessorDeclarationSyntax)
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsPrimaryConstructorParameterName(INamedTypeSymbol type, Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax value)
    {
        if (value is not Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax identifier)
        {
            return false;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax { ParameterList: { } parameters })
            {
                foreach (var parameter in parameters.Parameters)
                {
                    if (parameter.Identifier.ValueText == identifier.Identifier.ValueText)
                    {
                        return IsMemoryCacheTypeSyntax(parameter.Type) && !HasAttributeSyntax(parameter, "FromKeyedServices");
                    }
                }
            }
        }

        return false;
    }

    private static bool IsMemoryCacheTypeSyntax(Microsoft.CodeAnalysis.CSharp.Syntax.TypeSyntax? type)
    {
        var text = type?.ToString() ?? string.Empty;
        return text is "IMemoryCache" or "IMemoryCache?" || text.EndsWith(".IMemoryCache", StringComparison.Ordinal);
    }

    private static bool HasAttributeSyntax(Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax parameter, string name)
    {
        foreach (var list in parameter.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                if (attribute.Name.ToString().IndexOf(name, StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HasAttribute(IParameterSymbol parameter, string name)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The initializer of a field or auto-property as an operation, when declared in the tree of <paramref name="model"/>.</summary>
    private static IOperation? MemberInitializer(ISymbol member, SemanticModel? model)
    {
        if (model is null)
        {
            return null;
        }

        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
            {
                continue;
            }

            var syntax = reference.GetSyntax();
            var value = syntax switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } v } => v,
                Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax { Initializer.Value: { } v } => v,
                _ => null,
            };
            if (value is not null)
            {
                return model.GetOperation(value);
            }
        }

        return null;
    }

    private static bool IsAutoProperty(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors })
            {
                foreach (var accessor in accessors.Accessors)
                {
                    if (accessor.Body is not null || accessor.ExpressionBody is not null)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>True when the registration is made on a container built in code (<c>new ServiceCollection()</c>), not the application's.</summary>
    private static bool IsDedicatedContainer(IInvocationOperation invocation)
    {
        var receiver = invocation.GetReceiver();
        for (var i = 0; i < 16 && receiver is not null; i++)
        {
            var op = receiver.WalkDownConversions();
            switch (op)
            {
                case IObjectCreationOperation:
                    return true;
                case ILocalReferenceOperation local:
                    receiver = ValueTracer.GetSingleAssignment(local.Local, op);
                    continue;
                case IInvocationOperation chained when chained.Type?.Name == "IServiceCollection":
                    receiver = chained.GetReceiver();
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    public static bool IsMemoryCacheInterface(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "IMemoryCache" } named && SymbolNames.IsInNamespace(named.ContainingNamespace, "Microsoft.Extensions.Caching.Memory");

    public static bool IsMemoryCacheClass(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "MemoryCache" } named && SymbolNames.IsInNamespace(named.ContainingNamespace, "Microsoft.Extensions.Caching.Memory");

    public static bool IsMemoryCacheOptions(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "MemoryCacheOptions" } named && SymbolNames.IsInNamespace(named.ContainingNamespace, "Microsoft.Extensions.Caching.Memory");
}

/// <summary>Thread-safe collector of the <see cref="MemoryCacheRegistration"/>s of a compilation (sorted by position when built).</summary>
internal sealed class MemoryCacheRegistrationCollector
{
    private readonly object _gate = new();
    private readonly List<MemoryCacheRegistration> _registrations = new();

    public void Register(CompilationStartAnalysisContext context) =>
        context.RegisterOperationAction(ctx => Add((IInvocationOperation)ctx.Operation), OperationKind.Invocation);

    public void Add(IInvocationOperation invocation)
    {
        if (MemoryCacheConfiguration.IsCandidateName(invocation.TargetMethod.Name) && MemoryCacheConfiguration.Recognize(invocation) is { } registration)
        {
            lock (_gate)
            {
                _registrations.Add(registration);
            }
        }
    }

    public List<MemoryCacheRegistration> Build()
    {
        List<MemoryCacheRegistration> copy;
        lock (_gate)
        {
            copy = new List<MemoryCacheRegistration>(_registrations);
        }

        copy.Sort((a, b) =>
        {
            var x = a.Invocation.Syntax;
            var y = b.Invocation.Syntax;
            var byPath = string.CompareOrdinal(x.SyntaxTree.FilePath, y.SyntaxTree.FilePath);
            return byPath != 0 ? byPath : x.SpanStart.CompareTo(y.SpanStart);
        });
        return copy;
    }
}
