using System.Globalization;
using System.Text;
using Yunying.Events.Partition;
using Yunying.Events.Reading;

namespace Yunying.Events.Tests;

/// <summary>The tokenizer's fast scan must give exactly the tokens <see cref="System.Text.Json.Utf8JsonReader"/> gives.</summary>
public sealed class TokenizerTests
{
    private const string Corruptions = "{}[]\",:\\ -.e0x\u0001";

    public static TheoryData<string> Objects =>
    [
        "{}",
        " \t\r\n{ } ",
        """{"utm_source":"wechat","platform":"ios","city":"上海","app_version":"2.3.0","$pathname":"/home"}""",
        """{ "a" : 1 , "b":-0.5e-3,"c":true,"d":false,"e":null , "f":"" }""",
        """{"amount":30,"product_id":"vip_month","currency":"CNY"}""",
        """{"a":1}trailing bytes are never read""",
        """{"a":"x","a":"y"}""",
        """{"nested":{"x":1},"after":2}""",
        """{"list":[1,2,{"x":"y"}],"after":"z"}""",
        """{"escaped":"line\nbreak","after":1}""",
        """{"esc\u0061ped key":1}""",
        """{"a":1,}""",
        """{"a":01}""",
        """{"a":1.}""",
        """{"a":.5}""",
        """{"a":-}""",
        """{"a":1e}""",
        """{"a":1e+}""",
        """{"a":+1}""",
        """{"a":1x}""",
        """{"a":truex}""",
        """{"a":tru}""",
        """{"a":NaN}""",
        """{"a":Infinity}""",
        """{"a":1e400,"b":2}""",
        """{"a":-1e400}""",
        """{"a":4.9e-324,"b":1.7976931348623157e308,"c":123456789012345678901234567890}""",
        """{"a":0.1,"b":0.30000000000000004,"c":-0,"d":9007199254740993}""",
        """{"a" 1}""",
        """{"a":1 "b":2}""",
        "{\"a\":\"unterminated",
        """{"a":1""",
        "{\"a\":",
        "{\"a",
        "{",
        """[1,2]""",
        "\"just a string\"",
        """42""",
        """{/*comment*/"a":1}""",
        "{\"tab\":\"a\tb\",\"after\":1}",
        "{\"a\":\"\u2028\",\"b\":\"😀\"}",
    ];

