using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using CachingArchitect.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Tests.Infrastructure;

/// <summary>Everything the package ships, discovered by reflection, plus repository paths.</summary>
public static class Catalog
{
    public static readonly Assembly AnalyzerAssembly = typeof(CacheAnalyzer).Assembly;

    public static readonly Assembly CodeFixAssembly = typeof(CodeFixes.Infrastructure.FixHelpers).Assembly;

    /// <summary>One instance of every analyzer in the package.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = AnalyzerAssembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>One instance of every code fix provider in the package.</summary>
    public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = CodeFixAssembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>Every descriptor, one per ID.</summary>
    public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = Analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id)
        .Select(g => g.OrderBy(d => d.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd) ? 1 : 0).First())
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    public static bool HasCodeFix(string id) => CodeFixes.Any(f => f.FixableDiagnosticIds.Contains(id));

    /// <summary>The repository root (the folder holding CachingArchitect.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string RepoPath(params string[] parts) => Path.Combine(new[] { RepositoryRoot }.Concat(parts).ToArray());

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CachingArchitect.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CachingArchitect.sln not found above " + AppContext.BaseDirectory);
    }
}
