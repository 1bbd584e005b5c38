using System.Text.RegularExpressions;
using System.Xml.Linq;
using Yunying.Core.Tenancy;
using Yunying.Server.Dashboard;
using Yunying.Testing;

namespace Yunying.Server.BrowserTests;

/// <summary>
/// Every string the dashboard asks for exists in English and in Chinese, so no page shows a bare resource key.
/// English may leave out <c>Error.*</c> keys: it shows the services' own sentences instead.
/// </summary>
public sealed partial class ResourceTests
{
    private static readonly string ServerFolder = Path.Combine(Repository.Root, "src", "Yunying.Server");

    [Fact]
    public void Resources_Chinese_HasEveryEnglishKey()
    {
        var english = Keys("SharedResource.resx");
        var chinese = Keys("SharedResource.zh-CN.resx");

        Assert.Empty(english.Except(chinese));
        Assert.DoesNotContain(chinese.Except(english), key => !key.StartsWith("Error.", StringComparison.Ordinal));
        Assert.DoesNotContain(english, key => key.StartsWith("Error.", StringComparison.Ordinal));
    }

    [Fact]
    public void Resources_EveryKeyThePagesUse_Exists()
    {
        var english = Keys("SharedResource.resx");
        var sources = Directory.EnumerateFiles(Path.Combine(ServerFolder, "Dashboard"), "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cshtml", StringComparison.Ordinal) || path.EndsWith(".cs", StringComparison.Ordinal));
        var literal = sources.SelectMany(path => LiteralKey().Matches(File.ReadAllText(path)).Select(m => m.Groups["key"].Value))
            .Where(key => !key.EndsWith('.'));
        var built = DashboardSection.All.SelectMany(s => s.PlanKeys.Append(s.NameKey).Append(s.SummaryKey).Concat(s.IsBuilt ? [] : [s.ArrivesKey]))
            .Concat(ProjectRoles.All.SelectMany(r => new[] { "Role." + r.Name(), "Role." + r.Name() + ".Help" }));

        var used = literal.Concat(built).ToHashSet();

        Assert.NotEmpty(used);
        Assert.Empty(used.Except(english).Order());
    }

    [Fact]
    public void Resources_Placeholders_MatchBetweenLanguages()
    {
        var english = Values("SharedResource.resx");
        var chinese = Values("SharedResource.zh-CN.resx");

        var mismatched = english.Where(e => chinese.TryGetValue(e.Key, out var zh) && Placeholders(e.Value) != Placeholders(zh)).Select(e => e.Key);

        Assert.Empty(mismatched);
    }

    private static string Placeholders(string text) => string.Join(",", Placeholder().Matches(text).Select(m => m.Value).Order());

    private static HashSet<string> Keys(string file) => Values(file).Keys.ToHashSet();

    private static Dictionary<string, string> Values(string file) =>
        XDocument.Load(Path.Combine(ServerFolder, "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    [GeneratedRegex(@"(?:\bT|\btext)\[""(?<key>[A-Za-z][A-Za-z0-9_.]*)""")]
    private static partial Regex LiteralKey();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
