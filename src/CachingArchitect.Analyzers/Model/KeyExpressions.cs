using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// Facts about key expressions shared by the rules: the constant text a key starts with, and whether
/// two key expressions in one method name the same key (same symbol, or syntactically equal and free of
/// calls that can return a different value each time).
/// </summary>
internal static class KeyExpressions
{
    /// <summary>
    /// The constant text <paramref name="key"/> starts with: a constant, the leading text of an interpolated
    /// string, the left operand of a concatenation, through traced locals and readonly fields. Null when unknown.
    /// </summary>
    public static string? GetConstantPrefix(IOperation? key, int depth = 0)
    {
        if (key is null || depth > 8)
        {
            return null;
        }

        var op = key.WalkDownConversions();
        if (op.ConstantValue is { HasValue: true, Value: string constant })
        {
            return constant;
        }

        switch (op)
        {
            case IInterpolatedStringOperation interpolated:
                return interpolated.Parts.Length > 0 && interpolated.Parts[0] is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string text } }
                    ? text
                    : interpolated.Parts.Length == 0 ? string.Empty : null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                var left = GetConstantPrefix(binary.LeftOperand, depth + 1);
                if (left is null)
                {
                    return null;
                }

                // A fully constant left operand may continue into the right one.
                var leftOp = binary.LeftOperand.WalkDownConversions();
                if (leftOp.ConstantValue.HasValue)
                {
                    return left + (GetConstantPrefix(binary.RightOperand, depth + 1) ?? string.Empty);
                }

