using Microsoft.Playwright;

namespace Yunying.Server.BrowserTests;

/// <summary>Full-page screenshots under <c>artifacts/screenshots/</c> at the repository root, named by test and step.</summary>
public static class Screenshots
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    public static async Task SaveAsync(IPage page, string test, string step)
    {
        var path = Path.Combine(Folder.Value, $"{test}--{step}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }

    /// <summary>The folder holding Yunying.slnx, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Yunying.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Yunying.slnx above {AppContext.BaseDirectory}.");
    }
}
