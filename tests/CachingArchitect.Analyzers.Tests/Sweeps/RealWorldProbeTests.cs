using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Runs every analyzer over a folder of real-world C# files (one compilation per file, against the test references) and writes
/// <c>out.txt</c> next to them: per file the compile-error count, analyzer failures, and each CACHE diagnostic with its source line,
/// for a person to review for false positives. Opt-in: set <c>REALWORLD_DIR</c> (third-party code is not kept in the repository);
/// without it the test is skipped. The test fails when an analyzer throws.
/// </summary>
public class RealWorldProbeTests
{
    private const string Variable = "REALWORLD_DIR";

    [RealWorldFact]
    public async Task Every_analyzer_over_a_folder_of_real_files()
    {
        var directory = Environment.GetEnvironmentVariable(Variable)!;
        var report = new StringBuilder();
        var failures = 0;
        foreach (var file in Directory.GetFiles(directory, "*.cs").OrderBy(f => f, StringComparer.Ordinal))
        {
            var source = await File.ReadAllTextAsync(file);
            var (compilation, diagnostics, thrown) = await CrashSweepTests.AnalyzeAsync(source, CancellationToken.None);
            var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath == "/0/Test0.cs");
            report.AppendLine($"=== {Path.GetFileName(file)}  compile errors: {errors}  failures: {thrown.Count}");
            failures += thrown.Count;
            foreach (var failure in thrown)
            {
                report.AppendLine("FAILURE " + string.Join("\n", failure.Split('\n').Take(9)));
            }

            var lines = source.Split('\n');
            foreach (var diagnostic in diagnostics.Where(d => d.Id.StartsWith("CACHE", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start))
            {
                var line = diagnostic.Location.IsInSource ? diagnostic.Location.GetLineSpan().StartLinePosition.Line : -1;
                report.AppendLine($"  {diagnostic.Id} {diagnostic.Severity} L{line + 1}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
                if (line >= 0 && line < lines.Length)
                {
                    report.AppendLine("      | " + lines[line].Trim());
                }
            }
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "out.txt"), report.ToString());
        Assert.True(failures == 0, $"{failures} analyzer failure(s); see {Path.Combine(directory, "out.txt")}");
    }

    /// <summary>A fact that runs only when <c>REALWORLD_DIR</c> names an existing folder.</summary>
    private sealed class RealWorldFactAttribute : FactAttribute
    {
        public RealWorldFactAttribute()
        {
            if (!Directory.Exists(Environment.GetEnvironmentVariable(Variable) ?? string.Empty))
            {
                Skip = $"set {Variable} to a folder of .cs files to run all analyzers over them";
            }
        }
    }
}
