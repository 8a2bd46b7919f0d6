using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model.Http;

/// <summary><c>Microsoft.AspNetCore.Mvc.ResponseCacheLocation</c> (same values).</summary>
internal enum ResponseCacheLocationKind
{
    Any = 0,
    Client = 1,
    None = 2,
}

/// <summary>
/// The settings of one <c>[ResponseCache]</c> attribute or <c>CacheProfile</c>; a null member was not set (the attribute keeps unset
/// <c>Duration</c>/<c>Location</c>/<c>NoStore</c> apart from set ones, and only unset members fall back to the profile). Maps into the shared
/// directive model with <see cref="ToCacheControl"/>, the way <c>ResponseCacheFilterExecutor</c> writes the header.
/// </summary>
internal sealed class ResponseCacheSettings
{
    public const string Mvc = "Microsoft.AspNetCore.Mvc";

    public int? Duration { get; private set; }

    public ResponseCacheLocationKind? Location { get; private set; }

    public bool? NoStore { get; private set; }

    public string? VaryByHeader { get; private set; }

    /// <summary>The <c>VaryByQueryKeys</c>; default (not empty) when not set.</summary>
    public ImmutableArray<string> VaryByQueryKeys { get; private set; }

    public string? CacheProfileName { get; private set; }

    /// <summary>True when a member's value could not be read (a profile built from non-constant values).</summary>
    public bool HasUnknownMembers { get; private set; }

    /// <summary>Where the attribute or profile is written, when in source.</summary>
    public Location? SourceLocation { get; private set; }

    public bool SetsVaryByQueryKeys => !VaryByQueryKeys.IsDefault;

    public ResponseCacheLocationKind EffectiveLocation => Location ?? ResponseCacheLocationKind.Any;

    public bool EffectiveNoStore => NoStore ?? false;

    /// <summary>True for <c>Microsoft.AspNetCore.Mvc.ResponseCacheAttribute</c> (and derived attributes).</summary>
    public static bool IsResponseCacheAttribute(INamedTypeSymbol? type) => SymbolNames.IsOrDerivesFrom(type, Mvc, "ResponseCacheAttribute");

    /// <summary>Reads a <c>[ResponseCache]</c> application; null for other attributes.</summary>
    public static ResponseCacheSettings? FromAttribute(AttributeData attribute)
    {
        if (!IsResponseCacheAttribute(attribute.AttributeClass))
        {
            return null;
        }

        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax();
        var settings = new ResponseCacheSettings { SourceLocation = syntax?.GetLocation() };

        // An argument that does not bind (half-typed code, a constant from a missing reference) is not in NamedArguments, or is
        // an error constant: the attribute may set Duration after all, so nothing is concluded from what is missing.
        if (syntax is Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax { ArgumentList: { } arguments } &&
            arguments.Arguments.Count != attribute.NamedArguments.Length + attribute.ConstructorArguments.Length)
        {
            settings.HasUnknownMembers = true;
        }

        foreach (var pair in attribute.NamedArguments)
        {
            var value = pair.Value;
            if (value.Kind == TypedConstantKind.Error)
            {
                settings.HasUnknownMembers = true;
            }

            switch (pair.Key)
            {
                case "Duration" when value.Value is int duration:
                    settings.Duration = duration;
                    break;
                case "Location" when value.Value is int location:
                    settings.Location = (ResponseCacheLocationKind)location;
                    break;
                case "NoStore" when value.Value is bool noStore:
                    settings.NoStore = noStore;
                    break;
                case "VaryByHeader":
                    settings.VaryByHeader = value.Value as string;
                    break;
                case "VaryByQueryKeys" when value.Kind == TypedConstantKind.Array:
                    if (!value.IsNull)
                    {
                        var keys = ImmutableArray.CreateBuilder<string>();
                        foreach (var item in value.Values)
                        {
                            if (item.Value is string key)
                            {
                                keys.Add(key);
                            }
                        }

                        settings.VaryByQueryKeys = keys.ToImmutable();
                    }

                    break;
                case "CacheProfileName":
                    settings.CacheProfileName = value.Value as string;
                    break;
            }
        }

        return settings;
    }

    /// <summary>The <c>[ResponseCache]</c> on <paramref name="symbol"/> itself (not inherited), if any.</summary>
    public static ResponseCacheSettings? OnSymbol(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (FromAttribute(attribute) is { } settings)
            {
                return settings;
            }
        }

