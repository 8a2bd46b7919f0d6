using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using CachingArchitect.Build.Report;
using Xunit.Abstractions;

namespace CachingArchitect.Build.Tests;

/// <summary>
/// The task's work on a 10,000-result log (read, model, render, merge, write). Prints the timings (see
/// docs/performance.md); asserts behaviour, not time.
/// </summary>
public sealed class PerformanceTests(ITestOutputHelper output)
{
    internal static SarifBuilder TenThousand(string projectDirectory)
    {
        var builder = new SarifBuilder { ProjectDirectory = projectDirectory };
        var rules = new[] { "CACHE001", "CACHE004", "CACHE010", "CACHE013", "CACHE032", "CACHE041", "CACHE071" };
        for (var i = 0; i < 10_000; i++)
        {
            var file = "Services/Service" + (i % 400).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".cs";
            if (i % 4 == 0)
            {
                builder.CallSite(i % 3 == 0 ? "read" : "write", i % 2 == 0 ? "StackExchange.Redis" : "IMemoryCache", "fam" + (i % 50) + ":{id}", i % 5 == 0 ? "00:05:00" : "", file, i % 300 + 1);
            }
            else
            {
                var rule = rules[i % rules.Length];
                builder.Add(rule, rule == "CACHE071" ? "error" : "warning", "Finding " + (i % 900) + " of " + rule, file, i % 300 + 1,
                    i % 10 == 1 ? new Dictionary<string, string> { ["caFixTitle"] = "Fix it", ["caFixStartLine"] = (i % 300 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ["caFixOldText"] = "old();", ["caFixNewText"] = "@new();" } : null);
            }
        }

        return builder;
    }

    [Fact]
    public void Ten_thousand_results_mostly_other_analyzers_with_100_findings()
    {
        // The usual shape of a big log: thousands of CA*/IDE* results, a few CachingArchitect findings and inventory.
        var dir = Directory.CreateTempSubdirectory("ca-todo-perf-");
        try
        {
            var builder = new SarifBuilder { ProjectDirectory = dir.FullName };
            for (var i = 0; i < 10_000; i++)
            {
                var file = "Services/Service" + (i % 400).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".cs";
                if (i % 100 == 0) builder.Add("CACHE001", "warning", "Finding " + i, file, i % 300 + 1);
                else if (i % 100 == 1) builder.CallSite("read", "IMemoryCache", "fam" + (i % 20) + ":{id}", "00:05:00", file, i % 300 + 1);
                else builder.Add("CA1822", "note", "Member can be static " + i, file, i % 300 + 1);
            }

            var sarif = Path.Combine(dir.FullName, "big.sarif");
            File.WriteAllText(sarif, builder.ToJson());
            var options = new TodoOptions(sarif + ",version=2.1", "Big", dir.FullName, "Big.csproj", Path.Combine(dir.FullName, TodoRenderer.FileName), "1.2.3", TodoMode.PerProject);
            var first = Stopwatch.StartNew();
            Assert.Equal(TodoOutcome.Written, TodoWriter.Run(options).Outcome);
            first.Stop();
            var runs = new List<long>();
            for (var i = 0; i < 3; i++)
            {
                var sw = Stopwatch.StartNew();
                Assert.Equal(TodoOutcome.Unchanged, TodoWriter.Run(options).Outcome);
                runs.Add(sw.ElapsedMilliseconds);
            }

            output.WriteLine($"10,000 results (100 findings, 100 call sites, 9,800 CA1822), log {new FileInfo(sarif).Length / 1024} KB: first run {first.ElapsedMilliseconds} ms (JIT included), unchanged reruns {string.Join("/", runs)} ms");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Ten_thousand_results_read_render_merge_and_write()
    {
        var dir = Directory.CreateTempSubdirectory("ca-todo-perf-");
        try
        {
            var sarif = Path.Combine(dir.FullName, "big.sarif");
            File.WriteAllText(sarif, TenThousand(dir.FullName).ToJson());
            var size = new FileInfo(sarif).Length;
            var options = new TodoOptions(sarif + ",version=2.1", "Big", dir.FullName, "Big.csproj", Path.Combine(dir.FullName, TodoRenderer.FileName), "1.2.3", TodoMode.PerProject);

            var read = Stopwatch.StartNew();
            var log = SarifReader.ReadFile(sarif, dir.FullName);
            var data = ReportData.From(log);
            read.Stop();
            Assert.Equal(10_000, log.Results.Count);

            var first = Stopwatch.StartNew();
            Assert.Equal(TodoOutcome.Written, TodoWriter.Run(options).Outcome);
            first.Stop();
            var merge = Stopwatch.StartNew();
            Assert.Equal(TodoOutcome.Unchanged, TodoWriter.Run(options).Outcome);
            merge.Stop();
            var warm = Stopwatch.StartNew();
            Assert.Equal(TodoOutcome.Unchanged, TodoWriter.Run(options).Outcome);
            warm.Stop();

            var sw = Stopwatch.StartNew();
            var log2 = SarifReader.ReadFile(sarif, dir.FullName);
            var readMs = sw.ElapsedMilliseconds;
            sw.Restart();
            var data2 = ReportData.From(log2);
            var modelMs = sw.ElapsedMilliseconds;
            sw.Restart();
            var existing = TodoDocument.Parse(File.ReadAllText(options.OutputPath));
            var parseMs = sw.ElapsedMilliseconds;
            sw.Restart();
            TodoRenderer.Render(new ReportInput("Big", "Big.csproj", "1.2.3", data2), existing);
            var renderMs = sw.ElapsedMilliseconds;
            output.WriteLine($"warm phases: read {readMs} ms, model {modelMs} ms, parse existing TODO {parseMs} ms, render+merge {renderMs} ms");

            var todo = new FileInfo(options.OutputPath).Length;
            output.WriteLine($"10,000 results, log {size / 1024} KB, {data.Findings.Count} items, TODO {todo / 1024} KB");
            output.WriteLine($"read+model (cold JIT): {read.ElapsedMilliseconds} ms; first run (write): {first.ElapsedMilliseconds} ms; rebuild unchanged (merge+compare): {merge.ElapsedMilliseconds} ms; warm: {warm.ElapsedMilliseconds} ms");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
