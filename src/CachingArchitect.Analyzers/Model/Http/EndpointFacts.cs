using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model.Http;

/// <summary>Where an endpoint's HTTP caching is declared.</summary>
internal enum HttpCacheDeclarationSource
{
    /// <summary><c>[ResponseCache]</c> on the action.</summary>
    ActionAttribute,

    /// <summary><c>[ResponseCache]</c> on the controller or page model (or a base type).</summary>
    TypeAttribute,

    /// <summary>A manual <c>Cache-Control</c> write in the endpoint body.</summary>
    Header,
}

/// <summary>One HTTP caching declaration of an endpoint: its source, its settings (attributes) or write (headers), and its directives.</summary>
internal sealed class HttpCacheDeclaration
{
    public HttpCacheDeclaration(HttpCacheDeclarationSource source, Location location, ResponseCacheSettings? settings, HeaderWrite? write)
    {
        Source = source;
        Location = location;
        Settings = settings;
        Write = write;
    }

    public HttpCacheDeclarationSource Source { get; }

    public Location Location { get; }

    /// <summary>The attribute settings (attribute sources).</summary>
    public ResponseCacheSettings? Settings { get; }

    /// <summary>The header write (header source).</summary>
    public HeaderWrite? Write { get; }

    /// <summary>True when the attribute names a cache profile, whose settings are compilation-wide (<see cref="MvcCachingFacts"/>).</summary>
    public bool NeedsProfile => Settings?.CacheProfileName is not null;

    /// <summary>
    /// The directives the endpoint sends: for attributes, ASP.NET Core's mapping of the settings (merged with the profile from
    /// <paramref name="facts"/> when one is named); for headers, the parsed value. Null when unknown (profile not found, unreadable value).
    /// </summary>
    public CacheControlValue? Resolve(MvcCachingFacts? facts = null)
    {
        if (Settings is { } settings)
        {
            if (settings.CacheProfileName is { } name)
            {
                if (facts?.GetProfile(name) is not { } profile)
                {
                    return null;
                }

                settings = settings.WithProfile(profile);
            }

            return settings.HasUnknownMembers ? null : settings.ToCacheControl();
        }

        return Write?.CacheControl;
    }
}

/// <summary>A read of per-user state in the endpoint (<see cref="PrincipalContext"/>).</summary>
internal readonly struct PrincipalRead
{
    public PrincipalRead(PrincipalSource source, IOperation operation)
    {
        Source = source;
        Operation = operation;
    }

    public PrincipalSource Source { get; }

    public IOperation Operation { get; }
}

/// <summary>A write that issues a cookie on the response.</summary>
internal readonly struct CookieWrite
{
    public CookieWrite(CookieWriteKind kind, IInvocationOperation invocation)
    {
        Kind = kind;
        Invocation = invocation;
    }

    public CookieWriteKind Kind { get; }

    public IInvocationOperation Invocation { get; }

    public string Describe() => ResponseHeaderWrites.Describe(Kind, Invocation.TargetMethod.Name);
}

/// <summary>
/// The facts of one endpoint (controller action, Razor Page handler or minimal-API handler), computed once per endpoint and shared by the
/// HTTP rules, the Security rules and the build report: route and verbs, authorization (<see cref="EndpointAuthorization"/>), per-user reads
/// (<see cref="PrincipalContext"/>), cookies written, caching headers written and the HTTP caching declared (<c>[ResponseCache]</c> on the
/// action or its type — ignored on Razor Page handler methods, as ASP.NET Core does — and manual <c>Cache-Control</c> writes).
/// The body is the endpoint's own code: a minimal-API handler nested in another endpoint's body belongs to that handler.
/// Get facts with <see cref="ForOperationBlock"/> (operation-block actions); results are cached per declaring syntax node.
/// </summary>
internal sealed class EndpointFacts
{
    private const string Mvc = "Microsoft.AspNetCore.Mvc";
    private const int MaxOperations = 20000;

    /// <summary>Per compilation (the IDE reuses unchanged syntax trees across compilations, but symbols and facts change), per declaring node.</summary>
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxNode, EndpointFacts>> Caches = new();

    private EndpointFacts(EndpointKind kind, string name, Location location, EndpointAuthorizationInfo authorization)
    {
        Kind = kind;
        Name = name;
        Location = location;
        Authorization = authorization;
    }

    public EndpointKind Kind { get; }

    /// <summary>The action or handler name, or the route pattern of a minimal API.</summary>
    public string Name { get; }

    /// <summary>The method name or the <c>Map*</c> call of a minimal API.</summary>
    public Location Location { get; }

