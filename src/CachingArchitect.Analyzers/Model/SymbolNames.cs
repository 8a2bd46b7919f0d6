using Microsoft.CodeAnalysis;

namespace CachingArchitect.Analyzers.Model;

/// <summary>Allocation-free symbol matching by namespace and name (for BCL and ASP.NET Core types that need no per-compilation resolution).</summary>
internal static class SymbolNames
{
    /// <summary>True when <paramref name="type"/> is <c><paramref name="ns"/>.<paramref name="name"/></c> (generic arity ignored).</summary>
    public static bool Is(ITypeSymbol? type, string ns, string name) =>
        type is not null && type.Name == name && IsInNamespace(type.ContainingNamespace, ns);

    /// <summary>True when <paramref name="type"/> or one of its base types is <c><paramref name="ns"/>.<paramref name="name"/></c>.</summary>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, string ns, string name)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (Is(t, ns, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="type"/> is or implements the interface <c><paramref name="ns"/>.<paramref name="name"/></c>.</summary>
    public static bool IsOrImplements(ITypeSymbol? type, string ns, string name)
    {
        if (type is null)
        {
            return false;
        }

        if (Is(type, ns, name))
        {
            return true;
        }

        foreach (var i in type.AllInterfaces)
        {
            if (Is(i, ns, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="symbol"/> carries an attribute <c><paramref name="ns"/>.<paramref name="name"/></c> or a subclass of it.</summary>
    public static bool HasAttribute(ISymbol symbol, string ns, string name)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (IsOrDerivesFrom(attribute.AttributeClass, ns, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the namespace symbol spells <paramref name="ns"/> (dotted).</summary>
    public static bool IsInNamespace(INamespaceSymbol? symbol, string ns)
    {
        var end = ns.Length;
        var current = symbol;
        while (current is not null && !current.IsGlobalNamespace)
        {
            var name = current.Name;
            var start = end - name.Length;
            if (start < 0 || string.CompareOrdinal(ns, start, name, 0, name.Length) != 0)
            {
                return false;
            }

            if (start == 0)
            {
                return current.ContainingNamespace is null || current.ContainingNamespace.IsGlobalNamespace;
            }

            if (ns[start - 1] != '.')
            {
                return false;
            }

            end = start - 1;
            current = current.ContainingNamespace;
        }

        return end == 0 && ns.Length == 0;
    }

    /// <summary>True when <paramref name="symbol"/> is in <paramref name="ns"/> or one of its sub-namespaces.</summary>
    public static bool IsInNamespaceOrChild(INamespaceSymbol? symbol, string ns)
    {
        for (var current = symbol; current is not null && !current.IsGlobalNamespace; current = current.ContainingNamespace)
        {
            if (IsInNamespace(current, ns))
            {
                return true;
            }
        }

        return false;
    }
}
