namespace CachingArchitect.Analyzers.Tests.Rules.Http;

internal static class HttpTestSupport
{
    public const string Usings = """
        using Microsoft.AspNetCore.Antiforgery;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Authorization;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Net.Http.Headers;

        """;
}
