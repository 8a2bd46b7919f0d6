using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model.Http;

/// <summary>The caching-related response headers the model tracks.</summary>
internal enum CachingHeader
{
    CacheControl,
    Pragma,
    Expires,
    Vary,
}

/// <summary>How a header is written.</summary>
internal enum HeaderWriteShape
{
    /// <summary><c>Headers.CacheControl = …</c> (the <c>IHeaderDictionary</c> property).</summary>
    Property,

    /// <summary><c>Headers["Cache-Control"] = …</c>.</summary>
    Indexer,

    /// <summary><c>Headers.Append/Add(HeaderNames.CacheControl, …)</c>.</summary>
    Append,

    /// <summary><c>Headers.TryAdd(…)</c>: only when not already set.</summary>
    TryAdd,

    /// <summary><c>GetTypedHeaders().CacheControl = new CacheControlHeaderValue { … }</c> (or a traced local with member sets).</summary>
    Typed,
}

/// <summary>One write of a caching header on an ASP.NET Core response.</summary>
internal sealed class HeaderWrite
{
    public HeaderWrite(CachingHeader header, HeaderWriteShape shape, IOperation write, IOperation value, string? text, bool isPartial, CacheControlValue? cacheControl, IOperation? response)
    {
        Header = header;
        Shape = shape;
        Write = write;
        Value = value;
        Text = text;
        IsPartial = isPartial;
        CacheControl = cacheControl;
        Response = response;
    }

    public CachingHeader Header { get; }

    public HeaderWriteShape Shape { get; }

    /// <summary>The assignment or invocation that writes the header.</summary>
    public IOperation Write { get; }

    /// <summary>The value written.</summary>
    public IOperation Value { get; }

    /// <summary>The header text when it is a constant (or, with <see cref="IsPartial"/>, constant parts with each hole read as <c>1</c>).</summary>
    public string? Text { get; }

    /// <summary>True when <see cref="Text"/> comes from an interpolated or concatenated string with non-constant parts.</summary>
    public bool IsPartial { get; }

    /// <summary>The parsed directives of a <c>Cache-Control</c> write (string or typed), when they can be read.</summary>
    public CacheControlValue? CacheControl { get; }

    /// <summary>The <c>HttpResponse</c> expression the headers belong to, when it is written in the same expression.</summary>
    public IOperation? Response { get; }

    public override string ToString() => $"{Header} {Shape}: {Text ?? CacheControl?.Text ?? "?"}";
}

/// <summary>What kind of cookie write an operation is.</summary>
internal enum CookieWriteKind
{
    None,

    /// <summary><c>Response.Cookies.Append(…)</c>.</summary>
    ResponseCookie,

    /// <summary><c>HttpContext.SignInAsync</c>, <c>SignInManager.SignInAsync/PasswordSignInAsync…</c>, <c>SignIn(…)</c> results.</summary>
    SignIn,

    /// <summary><c>IAntiforgery.GetAndStoreTokens</c>/<c>SetCookieTokenAndHeader</c>.</summary>
    Antiforgery,

    /// <summary><c>ISession.Set/SetString/SetInt32</c>: the session cookie is issued when a session is first written.</summary>
    Session,
}

/// <summary>
/// Recognizes manual writes of the caching headers on an ASP.NET Core response (issue 4, "manual header writes"):
/// <c>Response.Headers.CacheControl = …</c>, <c>Headers["Cache-Control"] = …</c>, <c>Headers.Append/Add/TryAdd(HeaderNames.CacheControl or
/// "Cache-Control", …)</c>, <c>GetTypedHeaders().CacheControl = new CacheControlHeaderValue { … }</c> (also through a local whose members are set),
/// and the same for <c>Pragma</c>, <c>Expires</c> and <c>Vary</c>; and writes that issue cookies (<see cref="ClassifyCookieWrite"/>).
/// Request headers and <c>System.Net.Http</c> headers are not response headers and are ignored.
/// </summary>
internal static class ResponseHeaderWrites
{
    private const string Http = "Microsoft.AspNetCore.Http";
    private const string NetHeaders = "Microsoft.Net.Http.Headers";
    private const string TypedHeaders = "Microsoft.AspNetCore.Http.Headers";

    /// <summary>The header write <paramref name="operation"/> performs (an assignment or an invocation), or null.</summary>
    public static HeaderWrite? Recognize(IOperation operation) => operation switch
    {
        ISimpleAssignmentOperation assignment => FromAssignment(assignment),
        IInvocationOperation invocation => FromInvocation(invocation),
        _ => null,
    };

