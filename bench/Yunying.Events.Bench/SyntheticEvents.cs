using System.Text;

namespace Yunying.Events.Bench;

/// <summary>A realistic product-analytics mix: page views, clicks, carts, sign-ups and purchases over ~100k distinct ids.</summary>
internal sealed class SyntheticEvents
{
    private static readonly string[] Sources = ["google", "wechat", "douyin", "xiaohongshu", "baidu", "newsletter", "bilibili", "direct"];
    private static readonly string[] Platforms = ["ios", "android", "web", "miniprogram"];

    private readonly EventRecord[][] _templates;

    public SyntheticEvents(int distinctIds, int templateBatches, int batchSize, int seed)
    {
        var random = new Random(seed);
        var cities = Enumerable.Range(0, 60).Select(i => $"city-{i:D2}").ToArray();
        var versions = Enumerable.Range(0, 20).Select(i => $"3.{i / 5}.{i % 5}").ToArray();
        _templates = new EventRecord[templateBatches][];
        for (var b = 0; b < templateBatches; b++)
        {
            var batch = new EventRecord[batchSize];
            for (var i = 0; i < batchSize; i++)
            {
                // Skewed activity: a few heavy users, a long tail.
                var user = (int)(distinctIds * Math.Pow(random.NextDouble(), 2.5));
                var roll = random.Next(100);
                var name = roll switch
                {
                    < 55 => "$pageview",
                    < 75 => "click",
                    < 85 => "add_to_cart",
                    < 90 => "signup",
                    < 95 => "purchase",
                    _ => "$identify",
                };
                var json = new StringBuilder(160).Append('{');
                if (random.Next(10) < 7)
                {
                    json.Append("\"utm_source\":\"").Append(Sources[random.Next(Sources.Length)]).Append("\",");
                }

                json.Append("\"platform\":\"").Append(Platforms[user % Platforms.Length]).Append("\",");
                json.Append("\"city\":\"").Append(cities[user % cities.Length]).Append("\",");
                json.Append("\"app_version\":\"").Append(versions[(user + b) % versions.Length]).Append('"');
                if (name is "purchase" or "add_to_cart")
                {
                    json.Append(",\"product_id\":\"p-").Append(random.Next(2000)).Append('"');
                }

                if (name == "purchase")
                {
                    json.Append(",\"amount\":").Append(Math.Round(random.NextDouble() * 500, 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                json.Append('}');
                batch[i] = new EventRecord(Guid.Empty, 0, name, $"user-{user}", Encoding.UTF8.GetBytes(json.ToString()));
            }

            _templates[b] = batch;
        }
    }

    /// <summary>Batch number <paramref name="index"/> of <paramref name="total"/>, with fresh uuids and timestamps spread over 30 days before <paramref name="end"/>.</summary>
    public EventRecord[] Batch(long index, long total, long end)
    {
        var template = _templates[index % _templates.Length];
        var span = 30L * 24 * 3600 * 1_000_000;
        var start = end - span;
        var batch = new EventRecord[template.Length];
        var baseTime = start + (long)((double)span * index / total);
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = template[i] with { Uuid = new Guid((int)index, (short)i, 0x7000, 1, 2, 3, 4, 5, 6, 7, 8), TimestampMicros = baseTime + (i * 1000L) };
        }

        return batch;
    }
}
