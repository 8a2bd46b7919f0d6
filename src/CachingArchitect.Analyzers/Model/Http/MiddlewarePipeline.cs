using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model.Http;

/// <summary>How one pipeline call is placed relative to the calls of another middleware in the same pipeline method.</summary>
internal enum PipelineOrder
{
    /// <summary>The other middleware is registered, and (one of) its calls runs before this one.</summary>
    After,

    /// <summary>The other middleware is registered only later in the same method.</summary>
    Before,

    /// <summary>The method registers no such middleware, and builds the whole pipeline itself (nothing can add it elsewhere).</summary>
    Absent,

    /// <summary>The method registers no such middleware, but part of the pipeline is built elsewhere (a helper, a caller): cannot be told.</summary>
    Unknown,
}

/// <summary>One call made on the application builder while the pipeline is built: <c>app.UseX()</c>, <c>app.MapY()</c>, or a helper that receives the builder.</summary>
internal sealed class PipelineStep
{
    public PipelineStep(string name, IInvocationOperation invocation, bool isOpaque)
    {
        Name = name;
        Invocation = invocation;
        IsOpaque = isOpaque;
        Position = CodeContext.GetNameLocation(invocation).SourceSpan.Start;
    }

    /// <summary>The method name (<c>UseOutputCache</c>, <c>UseEndpoints</c>, <c>MapGet</c>…).</summary>
    public string Name { get; }

    public IInvocationOperation Invocation { get; }

    /// <summary>
    /// A call whose effect on the pipeline cannot be seen: an extension method declared in this project (<c>app.UseMyDefaults()</c>) or a
    /// method the builder is passed to (<c>ConfigurePipeline(app)</c>). It may register any middleware.
    /// </summary>
    public bool IsOpaque { get; }

    /// <summary>Evaluation order key: the position of the method name (in <c>app.UseA().UseB()</c>, <c>UseA</c> comes first).</summary>
    public int Position { get; }

    /// <summary>
    /// Terminal endpoint middleware: <c>UseEndpoints</c>, <c>Run(RequestDelegate)</c>, <c>UseMvc*</c>. Middleware registered after it never
    /// runs for the requests it handles. <c>Map*</c> calls on a <c>WebApplication</c> are not terminal here: the host adds the endpoint
    /// middleware at the end of the pipeline, wherever they are written.
    /// </summary>
    public bool IsTerminal =>
        Name is "UseEndpoints" or "UseMvc" or "UseMvcWithDefaultRoute" ||
        Name == "Run" && Invocation.TargetMethod.Parameters.Length > 0 &&
        SymbolNames.Is(Invocation.TargetMethod.Parameters[Invocation.TargetMethod.Parameters.Length - 1].Type, "Microsoft.AspNetCore.Http", "RequestDelegate");

    public override string ToString() => IsOpaque ? $"<{Name}>" : Name;
}

/// <summary>
/// The middleware pipeline built by ONE method (catalog §7 "Middleware order"): the calls made on the application builder —
/// <c>Use*</c>, <c>Map*</c>, <c>UseEndpoints</c>, <c>Run</c> — in evaluation order, through locals (<c>var app = builder.Build()</c>, aliases) and
/// fluent chains (<c>app.UseRouting().UseAuthentication()</c>). A pipeline method is the top-level statements of <c>Program.cs</c>, a
/// <c>Configure(IApplicationBuilder …)</c> method or any method/lambda whose builder is a <c>WebApplication</c>/<c>IApplicationBuilder</c>
/// local or parameter. Calls inside nested lambdas (<c>UseEndpoints(e =&gt; …)</c>, <c>UseWhen(…, branch =&gt; …)</c>) belong to other
/// builders and are not steps.
/// <para>
/// When the pipeline is split across helpers that cannot be ordered (<see cref="PipelineStep.IsOpaque"/> steps, or a builder that is a
/// parameter of a helper method other than <c>Configure</c>), questions about middleware the method does not register answer
/// <see cref="PipelineOrder.Unknown"/>; rules emit nothing then and the build report records "unknown".
/// </para>
/// </summary>
internal sealed class MiddlewarePipeline
{
    private const int MaxDepth = 12;

    private MiddlewarePipeline(IOperation body, ISymbol builder, ImmutableArray<PipelineStep> steps, bool ownsWholePipeline)
    {
        Body = body;
        Builder = builder;
        Steps = steps;
        OwnsWholePipeline = ownsWholePipeline;
    }

    /// <summary>The body (method, top-level program, lambda) whose statements build the pipeline.</summary>
    public IOperation Body { get; }