    private static HeaderWrite? FromAssignment(ISimpleAssignmentOperation assignment)
    {
        if (assignment.Target is not IPropertyReferenceOperation target)
        {
            return null;
        }

        var property = target.Property;
        if (property.IsIndexer)
        {
            if (target.Arguments.Length != 1 || !IsHeaderDictionary(property.ContainingType) || HeaderFromName(target.Arguments[0].Value) is not { } indexed)
            {
                return null;
            }

            return Create(indexed, HeaderWriteShape.Indexer, assignment, assignment.Value, target.Instance);
        }

        if (property.Name == "CacheControl" && SymbolNames.Is(property.ContainingType, TypedHeaders, "ResponseHeaders"))
        {
            var response = TypedHeadersResponse(target.Instance);
            if (response is null)
            {
                return null;
            }

            var typed = ReadTyped(assignment.Value, assignment);
            return new HeaderWrite(CachingHeader.CacheControl, HeaderWriteShape.Typed, assignment, assignment.Value, typed?.Text, false, typed, response);
        }

        if (IsHeaderDictionary(property.ContainingType) && HeaderFromPropertyName(property.Name) is { } header)
        {
            return Create(header, HeaderWriteShape.Property, assignment, assignment.Value, target.Instance);
        }

        return null;
    }

    private static HeaderWrite? FromInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var shape = method.Name switch
        {
            "Append" or "Add" or "AppendCommaSeparatedValues" => HeaderWriteShape.Append,
            "TryAdd" => HeaderWriteShape.TryAdd,
            _ => (HeaderWriteShape?)null,
        };
        if (shape is null || invocation.Arguments.Length < 2)
        {
            return null;
        }

        var receiver = invocation.GetReceiver();
        if (receiver is null || !IsHeaderDictionary(receiver.WalkDownConversions().Type))
        {
            return null;
        }

        // Extension calls carry the receiver as argument 0.
        var offset = invocation.Instance is null && method.IsExtensionMethod ? 1 : 0;
        if (invocation.Arguments.Length < offset + 2)
        {
            return null;
        }

        var arguments = SortedArguments(invocation);
        if (HeaderFromName(arguments[offset].Value) is not { } header)
        {
            return null;
        }

