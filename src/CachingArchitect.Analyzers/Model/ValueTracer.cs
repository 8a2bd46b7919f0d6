using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// The light, intra-procedural value trace of the catalog ("Traced"): follows a local to its single
/// assignment in the same body and a <c>static readonly</c>/<c>const</c> field to its initializer.
/// Anything else (parameters, several assignments, fields written elsewhere) is unknown.
/// </summary>
internal static class ValueTracer
{
    /// <summary>The value a local or readonly field holds, or the operation itself; null when it cannot be traced.</summary>
    public static IOperation? Resolve(IOperation operation, int depth = 0)
    {
        var op = operation.WalkDownConversions();
        if (depth > 8)
        {
            return null;
        }

        switch (op)
        {
            case ILocalReferenceOperation local:
                var assigned = GetSingleAssignment(local.Local, op);
                return assigned is null ? null : Resolve(assigned, depth + 1);
            case IFieldReferenceOperation field when field.Field.IsReadOnly || field.Field.IsConst:
                var initializer = GetFieldInitializer(field.Field, op.SemanticModel);
                return initializer is null ? op : Resolve(initializer, depth + 1);
            default:
                return op;
        }
    }

    /// <summary>The value of the only assignment (declaration initializer included) of <paramref name="local"/>, or null.</summary>
    public static IOperation? GetSingleAssignment(ILocalSymbol local, IOperation within)
    {
        IOperation? value = null;
        var count = 0;
        foreach (var descendant in within.GetRoot().Descendants())
        {
            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    var init = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                    if (init is not null)
                    {
                        value = init;
                        count++;
                    }

                    break;
                case IAssignmentOperation assignment when assignment.Target.IsReferenceTo(local):
                    value = assignment is ISimpleAssignmentOperation simple ? simple.Value : null;
                    count++;
                    break;
                case IArgumentOperation argument when argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref && argument.Value.IsReferenceTo(local):
                    count += 2;
                    break;
            }
        }

        return count == 1 ? value : null;
    }

    /// <summary>The initializer of a field as an operation, when its declaration is in the same tree as <paramref name="model"/>.</summary>
    public static IOperation? GetFieldInitializer(IFieldSymbol field, SemanticModel? model)
    {
        if (model is null)
        {
            return null;
        }

        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
            {
                continue;
            }

            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                return model.GetOperation(value);
            }
        }

        return null;
    }

    /// <summary>The initializer syntax of a field declared anywhere (used for syntactic folding across files).</summary>
    public static ExpressionSyntax? GetFieldInitializerSyntax(IFieldSymbol field)
    {
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>All operations in the body that contains <paramref name="within"/> that reference <paramref name="symbol"/>.</summary>
    public static IEnumerable<IOperation> FindReferences(ISymbol symbol, IOperation within)
    {
        foreach (var descendant in within.Descendants())
        {
            if (descendant is ILocalReferenceOperation or IParameterReferenceOperation && descendant.IsReferenceTo(symbol))
            {
                yield return descendant;
            }
        }
    }
}