    /// <summary>The local or parameter all steps are called on (aliases resolved).</summary>
    public ISymbol Builder { get; }

    /// <summary>Steps in evaluation order.</summary>
    public ImmutableArray<PipelineStep> Steps { get; }

    /// <summary>
    /// True when this method builds the whole pipeline: the builder is created here (<c>builder.Build()</c>) or is the parameter of a
    /// Startup-style <c>Configure</c> method/lambda, and no opaque helper takes part.
    /// </summary>
    public bool OwnsWholePipeline { get; }

    /// <summary>True when some step is a helper whose registrations cannot be seen.</summary>
    public bool HasOpaqueSteps
    {
        get
        {
            foreach (var step in Steps)
            {
                if (step.IsOpaque)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>True when the pipeline order is fully known: the method owns the pipeline and no helper takes part.</summary>
    public bool IsComplete => OwnsWholePipeline && !HasOpaqueSteps;

    /// <summary>The step of <paramref name="invocation"/>, or null when it is not one of this pipeline's steps.</summary>
    public PipelineStep? StepOf(IInvocationOperation invocation)
    {
        foreach (var step in Steps)
        {
            if (ReferenceEquals(step.Invocation, invocation))
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>The non-opaque steps named <paramref name="name"/> that can run in one execution with <paramref name="step"/> (not in an exclusive branch).</summary>
    public IEnumerable<PipelineStep> Find(string name, PipelineStep step)
    {
        foreach (var other in Steps)
        {
            if (!other.IsOpaque && other.Name == name && !ReferenceEquals(other, step) && !ExecutionOrder.AreExclusive(other.Invocation, step.Invocation))
            {
                yield return other;
            }
        }
    }

    /// <summary>
    /// Where <paramref name="name"/> middleware stands relative to <paramref name="step"/>: <see cref="PipelineOrder.After"/> when a call of it
    /// runs before the step (so the step comes after it, as wanted for prerequisites), <see cref="PipelineOrder.Before"/> when its only calls
    /// come later, otherwise <see cref="PipelineOrder.Absent"/> or <see cref="PipelineOrder.Unknown"/>.
    /// </summary>
    public PipelineOrder Order(PipelineStep step, string name)
    {
        var later = false;
        foreach (var other in Find(name, step))
        {
            if (other.Position < step.Position)
            {
                return PipelineOrder.After;
            }

            later = true;
        }

        if (later)
        {
            return PipelineOrder.Before;
        }

        return IsComplete ? PipelineOrder.Absent : PipelineOrder.Unknown;
    }

    /// <summary>
    /// True when the pipeline's app serves MVC controllers or Razor Pages: <c>MapControllers</c>, <c>MapRazorPages</c>, <c>MapControllerRoute</c>…
    /// anywhere in the body (inside <c>UseEndpoints</c> too), or <c>AddControllers*</c>/<c>AddRazorPages</c>/<c>AddMvc*</c> in the same body.
    /// </summary>
    public bool ServesControllersOrPages()
    {
        foreach (var op in Body.Descendants())
        {
            if (op is IInvocationOperation { TargetMethod.Name: var name } &&
                name is "MapControllers" or "MapRazorPages" or "MapControllerRoute" or "MapDefaultControllerRoute" or "MapAreaControllerRoute"
                    or "MapDynamicControllerRoute" or "MapDynamicPageRoute" or "MapFallbackToController" or "MapFallbackToPage" or "MapFallbackToAreaPage"
                    or "UseMvc" or "UseMvcWithDefaultRoute" or "AddControllers" or "AddControllersWithViews" or "AddRazorPages" or "AddMvc" or "AddMvcCore")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for the application and endpoint builder types (<c>IApplicationBuilder</c>, <c>IEndpointRouteBuilder</c>, <c>WebApplication</c>).</summary>
    public static bool IsBuilderType(ITypeSymbol? type) =>
        SymbolNames.IsOrImplements(type, "Microsoft.AspNetCore.Builder", "IApplicationBuilder") ||
        (SymbolNames.IsOrImplements(type, "Microsoft.AspNetCore.Routing", "IEndpointRouteBuilder") && !SymbolNames.Is(type, "Microsoft.AspNetCore.Routing", "RouteGroupBuilder"));

    /// <summary>The pipeline that <paramref name="call"/> (a call on an application builder) is a step of, or null.</summary>
    public static MiddlewarePipeline? ForCall(IInvocationOperation call)
    {
        var receiver = call.GetReceiver();
        if (receiver is null || !IsBuilderType(receiver.Type))
        {
            return null;
        }

        var builder = ResolveBuilder(receiver, 0);
        if (builder is null)
        {
            return null;
        }

        var body = ExecutionOrder.GetExecutableRoot(call);
        var pipeline = Build(body, builder);
        return pipeline.StepOf(call) is null ? null : pipeline;
    }

    /// <summary>The pipeline built on <paramref name="builder"/> in <paramref name="body"/>.</summary>
    public static MiddlewarePipeline Build(IOperation body, ISymbol builder)
    {
        var steps = new List<PipelineStep>();
        foreach (var op in body.Descendants())
        {
            if (op is not IInvocationOperation invocation || !ReferenceEquals(ExecutionOrder.GetExecutableRoot(invocation), body))
            {
                continue;
            }

            var receiver = invocation.GetReceiver();
            if (receiver is not null && IsBuilderType(receiver.Type) && SymbolEqualityComparer.Default.Equals(ResolveBuilder(receiver, 0), builder))
            {
                steps.Add(new PipelineStep(invocation.TargetMethod.Name, invocation, IsOpaqueMethod(invocation.TargetMethod)));
                continue;
            }

            // The builder handed to a helper: ConfigurePipeline(app), Pipeline.Apply(app, env).
            foreach (var argument in invocation.Arguments)
            {
                if (IsBuilderType(argument.Value.Type) && SymbolEqualityComparer.Default.Equals(ResolveBuilder(argument.Value, 0), builder))
                {
                    steps.Add(new PipelineStep(invocation.TargetMethod.Name, invocation, isOpaque: true));
                    break;
                }
            }
        }

        steps.Sort((a, b) => a.Position.CompareTo(b.Position));
        return new MiddlewarePipeline(body, builder, steps.ToImmutableArray(), OwnsPipeline(body, builder));
    }

    /// <summary>
    /// The local or parameter a builder expression stands for: through conversions, fluent calls that return the same builder
    /// (<c>app.UseRouting().UseCors()</c>) and locals assigned once from another builder expression (aliases). Null when it cannot be told.
    /// </summary>
    public static ISymbol? ResolveBuilder(IOperation? expression, int depth)
    {
        var op = expression?.WalkDownConversions();
        for (var i = 0; op is not null && i < MaxDepth && depth < MaxDepth; i++)
        {
            switch (op)
            {
                case IInvocationOperation invocation when IsBuilderType(invocation.Type) && invocation.TargetMethod.Name != "MapGroup" &&
                                                          invocation.GetReceiver() is { } inner && IsBuilderType(inner.Type):
                    op = inner.WalkDownConversions();
                    continue;
                case ILocalReferenceOperation local:
                    var assigned = ValueTracer.GetSingleAssignment(local.Local, local);
                    if (assigned is not null && IsBuilderType(assigned.WalkDownConversions().Type) && ResolveBuilder(assigned, depth + 1) is { } alias)
                    {
                        return alias;
                    }

                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IFieldReferenceOperation field:
                    return field.Field;
                case IPropertyReferenceOperation property when property.Instance is null or IInstanceReferenceOperation:
                    return property.Property;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>A method whose registrations are invisible here: an extension or helper declared in this project.</summary>
    private static bool IsOpaqueMethod(IMethodSymbol method)
    {
        var original = method.ReducedFrom ?? method;
        foreach (var location in original.Locations)
        {
            if (location.IsInSource)
            {
                return true;
            }
        }

        // A framework or third-party extension (UseSwagger, UseSerilogRequestLogging…) is a named step: it registers its own middleware only.
        return false;
    }

    private static bool OwnsPipeline(IOperation body, ISymbol builder)
    {
        switch (builder)
        {
            case ILocalSymbol local:
                // var app = builder.Build(); — created in this body.
                foreach (var op in body.Descendants())
                {
                    if (op is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                    {
                        var init = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                        return init?.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "Build" or "Create" };
                    }
                }

                return false;
            case IParameterSymbol parameter:
                // Startup.Configure(IApplicationBuilder app, …) or webBuilder.Configure(app => …).
                if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary, Name: "Configure" })
                {
                    return true;
                }

                return parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } &&
                       body.Parent is IAnonymousFunctionOperation lambda && IsConfigureArgument(lambda);
            default:
                return false;
        }
    }

    private static bool IsConfigureArgument(IAnonymousFunctionOperation lambda)
    {
        return lambda.GetReceivingCall() is { TargetMethod.Name: "Configure" };
    }
}
