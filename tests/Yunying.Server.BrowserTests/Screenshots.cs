using Microsoft.Playwright;
using Yunying.Testing;

namespace Yunying.Server.BrowserTests;

/// <summary>Full-page screenshots under <c>artifacts/screenshots/</c> at the repository root, named by test and step.</summary>
public static class Screenshots
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var folder = Path.Combine(Repository.Root, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    public static async Task SaveAsync(IPage page, string test, string step)
    {
        var path = Path.Combine(Folder.Value, $"{test}--{step}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }
}
