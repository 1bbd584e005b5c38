namespace Yunying.Testing;

/// <summary>Where the repository is, for tests that read committed files or write artifacts.</summary>
public static class Repository
{
    /// <summary>The folder holding Yunying.slnx, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Yunying.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Yunying.slnx above {AppContext.BaseDirectory}; run the tests from inside the repository.");
    }
}