    /// <summary>The route templates (attribute routes, the minimal-API pattern); empty for conventional routes and pages.</summary>
    public ImmutableArray<string> Routes { get; private set; } = ImmutableArray<string>.Empty;

    /// <summary>HTTP verbs (<c>GET</c>…); empty when any verb is accepted or it cannot be told.</summary>
    public ImmutableArray<string> Verbs { get; private set; } = ImmutableArray<string>.Empty;

    public EndpointAuthorizationInfo Authorization { get; }

    public ImmutableArray<PrincipalRead> PrincipalReads { get; private set; } = ImmutableArray<PrincipalRead>.Empty;

    public ImmutableArray<CookieWrite> CookieWrites { get; private set; } = ImmutableArray<CookieWrite>.Empty;

    /// <summary>Every caching header written in the body (Cache-Control, Pragma, Expires, Vary).</summary>
    public ImmutableArray<HeaderWrite> HeaderWrites { get; private set; } = ImmutableArray<HeaderWrite>.Empty;

    /// <summary>The HTTP caching the endpoint declares: the effective <c>[ResponseCache]</c> first (if any), then the Cache-Control writes.</summary>
    public ImmutableArray<HttpCacheDeclaration> CacheDeclarations { get; private set; } = ImmutableArray<HttpCacheDeclaration>.Empty;

    /// <summary>True when the response varies by <c>Cookie</c> or <c>Authorization</c> (<c>VaryByHeader</c> or a <c>Vary</c> write).</summary>
    public bool VariesByUser { get; private set; }

    /// <summary>True when the body writes a <c>private</c> or <c>no-store</c> Cache-Control (for instance in a branch for signed-in users).</summary>
    public bool WritesPrivateOrNoStore { get; private set; }

    /// <summary>
    /// The endpoints an operation block defines: the method itself when it is an action or page handler, and every minimal-API handler
    /// lambda in it. Middleware and hub methods are not HTTP endpoints with cacheable responses and are left out.
    /// </summary>
    public static ImmutableArray<EndpointFacts> ForOperationBlock(OperationBlockAnalysisContext context) =>
        ForBlocks(context.OwningSymbol, context.OperationBlocks, context.Options, context.CancellationToken);

