using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Security;

/// <summary>
/// CACHE050 — per-user data cached under a shared key: the value computation of a read-through call (its factory's results and the
/// conditions choosing between them, plus a HybridCache <c>state</c>) or of a cache-aside write (the stored value, through the locals it is
/// built from) reads the current principal, cookies, session or an injected user/tenant context service
/// (<see cref="PrincipalContext"/>), and the key expression depends on none of them. Only data dependencies count
/// (<see cref="DataDependency"/>): principal reads in authorization checks that throw, in logging or in audit calls do not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PerUserDataUnderSharedKeyAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE050);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, Analyze);

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation)
    {
        if (operation.Kind is not (CacheOperationKind.ReadThrough or CacheOperationKind.Write) || operation.IsMultiKey || operation.Key is not { } key)
        {
            return;
        }

        if (operation.Technology == CacheTechnology.OutputCache)
        {
            return;
        }

        var roots = ValueRoots(operation);
        if (roots.Count == 0)
        {
            return;
        }

        var tree = operation.Invocation.Syntax.SyntaxTree;
        var patterns = PrincipalContext.GetUserContextTypes(context.Options, tree);
        IOperation? read = null;
        var source = PrincipalSource.None;
        foreach (var op in DataDependency.Collect(roots))
        {
            var kind = PrincipalContext.Classify(op, patterns);
            if (kind != PrincipalSource.None)
            {
                read = op;
                source = kind;
                break;
            }
        }

        if (read is null)
        {
            return;
        }

        read = Innermost(read, patterns);

        foreach (var op in DataDependency.Collect(new[] { key }))
        {
            if (PrincipalContext.Classify(op, patterns) != PrincipalSource.None)
            {
                return;
            }
        }

        var text = read.Syntax.ToString();
        if (text.Length > 60)
        {
            text = text.Substring(0, 57) + "...";
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE050,
            CodeContext.GetNameLocation(operation.Invocation),
            additionalLocations: new[] { read.Syntax.GetLocation() },
            operation.Invocation.TargetMethod.Name,
            PrincipalContext.Describe(source),
            text));
    }

    /// <summary><c>User</c> rather than <c>User.Identity</c>: the innermost read of the same context, for the message.</summary>
    private static IOperation Innermost(IOperation read, ImmutableArray<string> patterns)
    {
        for (var i = 0; i < 8; i++)
        {
            IOperation? next = null;
            foreach (var descendant in read.Descendants())
            {
                if (PrincipalContext.Classify(descendant, patterns) != PrincipalSource.None)
                {
                    next = descendant;
                    break;
                }
            }

            if (next is null)
            {
                return read;
            }

            read = next;
        }

        return read;
    }

    /// <summary>The expressions the cached value is computed from.</summary>
    private static List<IOperation> ValueRoots(CacheOperation operation)
    {
        var roots = new List<IOperation>();
        if (operation.Kind == CacheOperationKind.ReadThrough)
        {
            if (operation.FactoryArgument?.Value.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation factory })
            {
                roots.AddRange(DataDependency.FunctionResultRoots(factory));
            }
            else if (operation.FactoryArgument?.Value.WalkDownConversions() is IAnonymousFunctionOperation direct)
            {
                roots.AddRange(DataDependency.FunctionResultRoots(direct));
            }

            if (roots.Count > 0 && operation.GetArgument("state") is { } state && state.IsExplicit())
            {
                roots.Add(state.Value);
            }
        }
        else if (operation.ValueArgument is { } value && value.IsExplicit())
        {
            roots.Add(value.Value);
        }

        return roots;
    }
}