        return Create(header, shape.Value, invocation, arguments[offset + 1].Value, receiver);
    }

    private static IArgumentOperation[] SortedArguments(IInvocationOperation invocation)
    {
        var list = new List<IArgumentOperation>(invocation.Arguments);
        list.Sort((a, b) => (a.Parameter?.Ordinal ?? 0).CompareTo(b.Parameter?.Ordinal ?? 0));
        return list.ToArray();
    }

    private static HeaderWrite? Create(CachingHeader header, HeaderWriteShape shape, IOperation write, IOperation value, IOperation? headers)
    {
        var response = ResponseOf(headers);
        if (response is null)
        {
            return null;
        }

        var text = ReadText(value, out var partial);
        CacheControlValue? parsed = null;
        if (header == CachingHeader.CacheControl)
        {
            parsed = text is not null ? CacheControlValue.Parse(text) : ReadTyped(value, write);
        }

        return new HeaderWrite(header, shape, write, value, text, partial, parsed, response);
    }

    /// <summary>
    /// The <c>HttpResponse</c> a header dictionary belongs to: <c>x.Headers</c> on an <c>HttpResponse</c>, traced through one local.
    /// Null for request headers; the headers operation itself when the dictionary comes from elsewhere but is not a request's.
    /// </summary>
    private static IOperation? ResponseOf(IOperation? headers)
    {
        var op = headers?.WalkDownConversions();
        if (op is ILocalReferenceOperation local && ValueTracer.GetSingleAssignment(local.Local, local) is { } assigned)
        {
            op = assigned.WalkDownConversions();
        }

        if (op is IPropertyReferenceOperation { Property.Name: "Headers" } property)
        {
            var owner = property.Property.ContainingType;
            if (SymbolNames.IsOrDerivesFrom(owner, Http, "HttpResponse"))
            {
                return property.Instance;
            }

            return null;
        }

        return op is IInvocationOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation ? op : null;
    }

    /// <summary><c>response.GetTypedHeaders()</c> → <c>response</c> (traced through one local); null for request typed headers.</summary>
    private static IOperation? TypedHeadersResponse(IOperation? typedHeaders)
    {
        var op = typedHeaders?.WalkDownConversions();
        if (op is ILocalReferenceOperation local && ValueTracer.GetSingleAssignment(local.Local, local) is { } assigned)
        {
            op = assigned.WalkDownConversions();
        }

        if (op is IInvocationOperation { TargetMethod.Name: "GetTypedHeaders" } call && call.GetReceiver() is { } receiver &&
            SymbolNames.IsOrDerivesFrom(receiver.WalkDownConversions().Type, Http, "HttpResponse"))
        {
            return receiver;
        }

        return null;
    }

    /// <summary>True for <c>IHeaderDictionary</c> and types implementing it.</summary>
    public static bool IsHeaderDictionary(ITypeSymbol? type) => SymbolNames.IsOrImplements(type, Http, "IHeaderDictionary");

    private static CachingHeader? HeaderFromPropertyName(string name) => name switch
    {
        "CacheControl" => CachingHeader.CacheControl,
        "Pragma" => CachingHeader.Pragma,
        "Expires" => CachingHeader.Expires,
        "Vary" => CachingHeader.Vary,
        _ => null,
    };

    /// <summary>The header named by a constant string or a <c>HeaderNames.*</c> field (static readonly since .NET 7, so not a C# constant).</summary>
    private static CachingHeader? HeaderFromName(IOperation name)
    {
        var op = name.WalkDownConversions();
        string? text = null;
        if (op.ConstantValue is { HasValue: true, Value: string constant })
        {
            text = constant;
        }
        else if (op is IFieldReferenceOperation field && SymbolNames.Is(field.Field.ContainingType, NetHeaders, "HeaderNames"))
        {
            text = field.Field.Name switch
            {
                "CacheControl" => "Cache-Control",
                "Pragma" => "Pragma",
                "Expires" => "Expires",
                "Vary" => "Vary",
                _ => null,
            };
        }

        return text?.ToLowerInvariant() switch
        {
            "cache-control" => CachingHeader.CacheControl,
            "pragma" => CachingHeader.Pragma,
            "expires" => CachingHeader.Expires,
            "vary" => CachingHeader.Vary,
            _ => null,
        };
    }

    /// <summary>
    /// The text of a header value: a constant (also through <c>StringValues</c> conversions, locals and readonly fields), or an interpolated or
    /// concatenated string with its holes read as <c>1</c> (<paramref name="partial"/>). Null when nothing is constant.
    /// </summary>
    public static string? ReadText(IOperation value, out bool partial)
    {
        partial = false;
        var op = value.WalkDownConversions();
        if (op is IObjectCreationOperation { Arguments.Length: 1 } stringValues && SymbolNames.Is(op.Type, "Microsoft.Extensions.Primitives", "StringValues"))
        {
            op = stringValues.Arguments[0].Value.WalkDownConversions();
        }

        if (op.ConstantValue is { HasValue: true, Value: string constant })
        {
            return constant;
        }

        if (op is ILocalReferenceOperation or IFieldReferenceOperation && ValueTracer.Resolve(op) is { } resolved && !ReferenceEquals(resolved, op) &&
            resolved.ConstantValue is { HasValue: true, Value: string traced })
        {
            return traced;
        }

        var builder = new StringBuilder();
        if (AppendParts(op, builder, 0))
        {
            partial = true;
            return builder.ToString();
        }

        return null;
    }

    private static bool AppendParts(IOperation op, StringBuilder builder, int depth)
    {
        if (depth > 16)
        {
            return false;
        }

        op = op.WalkDownConversions();
        switch (op)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolatedStringTextOperation text)
                    {
                        builder.Append(text.Text.ConstantValue.Value as string);
                    }
                    else
                    {
                        builder.Append('1');
                    }
                }

                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when op.Type?.SpecialType == SpecialType.System_String:
                return AppendParts(binary.LeftOperand, builder, depth + 1) && AppendParts(binary.RightOperand, builder, depth + 1);
            default:
                if (op.ConstantValue is { HasValue: true, Value: string constant })
                {
                    builder.Append(constant);
                }
                else
                {
                    builder.Append('1');
                }

                return depth > 0;
        }
    }

    /// <summary>
    /// The directives of a typed <c>CacheControlHeaderValue</c>: an object creation with an initializer, or a local assigned once from one,
    /// plus the member sets on that local in the same body, plus <c>.ToString()</c> of either. Null when the value cannot be read.
    /// </summary>
    public static CacheControlValue? ReadTyped(IOperation value, IOperation within)
    {
        var op = value.WalkDownConversions();
        if (op is IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance })
        {
            op = instance.WalkDownConversions();
        }

        ILocalSymbol? local = null;
        if (op is ILocalReferenceOperation reference)
        {
            local = reference.Local;
            op = ValueTracer.GetSingleAssignment(reference.Local, reference)?.WalkDownConversions();
        }

        if (op is not IObjectCreationOperation creation || !SymbolNames.Is(creation.Type, NetHeaders, "CacheControlHeaderValue"))
        {
            return null;
        }

        var directives = new List<CacheControlDirective>();
        if (creation.Initializer is not null)
        {
            foreach (var initializer in creation.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: var name } } assignment)
                {
                    AddTypedMember(name, assignment.Value, directives);
                }
            }
        }

        if (local is not null)
        {
            foreach (var descendant in within.GetRoot().Descendants())
            {
                if (descendant is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } target, Property.Name: var name } } set &&
                    target.WalkDownConversions() is ILocalReferenceOperation owner && SymbolEqualityComparer.Default.Equals(owner.Local, local))
                {
                    AddTypedMember(name, set.Value, directives);
                }
            }
        }

        return CacheControlValue.FromDirectives(directives);
    }

    private static void AddTypedMember(string name, IOperation value, List<CacheControlDirective> directives)
    {
        var directive = name switch
        {
            "Public" => "public",
            "Private" => "private",
            "NoCache" => "no-cache",
            "NoStore" => "no-store",
            "MustRevalidate" => "must-revalidate",
            "ProxyRevalidate" => "proxy-revalidate",
            "NoTransform" => "no-transform",
            "MaxAge" => "max-age",
            "SharedMaxAge" => "s-maxage",
            _ => null,
        };
        if (directive is null)
        {
            return;
        }

        if (name is "MaxAge" or "SharedMaxAge")
        {
            if (value.WalkDownConversions() is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation)
            {
                return;
            }

            directives.RemoveAll(d => d.Name == directive);
            var seconds = ConstantFolding.TryGetTimeSpan(value, out var span) ? ((long)span.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            directives.Add(new CacheControlDirective(directive, seconds, 0));
            return;
        }

        var on = value.WalkDownConversions().ConstantValue;
        directives.RemoveAll(d => d.Name == directive);
        if (!(on.HasValue && on.Value is false))
        {
            directives.Add(new CacheControlDirective(directive, null, 0));
        }
    }

    /// <summary>What cookie an invocation issues on the response, or <see cref="CookieWriteKind.None"/>.</summary>
    public static CookieWriteKind ClassifyCookieWrite(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        switch (method.Name)
        {
            case "Append" when SymbolNames.IsOrImplements(type, Http, "IResponseCookies"):
                return CookieWriteKind.ResponseCookie;
            case "SignInAsync" when SymbolNames.Is(type, "Microsoft.AspNetCore.Authentication", "AuthenticationHttpContextExtensions") ||
                                    SymbolNames.IsOrImplements(type, "Microsoft.AspNetCore.Authentication", "IAuthenticationService"):
                return CookieWriteKind.SignIn;
            case "SignInAsync" or "PasswordSignInAsync" or "SignInWithClaimsAsync" or "RefreshSignInAsync" or "ExternalLoginSignInAsync" or "TwoFactorSignInAsync"
                or "TwoFactorAuthenticatorSignInAsync" or "TwoFactorRecoveryCodeSignInAsync"
                when SymbolNames.IsOrDerivesFrom(type, "Microsoft.AspNetCore.Identity", "SignInManager"):
                return CookieWriteKind.SignIn;
            case "SignIn" when SymbolNames.IsOrDerivesFrom(type, ResponseCacheSettings.Mvc, "ControllerBase") ||
                               SymbolNames.Is(type, Http, "Results") || SymbolNames.Is(type, Http, "TypedResults"):
                return CookieWriteKind.SignIn;
            case "GetAndStoreTokens" or "SetCookieTokenAndHeader" when SymbolNames.IsOrImplements(type, "Microsoft.AspNetCore.Antiforgery", "IAntiforgery"):
                return CookieWriteKind.Antiforgery;
            case "Set" when SymbolNames.IsOrImplements(type, Http, "ISession"):
            case "SetString" or "SetInt32" when SymbolNames.Is(type, Http, "SessionExtensions"):
                return CookieWriteKind.Session;
            default:
                return CookieWriteKind.None;
        }
    }

    /// <summary>A readable name of a cookie write for messages.</summary>
    public static string Describe(CookieWriteKind kind, string methodName) => kind switch
    {
        CookieWriteKind.ResponseCookie => "Response.Cookies.Append",
        CookieWriteKind.Session => "a session write ('" + methodName + "')",
        CookieWriteKind.Antiforgery => "antiforgery token generation ('" + methodName + "')",
        _ => "'" + methodName + "'",
    };

    internal static bool Contains(string? list, string item) =>
        list is not null && list.IndexOf(item, StringComparison.OrdinalIgnoreCase) >= 0;
}
