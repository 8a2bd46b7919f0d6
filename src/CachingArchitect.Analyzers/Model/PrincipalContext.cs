using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>Which per-user or per-tenant context an operation reads.</summary>
internal enum PrincipalSource
{
    None,

    /// <summary>The authenticated principal: <c>ClaimsPrincipal</c>, <c>ClaimsIdentity</c>, <c>IIdentity</c>, <c>IPrincipal</c>, <c>Claim</c> values.</summary>
    Principal,

    /// <summary>Request cookies (<c>IRequestCookieCollection</c>).</summary>
    Cookies,

    /// <summary>The session (<c>ISession</c>).</summary>
    Session,

    /// <summary>An injected current-user or tenant service (<c>caching_architect.user_context_types</c>).</summary>
    UserContextService,
}

/// <summary>
/// Recognizes reads of the current user or tenant (CACHE050, and the HTTP rules' personalization checks): any expression typed as the
/// principal or an identity (<c>HttpContext.User</c>, <c>ControllerBase.User</c>, <c>IHttpContextAccessor.HttpContext.User</c>, a
/// <c>ClaimsPrincipal</c> parameter…), request cookies, the session, and fields, properties or parameters whose type matches one of the
/// configured user-context type patterns (simple or fully qualified names, <c>*</c> wildcards).
/// </summary>
internal static class PrincipalContext
{
    /// <summary>The configured user-context type patterns (<see cref="CachingArchitectOptions.UserContextTypesKey"/>), or the defaults.</summary>
    public static ImmutableArray<string> GetUserContextTypes(Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options, SyntaxTree tree)
    {
        var configured = CachingArchitectOptions.GetList(options, tree, CachingArchitectOptions.UserContextTypesKey);
        return configured.IsEmpty ? CachingArchitectOptions.DefaultUserContextTypes : configured;
    }

    /// <summary>What per-user context <paramref name="operation"/> reads (by its own result type), or <see cref="PrincipalSource.None"/>.</summary>
    public static PrincipalSource Classify(IOperation operation, ImmutableArray<string> userContextTypes)
    {
        if (operation is not (IPropertyReferenceOperation or IFieldReferenceOperation or IParameterReferenceOperation or ILocalReferenceOperation or IInvocationOperation))
        {
            return PrincipalSource.None;
        }

        var type = operation.Type;
        if (type is null || type.TypeKind == TypeKind.Error)
        {
            return PrincipalSource.None;
        }

        if (IsPrincipalType(type))
        {
            return PrincipalSource.Principal;
        }

        if (SymbolNames.Is(type, "Microsoft.AspNetCore.Http", "IRequestCookieCollection"))
        {
            return PrincipalSource.Cookies;
        }

        if (SymbolNames.Is(type, "Microsoft.AspNetCore.Http", "ISession"))
        {
            return PrincipalSource.Session;
        }

        if (operation is IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation && IsUserContextType(type, userContextTypes))
        {
            return PrincipalSource.UserContextService;
        }

        return PrincipalSource.None;
    }

    /// <summary>True for <c>ClaimsPrincipal</c>, <c>ClaimsIdentity</c>, <c>Claim</c>, <c>IPrincipal</c>, <c>IIdentity</c> and types deriving from them.</summary>
    public static bool IsPrincipalType(ITypeSymbol? type) =>
        SymbolNames.IsOrDerivesFrom(type, "System.Security.Claims", "ClaimsPrincipal") ||
        SymbolNames.IsOrDerivesFrom(type, "System.Security.Claims", "ClaimsIdentity") ||
        SymbolNames.IsOrDerivesFrom(type, "System.Security.Claims", "Claim") ||
        SymbolNames.Is(type, "System.Security.Principal", "IPrincipal") ||
        SymbolNames.Is(type, "System.Security.Principal", "IIdentity");

    /// <summary>True when the type's simple or fully qualified name matches one of <paramref name="patterns"/>.</summary>
    public static bool IsUserContextType(ITypeSymbol type, ImmutableArray<string> patterns)
    {
        if (type.SpecialType != SpecialType.None || patterns.IsDefaultOrEmpty)
        {
            return false;
        }

        var simple = type.Name;
        string? full = null;
        foreach (var pattern in patterns)
        {
            if (CachingArchitectOptions.WildcardMatches(simple, pattern))
            {
                return true;
            }

            if (pattern.IndexOf('.') >= 0)
            {
                full ??= type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None));
                if (CachingArchitectOptions.WildcardMatches(full, pattern))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A readable name for messages.</summary>
    public static string Describe(PrincipalSource source) => source switch
    {
        PrincipalSource.Principal => "the current user",
        PrincipalSource.Cookies => "request cookies",
        PrincipalSource.Session => "the session",
        PrincipalSource.UserContextService => "a user/tenant context service",
        _ => "per-user context",
    };
}
