using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CachingArchitect.Build.Report;

namespace CachingArchitect.Build.Tests;

public sealed class WriterTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ca-todo-writer-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Sarif(SarifBuilder builder, string name = "log.sarif")
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, builder.ToJson());
        return path;
    }

    private TodoOptions Options(string sarif, string project = "App", TodoMode mode = TodoMode.PerProject, string? output = null) =>
        new(sarif + ",version=2.1", project, _dir.FullName, project + ".csproj", output ?? Path.Combine(_dir.FullName, TodoRenderer.FileName), "1.2.3", mode);

    private SarifBuilder Builder() => new() { ProjectDirectory = _dir.FullName };

    [Fact]
    public void Writes_then_does_not_rewrite_an_unchanged_file()
    {
        var options = Options(Sarif(Builder().Add("CACHE001", "warning", "m", "A.cs", 3)));
        Assert.Equal(TodoOutcome.Written, TodoWriter.Run(options).Outcome);
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(options.OutputPath, stamp);

        var again = TodoWriter.Run(options);
        Assert.Equal(TodoOutcome.Unchanged, again.Outcome);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(options.OutputPath));
        Assert.Contains("`A.cs:3`", File.ReadAllText(options.OutputPath));
        Assert.Empty(Directory.GetFiles(_dir.FullName, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_CRLF_copy_of_the_same_content_is_not_rewritten()
    {
        var options = Options(Sarif(Builder().Add("CACHE001", "warning", "m", "A.cs", 3)));
        TodoWriter.Run(options);
        File.WriteAllText(options.OutputPath, File.ReadAllText(options.OutputPath).Replace("\n", "\r\n"));
        Assert.Equal(TodoOutcome.Unchanged, TodoWriter.Run(options).Outcome);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [")]
    [InlineData("v1")]
    [InlineData("missing")]
    public void An_unusable_log_gives_one_warning_and_leaves_the_file_untouched(string content)
    {
        var options = Options(Sarif(Builder().Add("CACHE001", "warning", "m", "A.cs", 3)));
        TodoWriter.Run(options);
        var before = File.ReadAllText(options.OutputPath);
        var bad = Path.Combine(_dir.FullName, "bad.sarif");
        if (content == "v1")
        {
            File.Copy(Fixture.PathOf("v1.sarif"), bad);
        }
        else if (content != "missing")
        {
            File.WriteAllText(bad, content);
        }

        var result = TodoWriter.Run(options with { ErrorLog = bad });
        Assert.Equal(TodoOutcome.Skipped, result.Outcome);
        var (code, message) = Assert.Single(result.Warnings);
        Assert.Equal("CACHEBUILD001", code);
        Assert.Contains("is left untouched", message);
        Assert.Equal(before, File.ReadAllText(options.OutputPath));
    }

    [Fact]
    public void A_build_failing_for_other_reasons_leaves_the_file_untouched_but_CACHE_errors_write_it()
    {
        var options = Options(Sarif(Builder().Add("CACHE001", "warning", "m", "A.cs", 3)));
        TodoWriter.Run(options);
        var before = File.ReadAllText(options.OutputPath);

        var foreign = TodoWriter.Run(options with { ErrorLog = Sarif(Builder().Add("CS0103", "error", "The name 'x' does not exist", "A.cs", 1).Add("CACHE071", "error", "no size", "B.cs", 2), "f.sarif") });
        Assert.Equal(TodoOutcome.Skipped, foreign.Outcome);
        Assert.Empty(foreign.Warnings);
        Assert.Contains(foreign.Messages, m => m.Contains("CS0103"));
        Assert.Equal(before, File.ReadAllText(options.OutputPath));

        var ours = TodoWriter.Run(options with { ErrorLog = Sarif(Builder().Add("CACHE001", "warning", "m", "A.cs", 3).Add("CACHE071", "error", "no size", "B.cs", 2), "o.sarif") });
        Assert.Equal(TodoOutcome.Written, ours.Outcome);
        var items = File.ReadAllLines(options.OutputPath).Where(l => l.StartsWith("- [", StringComparison.Ordinal) && l.Contains("CACHE-ITEM")).ToList();
        Assert.Contains("[CACHE071]", items[0]);
    }

    [Fact]
    public void Shared_mode_keeps_one_block_per_project_under_parallel_writers()
    {
        var shared = Path.Combine(_dir.FullName, "root", TodoRenderer.FileName);
        var projects = Enumerable.Range(1, 8).Select(i => "Project" + i).ToList();
        var sarifs = projects.Select(p => Sarif(Builder().Add("CACHE001", "warning", "in " + p, "A.cs", 3), p + ".sarif")).ToList();

        Parallel.For(0, projects.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            for (var round = 0; round < 3; round++)
            {
                var result = TodoWriter.Run(Options(sarifs[i], projects[i], TodoMode.Shared, shared));
                Assert.NotEqual(TodoOutcome.Skipped, result.Outcome);
            }
        });

        var text = File.ReadAllText(shared);
        Assert.Equal(projects, TodoWriter.BlockNames(text).ToList());
        foreach (var p in projects)
        {
            Assert.Contains("# Caching architecture plan — " + p, text);
            Assert.Contains("in " + p, text);
        }

        // A tick in one block survives another project's rebuild and its own.
        var ticked = text.Replace("- [ ] **CACHE-ITEM-1.1** [CACHE001](https://github.com/caching-architect/CachingArchitect/blob/main/docs/rules/CACHE001.md) CACHE001 title — Warning\n  - **Description**: in Project3.",
                                  "- [x] **CACHE-ITEM-1.1** [CACHE001](https://github.com/caching-architect/CachingArchitect/blob/main/docs/rules/CACHE001.md) CACHE001 title — Warning\n  - **Description**: in Project3.");
        Assert.NotEqual(text, ticked);
        File.WriteAllText(shared, ticked);
        TodoWriter.Run(Options(sarifs[0], projects[0], TodoMode.Shared, shared));
        TodoWriter.Run(Options(sarifs[2], projects[2], TodoMode.Shared, shared));
        Assert.Equal(ticked, File.ReadAllText(shared));
    }

    [Fact]
    public void Switching_modes_keeps_this_projects_ticks_and_never_adopts_other_projects_items()
    {
        var path = Path.Combine(_dir.FullName, TodoRenderer.FileName);
        var app = Sarif(Builder().Add("CACHE001", "warning", "in App", "A.cs", 3), "app.sarif");
        var other = Sarif(Builder().Add("CACHE004", "warning", "in Other", "B.cs", 3), "other.sarif");
        TodoWriter.Run(Options(app, "App"));
        File.WriteAllText(path, File.ReadAllText(path).Replace("- [ ] **CACHE-ITEM-1.1**", "- [x] **CACHE-ITEM-1.1**"));

        // Per-project → Shared: the per-project file becomes App's block.
        TodoWriter.Run(Options(app, "App", TodoMode.Shared, path));
        TodoWriter.Run(Options(other, "Other", TodoMode.Shared, path));
        var shared = File.ReadAllText(path);
        Assert.Equal(new[] { "App", "Other" }, TodoWriter.BlockNames(shared).ToArray());
        Assert.Contains("- [x] **CACHE-ITEM-1.1** [CACHE001]", shared);

        // Shared → per-project: only App's block counts; Other's item is not taken over (not even as resolved).
        TodoWriter.Run(Options(app, "App"));
        var single = File.ReadAllText(path);
        Assert.Contains("- [x] **CACHE-ITEM-1.1** [CACHE001]", single);
        Assert.DoesNotContain("CACHE004", single);
        Assert.DoesNotContain("caching-architect:begin", single);
    }

    [Fact]
    public void The_lock_excludes_a_second_holder()
    {
        var path = Path.Combine(_dir.FullName, TodoRenderer.FileName);
        using (TodoWriter.AcquireLock(path))
        {
            var task = Task.Run(() => TodoWriter.AcquireLock(path, TimeSpan.FromMilliseconds(300)));
            Assert.Throws<TimeoutException>(() => task.GetAwaiter().GetResult());
        }

        using (TodoWriter.AcquireLock(path, TimeSpan.FromSeconds(1)))
        {
        }
    }

    [Fact]
    public void Atomic_write_replaces_and_leaves_no_temp_file()
    {
        var path = Path.Combine(_dir.FullName, "sub", "x.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        TodoWriter.WriteAtomically(path, "one\n");
        TodoWriter.WriteAtomically(path, "two\n");
        Assert.Equal("two\n", File.ReadAllText(path));
        Assert.Equal(new[] { "x.md" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).ToArray());
    }
}
