using System;
using System.IO;
using System.Reflection;
using CachingArchitect.Build.Report;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CachingArchitect.Build;

/// <summary>
/// Writes <c>TODO_caching-architect.md</c> from the compiler's SARIF v2.1 log (see docs/todo-report.md).
/// Never fails the build: an unusable log or an IO error is one coded warning and the previous file stays as it was.
/// </summary>
public sealed class WriteCachingReport : Task
{
    /// <summary>The MSBuild <c>ErrorLog</c> value (<c>path[,version=2.1]</c>).</summary>
    [Required]
    public string ErrorLog { get; set; } = "";

    [Required]
    public string ProjectName { get; set; } = "";

    [Required]
    public string ProjectDirectory { get; set; } = "";

    /// <summary>Project file name for the Commands section (e.g. <c>Shop.Api.csproj</c>).</summary>
    public string ProjectFileName { get; set; } = "";

    [Required]
    public string OutputPath { get; set; } = "";

    /// <summary>CachingArchitect package version; defaults to the task assembly's informational version.</summary>
    public string PackageVersion { get; set; } = "";

    /// <summary><c>PerProject</c> (default) or <c>Shared</c>.</summary>
    public string Mode { get; set; } = "";

    /// <summary>True when the file is current (written or unchanged): the target then touches its stamp file.</summary>
    [Output]
    public bool UpToDate { get; set; }

    /// <summary>True when the file was (re)written by this run.</summary>
    [Output]
    public bool Written { get; set; }

    public override bool Execute()
    {
        try
        {
            var mode = string.Equals(Mode, "Shared", StringComparison.OrdinalIgnoreCase) ? TodoMode.Shared : TodoMode.PerProject;
            var options = new TodoOptions(ErrorLog, ProjectName, ProjectDirectory,
                string.IsNullOrEmpty(ProjectFileName) ? ProjectName + ".csproj" : ProjectFileName,
                Path.GetFullPath(Path.Combine(ProjectDirectory, OutputPath)), ResolveVersion(PackageVersion), mode);
            var result = TodoWriter.Run(options);
            foreach (var (code, message) in result.Warnings)
            {
                Log.LogWarning(subcategory: null, warningCode: code, helpKeyword: null, helpLink: "https://github.com/caching-architect/CachingArchitect/blob/main/docs/todo-report.md#warnings",
                    file: null, lineNumber: 0, columnNumber: 0, endLineNumber: 0, endColumnNumber: 0, message: message);
            }

            foreach (var message in result.Messages)
            {
                Log.LogMessage(result.Outcome == TodoOutcome.Written ? MessageImportance.Normal : MessageImportance.Low, message);
            }

            Written = result.Outcome == TodoOutcome.Written;
            UpToDate = result.Outcome != TodoOutcome.Skipped;
        }
        catch (Exception e)
        {
            // A bug in the report must never break the user's build.
            Log.LogWarning(subcategory: null, warningCode: TodoWriter.WriteFailedCode, helpKeyword: null, helpLink: null, file: null,
                lineNumber: 0, columnNumber: 0, endLineNumber: 0, endColumnNumber: 0, message: "CachingArchitect: writing the TODO failed: " + e);
        }

        return !Log.HasLoggedErrors;
    }

    internal static string ResolveVersion(string packageVersion)
    {
        if (!string.IsNullOrWhiteSpace(packageVersion) && char.IsDigit(packageVersion.Trim()[0]))
        {
            return packageVersion.Trim();
        }

        var informational = typeof(WriteCachingReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+');
        return plus > 0 ? informational.Substring(0, plus) : informational;
    }
}
