using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Configuration;

/// <summary>
/// CACHE074 — an <c>ICacheEntry</c> from <c>IMemoryCache.CreateEntry</c> that is never disposed, so never committed: discarded,
/// used as a fluent one-liner (<c>cache.CreateEntry(k).SetValue(v);</c>), or held in a local that is neither a <c>using</c> local,
/// nor disposed (<c>Dispose()</c>, <c>using (entry)</c>), nor handed on (returned, stored in a field, passed to a method,
/// captured by a lambda: then the receiver owns it).
/// </summary>
/// <remarks>
/// A <c>Dispose()</c> on some paths only is not reported: committing an entry conditionally (dispose it only once its value was
/// computed) is a legitimate pattern, and an undisposed entry is simply never stored.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CacheEntryNeverDisposedAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: which shape the fix must edit.</summary>
    public const string ShapeProperty = "Shape";

    /// <summary><c>var entry = cache.CreateEntry(k)…;</c> in a block, never reassigned: add <c>using</c> (first additional location: the statement).</summary>
    public const string ShapeDeclaration = "Declaration";

    /// <summary><c>cache.CreateEntry(k).SetValue(v)…;</c> as a statement (first additional location: the statement).</summary>
    public const string ShapeStatement = "Statement";

    private const int MaxChain = 16;
    private const int MaxReferences = 2000;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE074);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.MemoryCache is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, (ctx, operation) =>
        {
            if (operation.Name != "CreateEntry" || operation.Technology != CacheTechnology.MemoryCache ||
                operation.Invocation.Type?.Name != "ICacheEntry")
            {
                return;
            }

            if (Analyze(operation.Invocation) is { } finding)
            {
                var properties = ImmutableDictionary<string, string?>.Empty;
                Location[]? additional = null;
                if (finding.Shape is not null && finding.Statement is not null)
                {
                    properties = properties.Add(ShapeProperty, finding.Shape);
                    additional = new[] { finding.Statement.GetLocation() };
                }

                ctx.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CACHE074,
                    CodeContext.GetNameLocation(operation.Invocation),
                    additional,
                    properties,
                    $"The ICacheEntry from 'CreateEntry' {finding.What}, so it is never committed to the cache: an entry is only added when it is disposed; use 'using var entry = …' or the Set extension methods"));
            }
        });

    private static Finding? Analyze(IInvocationOperation createEntry)
    {
        // Climb the fluent chain: cache.CreateEntry(k).SetValue(v).SetSize(1)… returns the same entry.
        IOperation top = createEntry;
        var fluent = false;
        for (var i = 0; i < MaxChain; i++)
        {
            var parent = SkipConversions(top.Parent);
            if (parent is IArgumentOperation { Parent: IInvocationOperation call } && IsFluentEntryCall(call) && call.Arguments[0] == parent)
            {
                top = call;
                fluent = true;
                continue;
            }

            break;
        }

        var user = SkipConversions(top.Parent);
        switch (user)
        {
            case IExpressionStatementOperation statement:
                return fluent
                    ? new Finding("is configured fluently and then dropped", ShapeStatement, statement.Syntax as ExpressionStatementSyntax)
                    : new Finding("is discarded", null, null);
            case IDiscardOperation:
            case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                return new Finding("is discarded", null, null);
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target }:
                return IsOwnedLocal(target.Local, top) ? null : new Finding($"is stored in '{target.Local.Name}' but never disposed", null, null);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return AnalyzeDeclarator(declarator, top);
            default:
                // Returned, stored in a field, passed to a method, used in an expression we do not follow: the receiver owns it.
                return null;
        }
    }

    private static Finding? AnalyzeDeclarator(IVariableDeclaratorOperation declarator, IOperation value)
    {
        if (declarator.Parent is not IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation group })
        {
            return null;
        }

        // using var entry = …; / using (var entry = …) { … }
        if (group.Parent is IUsingDeclarationOperation or IUsingOperation)
        {
            return null;
        }

        var local = declarator.Symbol;
        if (IsOwnedLocal(local, value))
        {
            return null;
        }

        string? shape = null;
        LocalDeclarationStatementSyntax? statement = null;
        if (group.Syntax is LocalDeclarationStatementSyntax { Parent: BlockSyntax, Declaration.Variables.Count: 1, UsingKeyword.RawKind: 0 } declaration &&
            declaration.Modifiers.Count == 0 && IsDisposableType(local.Type) && !IsReassigned(local, value))
        {
            shape = ShapeDeclaration;
            statement = declaration;
        }

        return new Finding($"is held in '{local.Name}' but never disposed", shape, statement);
    }

    /// <summary>True when the local is disposed anywhere, or handed on (the receiver then owns the entry), or not followable.</summary>
    private static bool IsOwnedLocal(ILocalSymbol local, IOperation origin)
    {
        var root = origin.GetRoot();
        var owner = EnclosingFunction(origin);
        var count = 0;
        foreach (var op in root.Descendants())
        {
            if (++count > MaxReferences * 10)
            {
                return true;
            }

            if (op is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            if (!ReferenceEquals(EnclosingFunction(reference), owner))
            {
                return true; // captured by a lambda or local function: not followed
            }

            if (UseOwnsOrDisposes(reference))
            {
                return true;
            }
        }

        return false;
    }

    private static bool UseOwnsOrDisposes(IOperation use)
    {
        IOperation current = use;
        for (var i = 0; i < MaxChain; i++)
        {
            var parent = SkipConversions(current.Parent);
            switch (parent)
            {
                case IInvocationOperation { TargetMethod.Name: "Dispose", Instance: not null }:
                    return true;
                case IInvocationOperation instanceCall when instanceCall.Instance is not null:
                    return false; // another member of the entry
                case IMemberReferenceOperation:
                    return false; // entry.Value = …, entry.Size = …
                case IUsingOperation:
                case IVariableInitializerOperation:
                    return true; // using (entry) / an alias we do not follow
                case IArgumentOperation { Parent: IInvocationOperation call } argument when IsFluentEntryCall(call) && call.Arguments[0] == argument:
                    current = call; // entry.SetValue(v) returns the entry: follow where the result goes
                    continue;
                case IExpressionStatementOperation:
                    return false;
                case ISimpleAssignmentOperation assignment when assignment.Target == current:
                    return false; // the local is overwritten
                case IBinaryOperation:
                case IIsPatternOperation:
                    return false; // a null check
                default:
                    return true; // returned, stored, passed, or anything else: owned elsewhere
            }
        }

        return true;
    }

    private static bool IsReassigned(ILocalSymbol local, IOperation origin)
    {
        foreach (var op in origin.GetRoot().Descendants())
        {
            if (op is IAssignmentOperation { Target: ILocalReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Local, local))
            {
                return true;
            }

            if (op is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument && argument.Value.IsReferenceTo(local))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>CacheEntryExtensions.SetValue/SetSize/SetPriority/…</c>: an extension on <c>ICacheEntry</c> that returns the same entry.</summary>
    internal static bool IsFluentEntryCall(IInvocationOperation call)
    {
        var method = call.TargetMethod.ReducedFrom ?? call.TargetMethod;
        return method.IsExtensionMethod && call.Instance is null && call.Arguments.Length > 0 &&
               method.Parameters.Length > 0 && method.Parameters[0].Type.Name == "ICacheEntry" &&
               method.ReturnType.Name == "ICacheEntry" &&
               SymbolNames.IsInNamespace(method.ContainingNamespace, "Microsoft.Extensions.Caching.Memory");
    }

    private static bool IsDisposableType(ITypeSymbol type)
    {
        if (type.Name == "ICacheEntry")
        {
            return true;
        }

        foreach (var iface in type.AllInterfaces)
        {
            if (iface.SpecialType == SpecialType.System_IDisposable)
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? EnclosingFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }

    private static IOperation? SkipConversions(IOperation? operation)
    {
        var current = operation;
        for (var i = 0; i < 16 && current is IConversionOperation or IParenthesizedOperation; i++)
        {
            current = current!.Parent;
        }

        return current;
    }

    private sealed class Finding
    {
        public Finding(string what, string? shape, StatementSyntax? statement)
        {
            What = what;
            Shape = shape;
            Statement = statement;
        }

        public string What { get; }

        public string? Shape { get; }

        public StatementSyntax? Statement { get; }
    }
}
