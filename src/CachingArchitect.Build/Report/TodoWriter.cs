using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace CachingArchitect.Build.Report;

public enum TodoMode
{
    /// <summary>One file per project (default: next to the project file).</summary>
    PerProject,

    /// <summary>One file shared by several projects; each project owns one block, rewritten under a cross-process lock.</summary>
    Shared,
}

public enum TodoOutcome
{
    Written,
    Unchanged,

    /// <summary>Nothing written: unusable log, or the build failed for reasons other than CachingArchitect's findings.</summary>
    Skipped,
}

/// <param name="ErrorLog">The MSBuild <c>ErrorLog</c> value (<c>path[,version=2.1]</c>).</param>
/// <param name="ProjectName">Name shown in the heading (and the block key in shared mode).</param>
/// <param name="ProjectDirectory">Locations are made relative to it.</param>
/// <param name="ProjectFileName">Used in the Commands section, e.g. <c>Shop.Api.csproj</c>.</param>
/// <param name="OutputPath">The TODO file.</param>
/// <param name="Version">CachingArchitect package version shown in the header.</param>
/// <param name="Mode">Per-project file or one shared file.</param>
public sealed record TodoOptions(string ErrorLog, string ProjectName, string ProjectDirectory, string ProjectFileName, string OutputPath, string Version, TodoMode Mode);

public sealed class TodoResult
{
    public TodoOutcome Outcome { get; internal set; }

    /// <summary>(code, message): at most one per run, e.g. CACHEBUILD001 for an unusable log.</summary>
    public List<(string Code, string Message)> Warnings { get; } = new();

    /// <summary>Low-importance messages (decisions, timings) for the build log.</summary>
    public List<string> Messages { get; } = new();

    public int FindingCount { get; internal set; }
}

/// <summary>Reads the log, merges with the existing file and writes it atomically when the content changed.</summary>
public static partial class TodoWriter
{
    public const string UnusableLogCode = "CACHEBUILD001";
    public const string WriteFailedCode = "CACHEBUILD002";

    private const string SharedHeader =
        "<!-- caching-architect:shared — one block per project (CachingArchitectTodoMode=Shared); each project's build rewrites only its own block. Notes and ticks inside a block are kept as in a per-project file. -->";

    private static readonly Regex BlockBegin = BlockBeginPattern();