    [Theory]
    [MemberData(nameof(Objects))]
    public void Add_AnyObject_SameTokensAsTheReader(string json) => AssertSameTokens(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Add_InvalidUtf8_SameTokensAsTheReader()
    {
        AssertSameTokens([.. "{\"a\":\""u8, 0xFF, 0xFE, .. "\",\"b\":1}"u8]);
        AssertSameTokens([.. "{\"a\":1,\"b\":\""u8, 0xC3, .. "\"}"u8]);
        AssertSameTokens([.. "{\"a\":1}"u8, 0xFF]);
        AssertSameTokens([.. "{\""u8, 0xFF, .. "\":1,\"b\":2}"u8]);
        AssertSameTokens([.. "{\"a\":\""u8, 0xC0, 0xAF, .. "\",\"b\":2}"u8]); // overlong
        AssertSameTokens([.. "{\"a\":\""u8, 0xED, 0xA0, 0x80, .. "\",\"b\":2}"u8]); // a surrogate
        AssertSameTokens([.. "{\"a\":\""u8, 0xF4, 0x90, 0x80, 0x80, .. "\",\"b\":2}"u8]); // past U+10FFFF
        AssertSameTokens([.. "{\"a\":\""u8, 0x80, .. "\\n\",\"b\":2}"u8]); // invalid and escaped
    }

    [Fact]
    public void Add_RandomFlatAndBrokenObjects_SameTokensAsTheReader()
    {
        var random = new Random(20261122);
        for (var n = 0; n < 5_000; n++)
        {
            var json = Encoding.UTF8.GetBytes(RandomObject(random));
            AssertSameTokens(json);

            // Every prefix and a few single-byte corruptions: the reader keeps what precedes a fault.
            AssertSameTokens(json.AsSpan(0, random.Next(json.Length + 1)).ToArray());
            var broken = (byte[])json.Clone();
            if (broken.Length > 0)
            {
                broken[random.Next(broken.Length)] = (byte)Corruptions[random.Next(Corruptions.Length)];
            }

            AssertSameTokens(broken);
        }
    }

    [Fact]
    public void Add_SeveralEvents_TokensOfEachEventAreItsOwn()
    {
        using var batch = new TokenizedBatch();
        batch.Add("""{"a":"x","b":2}"""u8);
        batch.Add(""u8);
        batch.Add("""{"c":{"nested":true}}"""u8);
        batch.Add("""{"d":null}"""u8);

        Assert.Equal(4, batch.EventCount);
        Assert.Equal(2, batch.TokensOf(0).Length);
        Assert.Equal(0, batch.TokensOf(1).Length);
        Assert.Equal(PropertyValueKind.Json, batch.TokensOf(2)[0].Kind);
        Assert.Equal(PropertyValueKind.Null, batch.TokensOf(3)[0].Kind);
    }

    private static void AssertSameTokens(byte[] json)
    {
        using var fast = new TokenizedBatch();
        using var reader = new TokenizedBatch();
        fast.Add(json);
        reader.AddUsingReader(json);

        Assert.Equal(Describe(reader, json), Describe(fast, json));
    }

    private static List<string> Describe(TokenizedBatch batch, byte[] json)
    {
        var result = new List<string>();
        foreach (var token in batch.TokensOf(0))
        {
            var key = Text(batch, json, token.KeyInArena, token.KeyStart, token.KeyLength);
            var value = token.Kind switch
            {
                PropertyValueKind.String or PropertyValueKind.Json => Text(batch, json, token.ValueInArena, token.ValueStart, token.ValueLength),
                PropertyValueKind.Number => BitConverter.DoubleToInt64Bits(token.Number).ToString(CultureInfo.InvariantCulture),
                _ => string.Empty,
            };
            result.Add($"{token.Kind}|{key}|{value}");
        }

        return result;
    }

    private static string Text(TokenizedBatch batch, byte[] json, bool inArena, int start, int length) =>
        Convert.ToHexString(inArena ? batch.Arena.Slice(start, length) : json.AsSpan(start, length));

    private static string RandomObject(Random random)
    {
        var builder = new StringBuilder();
        builder.Append(Space(random)).Append('{');
        var count = random.Next(8);
        for (var i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",").Append(Space(random));
            builder.Append('"').Append(RandomText(random)).Append('"').Append(Space(random)).Append(':').Append(Space(random));
            builder.Append(random.Next(9) switch
            {
                0 => "true",
                1 => "false",
                2 => "null",
                3 => RandomNumber(random),
                4 => RandomNumber(random),
                5 => random.Next(4) == 0 ? "{\"x\":[1,\"y\"]}" : "[]",
                _ => "\"" + RandomText(random) + "\"",
            }).Append(Space(random));
        }

        return builder.Append('}').ToString();
    }

    private static string RandomText(Random random)
    {
        const string Alphabet = "abcXYZ_$/.-019 上海北京😀é";
        var length = random.Next(12);
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(40) switch
            {
                0 => "\\n",
                1 => "\\\"",
                2 => "\\u4e0a",
                _ => Alphabet[random.Next(Alphabet.Length)].ToString(),
            });
        }

        return builder.ToString();
    }

    private static string RandomNumber(Random random) => random.Next(6) switch
    {
        0 => random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
        1 => (random.NextDouble() * Math.Pow(10, random.Next(-30, 30))).ToString("R", CultureInfo.InvariantCulture),
        2 => "-" + random.NextInt64().ToString(CultureInfo.InvariantCulture) + random.NextInt64().ToString(CultureInfo.InvariantCulture),
        3 => random.Next(10) + "." + random.Next(100000) + "e" + random.Next(-400, 400),
        4 => random.Next(1000) + "E+" + random.Next(3),
        _ => "0." + new string('0', random.Next(20)) + random.Next(1, 99999),
    };

    private static string Space(Random random) => random.Next(4) switch
    {
        0 => " ",
        1 => "\n\t ",
        _ => string.Empty,
    };
}
