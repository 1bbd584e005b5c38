using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace Yunying.Dashboard.Bench;

/// <summary>Loads dashboard pages in a signed-in Chromium page and times them end to end.</summary>
internal sealed class PageTimer(IPage page)
{
    // Added to every document before its own scripts run. Every chart holder the dashboard's chart script
    // (insights.js) draws into: the builder's #insight-chart (when its #insight-data is there) and each
    // [data-insight-chart] followed by its data; and the home's charts (home.js, the holders under
    // [data-testid^=chart-] when its #overview-data is there). The scripts mark a holder data-ready="true" once ECharts has
    // drawn it (setOption without lazy update paints the canvas at once). From the load event on, the page's
    // clock is noted the first moment every holder is drawn (at once, or when a later data-ready change
    // completes them), so the time is the page's own and not when the benchmark next looked.
    private const string DrawnMarker = """
        (() => {
            const holders = () => {
                const found = [];
                const builder = document.getElementById("insight-chart");
                if (builder && document.getElementById("insight-data")) {
                    found.push(builder);
                }
                if (document.getElementById("overview-data")) {
                    document.querySelectorAll("[data-testid^=chart-]").forEach((h) => found.push(h));
                }
                document.querySelectorAll("[data-insight-chart]").forEach((h) => {
                    const data = h.nextElementSibling;
                    if (data && data.classList.contains("insight-data")) {
                        found.push(h);
                    }
                });
                return found;
            };
            const check = () => {
                if (window.pagebenchDrawn !== undefined) {
                    return true;
                }
                const all = holders();
                if (all.every((h) => h.dataset.ready === "true" && h.querySelector("canvas"))) {
                    window.pagebenchDrawn = { at: performance.now(), origin: performance.timeOrigin, charts: all.length };
                    return true;
                }
                return false;
            };
            window.addEventListener("load", () => {
                if (!check()) {
                    const observer = new MutationObserver(() => {
                        if (check()) {
                            observer.disconnect();
                        }
                    });
                    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-ready"] });
                }
            });
        })();
        """;

    private const string Navigation = """
        () => {
            const n = performance.getEntriesByType("navigation")[0];
            return { ttfb: n.responseStart, responseEnd: n.responseEnd, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, bytes: n.encodedBodySize };
        }
        """;

    /// <summary>Notes, in every page the context opens, when all of its charts have drawn.</summary>
    public static Task PrepareAsync(IBrowserContext context) => context.AddInitScriptAsync(DrawnMarker);

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
        var startedAt = DateTimeOffset.UtcNow;
        var response = await page.GotoAsync(pathAndQuery, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 300_000 });
        await page.WaitForFunctionAsync("() => window.pagebenchDrawn !== undefined", null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        var observed = watch.Elapsed.TotalMilliseconds;
        var drawn = await page.EvaluateAsync<JsonElement>("() => window.pagebenchDrawn");
        var timing = await page.EvaluateAsync<JsonElement>(Navigation);
        var drawnAt = drawn.GetProperty("at").GetDouble();

        // From GotoAsync's start to the drawing, on the one wall clock the bench and the page share: the page's
        // time origin (its navigation start) plus its own clock at the drawing.
        var total = drawn.GetProperty("origin").GetDouble() + drawnAt - startedAt.ToUnixTimeMilliseconds() - (startedAt.Ticks % TimeSpan.TicksPerMillisecond / (double)TimeSpan.TicksPerMillisecond);
        return new PageLoad(
            total,
            observed,
            timing.GetProperty("ttfb").GetDouble(),
            timing.GetProperty("responseEnd").GetDouble(),
            timing.GetProperty("dcl").GetDouble(),
            timing.GetProperty("load").GetDouble(),
            drawnAt,
            drawn.GetProperty("charts").GetInt32(),
            response?.Status ?? 0,
            (long)timing.GetProperty("bytes").GetDouble(),
            await page.Locator("[data-testid=stale-note]").CountAsync() > 0);
    }
}