    public static TodoResult Run(TodoOptions options)
    {
        var result = new TodoResult();
        var stopwatch = Stopwatch.StartNew();
        var (sarifPath, _) = SarifReader.ParseErrorLogValue(options.ErrorLog);
        if (sarifPath.Length == 0)
        {
            result.Outcome = TodoOutcome.Skipped;
            result.Warnings.Add((UnusableLogCode, "CachingArchitect: ErrorLog is empty, so there is no SARIF log to build TODO_caching-architect.md from; the previous file is left untouched."));
            return result;
        }

        if (!Path.IsPathRooted(sarifPath))
        {
            sarifPath = Path.GetFullPath(Path.Combine(options.ProjectDirectory, sarifPath));
        }

        SarifLog log;
        try
        {
            log = SarifReader.ReadFile(sarifPath, options.ProjectDirectory);
        }
        catch (SarifReadException e)
        {
            result.Outcome = TodoOutcome.Skipped;
            result.Warnings.Add((UnusableLogCode, "CachingArchitect: " + e.Message + " " + Path.GetFileName(options.OutputPath) + " is left untouched."));
            return result;
        }

        if (log.ForeignErrors.Count > 0)
        {
            result.Outcome = TodoOutcome.Skipped;
            result.Messages.Add("CachingArchitect: the build failed for reasons other than CachingArchitect findings (" + log.ForeignErrors[0] +
                                (log.ForeignErrors.Count > 1 ? ", …" : "") + "); " + options.OutputPath + " is left untouched.");
            return result;
        }

        var data = ReportData.From(log);
        result.FindingCount = data.Findings.Count;
        var input = new ReportInput(options.ProjectName, options.ProjectFileName, options.Version, data);
        var parsed = stopwatch.Elapsed;

        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(options.OutputPath))!;
            Directory.CreateDirectory(directory);
            using (AcquireLock(options.OutputPath))
            {
                var existing = File.Exists(options.OutputPath) ? File.ReadAllText(options.OutputPath, Encoding.UTF8) : null;
                var content = options.Mode == TodoMode.Shared
                    ? MergeShared(existing, input)
                    : TodoRenderer.Render(input, PreviousForProject(existing, input.ProjectName));
                // A CRLF checkout (git autocrlf) of an otherwise identical file is not rewritten either.
                if (existing is not null && (string.Equals(existing, content, StringComparison.Ordinal) ||
                                             string.Equals(existing.Replace("\r\n", "\n"), content, StringComparison.Ordinal)))
                {
                    result.Outcome = TodoOutcome.Unchanged;
                }
                else
                {
                    WriteAtomically(options.OutputPath, content);
                    result.Outcome = TodoOutcome.Written;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
        {
            result.Outcome = TodoOutcome.Skipped;
            result.Warnings.Add((WriteFailedCode, "CachingArchitect: could not write '" + options.OutputPath + "': " + e.Message));
            return result;
        }

        result.Messages.Add("CachingArchitect: " + (result.Outcome == TodoOutcome.Written ? "wrote" : "unchanged") + " " + options.OutputPath + " (" +
                            data.Findings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " finding(s); read " +
                            ((int)parsed.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + " ms, total " +
                            ((int)stopwatch.Elapsed.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + " ms).");
        return result;
    }

    /// <summary>
    /// The previous state for a per-project file. A file that was a shared file (blocks) contributes only this
    /// project's block, so switching modes keeps ticks and notes without adopting other projects' items.
    /// </summary>
    internal static TodoDocument PreviousForProject(string? existing, string projectName)
    {
        if (existing is null)
        {
            return TodoDocument.Empty;
        }

        var blocks = ParseBlocks(existing);
        if (blocks.Count == 0)
        {
            return TodoDocument.Parse(existing);
        }

        return blocks.TryGetValue(projectName, out var block) ? TodoDocument.Parse(block) : TodoDocument.Empty;
    }

    private static SortedDictionary<string, string> ParseBlocks(string existing)
    {
        var blocks = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var lines = existing.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var m = BlockBegin.Match(lines[i]);
            if (!m.Success)
            {
                continue;
            }

            var name = m.Groups["name"].Value;
            var end = "<!-- caching-architect:end " + name + " -->";
            var body = new StringBuilder();
            i++;
            while (i < lines.Length && lines[i] != end)
            {
                body.Append(lines[i]).Append('\n');
                i++;
            }

            blocks[name] = body.ToString();
        }

        return blocks;
    }

    /// <summary>Replaces (or adds) this project's block of a shared file; other projects' blocks are kept verbatim, blocks sorted by project name.</summary>
    public static string MergeShared(string? existing, ReportInput input)
    {
        var blocks = existing is null ? new SortedDictionary<string, string>(StringComparer.Ordinal) : ParseBlocks(existing);
        if (existing is not null && blocks.Count == 0 && existing.StartsWith("# Caching architecture plan — " + input.ProjectName + "\n", StringComparison.Ordinal))
        {
            blocks[input.ProjectName] = existing.Replace("\r\n", "\n"); // this project's per-project file becomes its block
        }

        blocks.TryGetValue(input.ProjectName, out var previous);
        blocks[input.ProjectName] = TodoRenderer.Render(input, previous is null ? TodoDocument.Empty : TodoDocument.Parse(previous));

        var output = new StringBuilder();
        output.Append(SharedHeader).Append('\n');
        foreach (var pair in blocks)
        {
            output.Append('\n');
            output.Append("<!-- caching-architect:begin ").Append(pair.Key).Append(" -->\n");
            output.Append(pair.Value);
            output.Append("<!-- caching-architect:end ").Append(pair.Key).Append(" -->\n");
        }

        return output.ToString();
    }

    /// <summary>Temp file in the same directory, then File.Replace (or File.Move when new): readers never see half a file.</summary>
    public static void WriteAtomically(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        try
        {
            File.WriteAllBytes(temp, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content));
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (File.Exists(full))
                    {
                        File.Replace(temp, full, destinationBackupFileName: null, ignoreMetadataErrors: true);
                    }
                    else
                    {
                        File.Move(temp, full, overwrite: true);
                    }

                    break;
                }
                catch (IOException) when (attempt < 5)
                {
                    Thread.Sleep(50 * attempt); // e.g. an editor or virus scanner holds the file for a moment (Windows)
                }
            }
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// A cross-process lock for one TODO path (shared mode: several projects under <c>dotnet build -m</c>): an
    /// exclusively opened lock file in the temp directory, named after a hash of the full path. Never deleted
    /// (deleting a lock file would let two writers lock different inodes).
    /// </summary>
    public static IDisposable AcquireLock(string todoPath, TimeSpan? timeout = null)
    {
        var full = Path.GetFullPath(todoPath);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(OperatingSystem.IsWindows() ? full.ToUpperInvariant() : full)), 0, 8);
        var lockPath = Path.Combine(Path.GetTempPath(), "cachingarchitect-todo-" + key + ".lock");
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (deadline.Elapsed < limit)
            {
                Thread.Sleep(25);
            }
            catch (IOException e)
            {
                throw new TimeoutException("Timed out after " + limit.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s waiting for the lock '" + lockPath + "' of '" + full + "'.", e);
            }
        }
    }

    internal static IEnumerable<string> BlockNames(string text) =>
        text.Replace("\r\n", "\n").Split('\n').Select(l => BlockBegin.Match(l)).Where(m => m.Success).Select(m => m.Groups["name"].Value);

    // Source-generated regexes: no Reflection.Emit or interpreter in the build task (it runs once per build, mostly cold).
    [GeneratedRegex(@"^<!-- caching-architect:begin (?<name>.+?) -->$", RegexOptions.CultureInvariant)]
    private static partial Regex BlockBeginPattern();
}
