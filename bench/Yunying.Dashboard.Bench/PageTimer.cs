using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace Yunying.Dashboard.Bench;

/// <summary>Loads dashboard pages in a signed-in Chromium page and times them end to end.</summary>
internal sealed class PageTimer(IPage page)
{
    // Every chart holder the dashboard's chart script (insights.js) draws into: the builder's #insight-chart
    // (when its #insight-data is there) and each [data-insight-chart] followed by its data. The script marks a
    // holder data-ready="true" once ECharts has drawn it (setOption without lazy update paints the canvas at once).
    // The predicate answers the page's clock and the number of charts once all are drawn, else false.
    private const string ChartsDrawn = """
        () => {
            if (document.readyState !== "complete") {
                return false;
            }
            const holders = [];
            const builder = document.getElementById("insight-chart");
            if (builder && document.getElementById("insight-data")) {
                holders.push(builder);
            }
            document.querySelectorAll("[data-insight-chart]").forEach((h) => {
                const data = h.nextElementSibling;
                if (data && data.classList.contains("insight-data")) {
                    holders.push(h);
                }
            });
            const drawn = holders.every((h) => h.dataset.ready === "true" && h.querySelector("canvas"));
            return drawn ? { at: performance.now(), charts: holders.length } : false;
        }
        """;

    private const string Navigation = """
        () => {
            const n = performance.getEntriesByType("navigation")[0];
            return { ttfb: n.responseStart, responseEnd: n.responseEnd, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, bytes: n.encodedBodySize };
        }
        """;

    /// <summary>Signs in on the login page, returning to the project list (not a project page, so no page under test is loaded first).</summary>
    public async Task SignInAsync(string userName, string password)
    {
        await page.GotoAsync("/login?ReturnUrl=%2Fprojects");
        await page.Locator("input[name=userName]").FillAsync(userName);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.Locator("input[name=password]").PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/projects", new PageWaitForURLOptions { Timeout = 60_000 });
    }

    public async Task<PageLoad> LoadAsync(string pathAndQuery)
    {
        var watch = Stopwatch.StartNew();
        var response = await page.GotoAsync(pathAndQuery, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 300_000 });
        var drawn = await page.WaitForFunctionAsync(ChartsDrawn, null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        var total = watch.Elapsed.TotalMilliseconds;
        var charts = await drawn.JsonValueAsync<JsonElement>();
        var timing = await page.EvaluateAsync<JsonElement>(Navigation);
        return new PageLoad(
            total,
            timing.GetProperty("ttfb").GetDouble(),
            timing.GetProperty("responseEnd").GetDouble(),
            timing.GetProperty("dcl").GetDouble(),
            timing.GetProperty("load").GetDouble(),
            charts.GetProperty("at").GetDouble(),
            charts.GetProperty("charts").GetInt32(),
            response?.Status ?? 0,
            (long)timing.GetProperty("bytes").GetDouble());
    }
}