        return null;
    }

    /// <summary>The <c>[ResponseCache]</c> on <paramref name="type"/> or its nearest base type (the attribute is inherited).</summary>
    public static ResponseCacheSettings? OnTypeOrBase(INamedTypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (OnSymbol(t) is { } settings)
            {
                return settings;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads <c>new CacheProfile { Duration = 60, Location = …, NoStore = …, VaryByHeader = …, VaryByQueryKeys = … }</c>;
    /// non-constant members make <see cref="HasUnknownMembers"/> true. Null when <paramref name="value"/> is not such a creation.
    /// </summary>
    public static ResponseCacheSettings? FromProfileCreation(IOperation? value)
    {
        if (value?.WalkDownConversions() is not IObjectCreationOperation creation || !SymbolNames.Is(creation.Type, Mvc, "CacheProfile"))
        {
            return null;
        }

        var settings = new ResponseCacheSettings { SourceLocation = creation.Syntax.GetLocation() };
        if (creation.Initializer is null)
        {
            return settings;
        }

        foreach (var initializer in creation.Initializer.Initializers)
        {
            if (initializer is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: var name } } assignment)
            {
                settings.HasUnknownMembers = true;
                continue;
            }

            var constant = assignment.Value.WalkDownConversions().ConstantValue;
            var known = constant.HasValue;
            switch (name)
            {
                case "Duration" when known:
                    settings.Duration = constant.Value is int d ? d : null;
                    break;
                case "Location" when known:
                    settings.Location = constant.Value is int l ? (ResponseCacheLocationKind)l : null;
                    break;
                case "NoStore" when known:
                    settings.NoStore = constant.Value is bool b ? b : null;
                    break;
                case "VaryByHeader" when known:
                    settings.VaryByHeader = constant.Value as string;
                    break;
                case "VaryByQueryKeys":
                    if (!(known && constant.Value is null))
                    {
                        settings.VaryByQueryKeys = ImmutableArray<string>.Empty;
                    }

                    break;
                default:
                    settings.HasUnknownMembers = true;
                    break;
            }
        }

        return settings;
    }

    /// <summary>The settings the filter runs with: members set on the attribute win, unset ones come from <paramref name="profile"/>.</summary>
    public ResponseCacheSettings WithProfile(ResponseCacheSettings? profile)
    {
        if (profile is null)
        {
            return this;
        }

        return new ResponseCacheSettings
        {
            Duration = Duration ?? profile.Duration,
            Location = Location ?? profile.Location,
            NoStore = NoStore ?? profile.NoStore,
            VaryByHeader = VaryByHeader ?? profile.VaryByHeader,
            VaryByQueryKeys = VaryByQueryKeys.IsDefault ? profile.VaryByQueryKeys : VaryByQueryKeys,
            CacheProfileName = CacheProfileName,
            HasUnknownMembers = HasUnknownMembers || profile.HasUnknownMembers,
            SourceLocation = SourceLocation,
        };
    }

    /// <summary>
    /// True when the filter throws "If the 'NoStore' property is not set to true, 'Duration' property must be specified": no duration and
    /// <c>NoStore</c> not true, unless <c>Location = None</c> and the runtime has the exemption (ASP.NET Core after 6.0).
    /// </summary>
    public bool ThrowsForMissingDuration(bool locationNoneExempt) =>
        !HasUnknownMembers && Duration is null && !EffectiveNoStore && !(locationNoneExempt && EffectiveLocation == ResponseCacheLocationKind.None);

    /// <summary>
    /// True when the referenced MVC assembly exempts <c>Location = None</c> from the duration check (dotnet/aspnetcore PR #42706,
    /// first shipped in 7.0): the assembly that declares <c>ResponseCacheAttribute</c> has version 7 or later.
    /// </summary>
    public static bool HasLocationNoneExemption(INamedTypeSymbol? responseCacheAttribute) =>
        responseCacheAttribute?.ContainingAssembly?.Identity.Version is { } version && HasLocationNoneExemption(version);

    public static bool HasLocationNoneExemption(System.Version version) => version.Major >= 7;

    /// <summary>
    /// The <c>Cache-Control</c> ASP.NET Core writes for these settings: <c>no-store</c> (plus <c>no-cache</c> with <c>Location = None</c>);
    /// otherwise <c>public</c> (Any), <c>private</c> (Client) or <c>no-cache</c> (None), with <c>max-age=Duration</c>.
    /// </summary>
    public CacheControlValue ToCacheControl()
    {
        var directives = new List<CacheControlDirective>();
        if (EffectiveNoStore)
        {
            directives.Add(new CacheControlDirective("no-store", null, 0));
            if (EffectiveLocation == ResponseCacheLocationKind.None)
            {
                directives.Add(new CacheControlDirective("no-cache", null, 0));
            }
        }
        else
        {
            directives.Add(new CacheControlDirective(
                EffectiveLocation switch
                {
                    ResponseCacheLocationKind.Client => "private",
                    ResponseCacheLocationKind.None => "no-cache",
                    _ => "public",
                },
                null,
                0));
            if (Duration is { } duration)
            {
                directives.Add(new CacheControlDirective("max-age", duration.ToString(System.Globalization.CultureInfo.InvariantCulture), 0));
            }
        }

        return CacheControlValue.FromDirectives(directives);
    }

    /// <summary>True when <see cref="VaryByHeader"/> names <paramref name="header"/> (comma-separated list, case-insensitive).</summary>
    public bool VariesBy(string header) => HeaderListContains(VaryByHeader, header);

    public static bool HeaderListContains(string? list, string header)
    {
        if (list is null)
        {
            return false;
        }

        foreach (var part in list.Split(','))
        {
            if (string.Equals(part.Trim(), header, System.StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