                return left;
            case ILocalReferenceOperation or IFieldReferenceOperation:
                var resolved = ValueTracer.Resolve(op);
                return resolved is null || ReferenceEquals(resolved, op) ? null : GetConstantPrefix(resolved, depth + 1);
            default:
                return null;
        }
    }

    /// <summary>True when the constant prefix of <paramref name="key"/> starts with one of <paramref name="prefixes"/>.</summary>
    public static bool HasPrefix(IOperation? key, ImmutableArray<string> prefixes)
    {
        if (prefixes.IsDefaultOrEmpty)
        {
            return false;
        }

        var prefix = GetConstantPrefix(key);
        if (prefix is null)
        {
            return false;
        }

        foreach (var candidate in prefixes)
        {
            if (prefix.StartsWith(candidate, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> name the same key within one method.</summary>
    public static bool AreSameKey(IOperation? a, IOperation? b, int depth = 0)
    {
        if (a is null || b is null || depth > 8)
        {
            return false;
        }

        var left = a.WalkDownConversions();
        var right = b.WalkDownConversions();
        var leftSymbol = GetReferencedSymbol(left);
        var rightSymbol = GetReferencedSymbol(right);
        if (leftSymbol is not null && rightSymbol is not null)
        {
            return SymbolEqualityComparer.Default.Equals(leftSymbol, rightSymbol);
        }

        // var key = $"user:{id}"; … KeyExpire($"user:{id}", …): compare with the local's only value.
        if (left is ILocalReferenceOperation leftLocal)
        {
            return ValueTracer.GetSingleAssignment(leftLocal.Local, left) is { } value && !ReferenceEquals(value, left) && AreSameKey(value, right, depth + 1);
        }

        if (right is ILocalReferenceOperation rightLocal)
        {
            return ValueTracer.GetSingleAssignment(rightLocal.Local, right) is { } value && !ReferenceEquals(value, right) && AreSameKey(left, value, depth + 1);
        }

        if (leftSymbol is not null || rightSymbol is not null)
        {
            return false;
        }

        if (left.ConstantValue.HasValue && right.ConstantValue.HasValue)
        {
            return Equals(left.ConstantValue.Value, right.ConstantValue.Value);
        }

        return left.Syntax.IsEquivalentTo(right.Syntax, topLevel: false) && IsStable(left);
    }

    private static ISymbol? GetReferencedSymbol(IOperation op) => op switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field when field.Instance is null or IInstanceReferenceOperation => field.Field,
        IPropertyReferenceOperation property when property.Instance is null or IInstanceReferenceOperation && property.Arguments.Length == 0 => property.Property,
        _ => null,
    };

    /// <summary>True when evaluating the expression twice yields the same value (no calls other than <c>ToString</c>, no <c>new</c>).</summary>
    private static bool IsStable(IOperation op)
    {
        foreach (var descendant in op.DescendantsAndSelf())
        {
            switch (descendant)
            {
                case IInvocationOperation invocation when invocation.TargetMethod.Name != "ToString":
                case IObjectCreationOperation:
                case IIncrementOrDecrementOperation:
                case IAssignmentOperation:
                    return false;
            }
        }

        return true;
    }

    private static readonly string[] ContentAddressWords = { "revision", "checksum", "digest", "etag", "fingerprint" };

    private static readonly string[] HashedContent = { "content", "file", "source", "package", "script", "template", "body", "asset" };

    /// <summary>
    /// True when the key names the content it caches, so the entry cannot go stale under its key: a reflection key (a
    /// <c>Type</c>, <c>MemberInfo</c> or <c>Assembly</c>, or a tuple or source-declared record/struct made only of them; a
    /// <c>$"{typeof(T).Name}:{id}"</c> string is an entity key, not one of these), or a key with a part named as a content address (<c>revision</c>, <c>checksum</c>, <c>digest</c>, <c>etag</c>, <c>fingerprint</c>, or a
    /// content/file/source/package/script/template/body/asset <c>hash</c>), directly, as a member of a composite key, or through
    /// a traced local. A hash of an identity (<c>userHash</c>, <c>emailHash</c>) is not a content address.
    /// </summary>
    public static bool IsContentAddressed(IOperation? key, int depth = 0)
    {
        var op = key?.WalkDownConversions();
        if (op is null || depth > 2)
        {
            return false;
        }

        if (IsReflectionType(op.Type) || op.Type is INamedTypeSymbol composite && HasContentMember(composite))
        {
            return true;
        }

        foreach (var part in op.DescendantsAndSelf())
        {
            var name = part switch
            {
                ILocalReferenceOperation local => local.Local.Name,
                IParameterReferenceOperation parameter => parameter.Parameter.Name,
                IFieldReferenceOperation field => field.Field.Name,
                IPropertyReferenceOperation property => property.Property.Name,
                _ => null,
            };
            if (name is not null && IsContentAddressName(name))
            {
                return true; // $"tpl:{templateHash}", $"page:{page.Revision}"
            }
        }

        return op is ILocalReferenceOperation traced && ValueTracer.GetSingleAssignment(traced.Local, traced) is { } value &&
               IsContentAddressed(value, depth + 1);
    }

    private static bool IsContentAddressName(string name)
    {
        var lower = name.ToLowerInvariant();
        foreach (var word in ContentAddressWords)
        {
            if (lower.Contains(word))
            {
                return true;
            }
        }

        foreach (var content in HashedContent)
        {
            if (lower.Contains(content + "hash"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A tuple, or a record/struct/class declared in source, with an instance member named as a content address, or whose
    /// members are all reflection objects (<c>(Type, MethodInfo)</c>). A reflection object next to other data (<c>(Type, int id)</c>)
    /// is an entity key.
    /// </summary>
    private static bool HasContentMember(INamedTypeSymbol type)
    {
        if (type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Struct or TypeKind.Class))
        {
            return false;
        }

        var members = 0;
        var reflection = 0;
        if (type.IsTupleType)
        {
            foreach (var element in type.TupleElements)
            {
                if (IsContentAddressName(element.Name))
                {
                    return true;
                }

                members++;
                reflection += IsReflectionType(element.Type) ? 1 : 0;
            }

            return members > 0 && reflection == members;
        }

        if (type.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        foreach (var member in type.GetMembers())
        {
            // Fields only: a property's backing field is one, and record classes' EqualityContract (a Type) is a property.
            if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
            {
                continue;
            }

            var name = field.AssociatedSymbol?.Name ?? field.Name;
            if (IsContentAddressName(name))
            {
                return true;
            }

            members++;
            reflection += IsReflectionType(field.Type) ? 1 : 0;
        }

        return members > 0 && reflection == members;
    }

    /// <summary><c>System.Type</c> and every other <c>System.Reflection.MemberInfo</c>, and <c>System.Reflection.Assembly</c>: fixed for the process.</summary>
    private static bool IsReflectionType(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name is "MemberInfo" or "Assembly" && current.ContainingNamespace is { Name: "Reflection", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return true;
            }
        }

        return false;
    }
}