    /// <summary>The endpoints defined by the operation blocks of <paramref name="owner"/> (see <see cref="ForOperationBlock"/>).</summary>
    public static ImmutableArray<EndpointFacts> ForBlocks(ISymbol owner, ImmutableArray<IOperation> blocks, AnalyzerOptions? options, System.Threading.CancellationToken cancellationToken)
    {
        var tree = blocks.IsEmpty ? null : blocks[0].Syntax.SyntaxTree;
        if (tree is null || blocks[0].SemanticModel?.Compilation is not { } compilation)
        {
            return ImmutableArray<EndpointFacts>.Empty;
        }

        // Most blocks define no endpoint: no builder, no options lookup for them.
        var isEndpointMethod = owner is IMethodSymbol method &&
            RequestContext.GetEndpointKind(method) is EndpointKind.MvcAction or EndpointKind.PageHandler &&
            method.DeclaringSyntaxReferences.Length > 0;

        // Minimal-API handlers are lambdas passed to Map* calls: a file that never says "Map" has none (no walk needed).
        var mayMapHandlers = TreeText.Mentions(tree, "Map", cancellationToken);
        if (!isEndpointMethod && !mayMapHandlers)
        {
            return ImmutableArray<EndpointFacts>.Empty;
        }

        var builder = ImmutableArray.CreateBuilder<EndpointFacts>();
        var cache = Caches.GetValue(compilation, static _ => new ConcurrentDictionary<SyntaxNode, EndpointFacts>());
        var userContextTypes = default(ImmutableArray<string>);
        ImmutableArray<string> UserContextTypes()
        {
            if (userContextTypes.IsDefault)
            {
                userContextTypes = options is not null
                    ? PrincipalContext.GetUserContextTypes(options, tree)
                    : CachingArchitect.Analyzers.Infrastructure.CachingArchitectOptions.DefaultUserContextTypes;
            }

            return userContextTypes;
        }

        if (isEndpointMethod)
        {
            var endpointMethod = (IMethodSymbol)owner;
            var node = endpointMethod.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            builder.Add(cache.TryGetValue(node, out var known) ? known : cache.GetOrAdd(node, ForMethod(endpointMethod, blocks, UserContextTypes())));
        }

        if (!mayMapHandlers)
        {
            return builder.ToImmutable();
        }

        var visited = 0;
        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (++visited > MaxOperations)
                {
                    break;
                }

                if (operation is IAnonymousFunctionOperation lambda && RequestContext.GetMinimalApiPattern(lambda, out _))
                {
                    builder.Add(cache.TryGetValue(lambda.Syntax, out var known) ? known : cache.GetOrAdd(lambda.Syntax, ForMinimalApi(lambda, UserContextTypes())));
                }
            }
        }

        return builder.ToImmutable();
    }

    private static EndpointFacts ForMethod(IMethodSymbol method, ImmutableArray<IOperation> blocks, ImmutableArray<string> userContextTypes)
    {
        var kind = RequestContext.GetEndpointKind(method);
        var location = method.Locations.Length > 0 ? method.Locations[0] : Location.None;
        var facts = new EndpointFacts(kind, method.Name, location, EndpointAuthorization.ForMethod(method));
        var declarations = ImmutableArray.CreateBuilder<HttpCacheDeclaration>();

        // [ResponseCache] on a Razor Page handler method is ignored by ASP.NET Core (CACHE066); only the page model's applies.
        var own = kind == EndpointKind.MvcAction ? ResponseCacheSettings.OnSymbol(method) : null;
        if (own is not null)
        {
            declarations.Add(new HttpCacheDeclaration(HttpCacheDeclarationSource.ActionAttribute, own.SourceLocation ?? location, own, null));
        }
        else if (ResponseCacheSettings.OnTypeOrBase(method.ContainingType) is { } onType)
        {
            declarations.Add(new HttpCacheDeclaration(HttpCacheDeclarationSource.TypeAttribute, onType.SourceLocation ?? location, onType, null));
        }

        var settings = own ?? ResponseCacheSettings.OnTypeOrBase(method.ContainingType);
        if (settings is not null && !settings.EffectiveNoStore && (settings.VariesBy("Cookie") || settings.VariesBy("Authorization")))
        {
            facts.VariesByUser = true;
        }

        if (kind == EndpointKind.MvcAction)
        {
            var routes = ImmutableArray.CreateBuilder<string>();
            var verbs = ImmutableArray.CreateBuilder<string>();
            ReadRouting(method, routes, verbs);
            ReadRouting(method.ContainingType, routes, null);
            facts.Routes = routes.ToImmutable();
            facts.Verbs = verbs.ToImmutable();
        }
        else
        {
            facts.Verbs = ImmutableArray.Create(PageVerb(method.Name));
        }

        foreach (var block in blocks)
        {
            facts.Walk(block, userContextTypes, declarations);
        }

        facts.CacheDeclarations = declarations.ToImmutable();
        return facts;
    }

    private static EndpointFacts ForMinimalApi(IAnonymousFunctionOperation lambda, ImmutableArray<string> userContextTypes)
    {
        var pattern = RequestContext.GetMinimalApiRoute(lambda);
        var map = lambda.GetReceivingCall();
        var location = map is not null ? CodeContext.GetNameLocation(map) : lambda.Syntax.GetLocation();
        var facts = new EndpointFacts(EndpointKind.MinimalApi, pattern ?? map?.TargetMethod.Name ?? "handler", location, EndpointAuthorization.ForMinimalApi(lambda));
        if (pattern is not null)
        {
            facts.Routes = ImmutableArray.Create(pattern);
        }

        var verb = map?.TargetMethod.Name switch
        {
            "MapGet" => "GET",
            "MapPost" => "POST",
            "MapPut" => "PUT",
            "MapDelete" => "DELETE",
            "MapPatch" => "PATCH",
            _ => null,
        };
        if (verb is not null)
        {
            facts.Verbs = ImmutableArray.Create(verb);
        }

        var declarations = ImmutableArray.CreateBuilder<HttpCacheDeclaration>();
        facts.Walk(lambda.Body, userContextTypes, declarations);
        facts.CacheDeclarations = declarations.ToImmutable();
        return facts;
    }

    /// <summary>Collects reads, cookie writes and header writes of the body, skipping nested minimal-API handlers (their own endpoints).</summary>
    private void Walk(IOperation root, ImmutableArray<string> userContextTypes, ImmutableArray<HttpCacheDeclaration>.Builder declarations)
    {
        var reads = ImmutableArray.CreateBuilder<PrincipalRead>();
        var cookies = ImmutableArray.CreateBuilder<CookieWrite>();
        var headers = ImmutableArray.CreateBuilder<HeaderWrite>();
        reads.AddRange(PrincipalReads);
        cookies.AddRange(CookieWrites);
        headers.AddRange(HeaderWrites);

        var stack = new Stack<IOperation>();
        stack.Push(root);
        var visited = 0;
        while (stack.Count > 0 && visited++ < MaxOperations)
        {
            var operation = stack.Pop();
            if (!ReferenceEquals(operation, root) && operation is IAnonymousFunctionOperation nested && RequestContext.GetMinimalApiPattern(nested, out _))
            {
                continue;
            }

            var source = PrincipalContext.Classify(operation, userContextTypes);
            if (source != PrincipalSource.None && !(operation.Parent is IPropertyReferenceOperation or IInvocationOperation && PrincipalContext.Classify(operation.Parent, userContextTypes) == source))
            {
                reads.Add(new PrincipalRead(source, operation));
            }

            if (operation is IInvocationOperation invocation && ResponseHeaderWrites.ClassifyCookieWrite(invocation) is var cookie && cookie != CookieWriteKind.None)
            {
                cookies.Add(new CookieWrite(cookie, invocation));
            }

            if (operation is ISimpleAssignmentOperation or IInvocationOperation && ResponseHeaderWrites.Recognize(operation) is { } write)
            {
                headers.Add(write);
                if (write.Header == CachingHeader.CacheControl)
                {
                    declarations.Add(new HttpCacheDeclaration(HttpCacheDeclarationSource.Header, write.Write.Syntax.GetLocation(), null, write));
                    if (write.CacheControl is { IsPrivateOrNoStore: true })
                    {
                        WritesPrivateOrNoStore = true;
                    }
                }
                else if (write.Header == CachingHeader.Vary && (ResponseHeaderWrites.Contains(write.Text, "cookie") || ResponseHeaderWrites.Contains(write.Text, "authorization")))
                {
                    VariesByUser = true;
                }
            }

            foreach (var child in operation.ChildOperations)
            {
                stack.Push(child);
            }
        }

        reads.Sort((a, b) => a.Operation.Syntax.SpanStart.CompareTo(b.Operation.Syntax.SpanStart));
        cookies.Sort((a, b) => a.Invocation.Syntax.SpanStart.CompareTo(b.Invocation.Syntax.SpanStart));
        headers.Sort((a, b) => a.Write.Syntax.SpanStart.CompareTo(b.Write.Syntax.SpanStart));
        PrincipalReads = reads.ToImmutable();
        CookieWrites = cookies.ToImmutable();
        HeaderWrites = headers.ToImmutable();
        SortDeclarations(declarations);
    }

    private static void SortDeclarations(ImmutableArray<HttpCacheDeclaration>.Builder declarations)
    {
        var attributes = new List<HttpCacheDeclaration>();
        var headers = new List<HttpCacheDeclaration>();
        foreach (var declaration in declarations)
        {
            (declaration.Source == HttpCacheDeclarationSource.Header ? headers : attributes).Add(declaration);
        }

        headers.Sort((a, b) => a.Location.SourceSpan.Start.CompareTo(b.Location.SourceSpan.Start));
        declarations.Clear();
        declarations.AddRange(attributes);
        declarations.AddRange(headers);
    }

    private static void ReadRouting(ISymbol symbol, ImmutableArray<string>.Builder routes, ImmutableArray<string>.Builder? verbs)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            var type = attribute.AttributeClass;
            if (type is null)
            {
                continue;
            }

            var isVerb = SymbolNames.IsOrDerivesFrom(type, "Microsoft.AspNetCore.Mvc.Routing", "HttpMethodAttribute");
            if (!isVerb && !SymbolNames.IsOrDerivesFrom(type, Mvc, "RouteAttribute"))
            {
                continue;
            }

            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Kind == TypedConstantKind.Primitive && argument.Value is string template)
                {
                    routes.Add(template);
                }
            }

            if (isVerb && verbs is not null && type.Name.StartsWith("Http", StringComparison.Ordinal) && type.Name.EndsWith("Attribute", StringComparison.Ordinal))
            {
                var verb = type.Name.Substring(4, type.Name.Length - 4 - "Attribute".Length).ToUpperInvariant();
                if (verb.Length > 0 && !verbs.Contains(verb))
                {
                    verbs.Add(verb);
                }
            }
        }
    }

    private static string PageVerb(string handler)
    {
        foreach (var verb in new[] { "Get", "Post", "Put", "Delete", "Patch", "Head", "Options" })
        {
            if (handler.Length >= 2 + verb.Length && string.CompareOrdinal(handler, 2, verb, 0, verb.Length) == 0)
            {
                return verb.ToUpperInvariant();
            }
        }

        return "GET";
    }

    /// <summary>True when the endpoint reads the user, cookies, the session or a user-context service.</summary>
    public bool IsPersonalized => !PrincipalReads.IsEmpty;

    public override string ToString() => $"{Kind} {Name}: {Authorization.Kind}, reads {PrincipalReads.Length}, cookies {CookieWrites.Length}, caching {CacheDeclarations.Length}";
}
