using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Yunying.Events;

namespace Yunying.Analytics.Demo;

/// <summary>
/// Generates a believable product's events: visitors arrive through channels (growing, then levelling off),
/// some sign up (an <c>$identify</c> merges their anonymous id), some activate and buy, and they come back
/// less and less as their cohort ages. Deterministic: every user has their own random streams derived from
/// the seed, so chunks can be generated in any order, in parallel, with identical results.
/// </summary>
public sealed class DemoGenerator
{
    private const long MicrosPerDay = 86_400_000_000L;
    private const long MicrosPerHour = 3_600_000_000L;
    private const int SkeletonStream = 0;
    private const int DetailStream = 1;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly JsonEncodedText UtmSource = JsonEncodedText.Encode("utm_source");
    private static readonly JsonEncodedText Platform = JsonEncodedText.Encode("platform");
    private static readonly JsonEncodedText City = JsonEncodedText.Encode("city");
    private static readonly JsonEncodedText AppVersion = JsonEncodedText.Encode("app_version");
    private static readonly JsonEncodedText Pathname = JsonEncodedText.Encode("$pathname");
    private static readonly JsonEncodedText Amount = JsonEncodedText.Encode("amount");
    private static readonly JsonEncodedText ProductId = JsonEncodedText.Encode("product_id");
    private static readonly JsonEncodedText Currency = JsonEncodedText.Encode("currency");
    private static readonly JsonEncodedText Cny = JsonEncodedText.Encode("CNY");
    private static readonly JsonEncodedText AnonDistinctId = JsonEncodedText.Encode("$anon_distinct_id");
    private static readonly JsonEncodedText Set = JsonEncodedText.Encode("$set");
    private static readonly JsonEncodedText SetOnce = JsonEncodedText.Encode("$set_once");
    private static readonly JsonEncodedText InitialUtmSource = JsonEncodedText.Encode("initial_utm_source");
    private static readonly JsonEncodedText Streak = JsonEncodedText.Encode("streak");

    /// <summary>Event names the demo product sends.</summary>
    public const string PageView = "$pageview";
    public const string Identify = "$identify";
    public const string Signup = "signup";
    public const string Activation = "first_action";
    public const string Purchase = "purchase";
    public const string CheckIn = "check_in";
    public const string Share = "share";
    public const string Invite = "invite";

    private readonly DemoOptions _options;
    private readonly double[] _arrivalWeights;
    private readonly long _firstDayMicros;
    private readonly double _extraPerActiveDay;
    private readonly double[][] _returnCurves;
    private readonly double[] _visitorReturnCurve;

    public DemoGenerator(DemoOptions options)
    {
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _options = options;
        _arrivalWeights = ArrivalWeights(options.Days);
        var firstDay = options.EndDate.AddDays(1 - options.Days).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        _firstDayMicros = EventRecord.ToMicros(new DateTimeOffset(firstDay)) - (8 * MicrosPerHour); // Asia/Shanghai midnight
        UsersPerChunk = Math.Clamp((int)(40_000L * options.Users / options.Events), 64, 8192);
        // Chance to come back at each age (days since arrival): a fast early drop, then a slow tail.
        _returnCurves = [.. DemoChannel.All.Select(c => Curve(options.Days, age => c.Retention * ((0.6 * Math.Exp(-(age - 1) / 4.0)) + (0.4 * Math.Exp(-(age - 1) / 20.0)))))];
        _visitorReturnCurve = Curve(options.Days, age => 0.06 * Math.Exp(-(age - 1) / 3.0));
        _extraPerActiveDay = ExtraEventsPerActiveDay();
    }

    public DemoOptions Options => _options;

    /// <summary>Users per chunk (a chunk makes one append batch of roughly 40,000 events).</summary>
    public int UsersPerChunk { get; }

    public int ChunkCount => (_options.Users + UsersPerChunk - 1) / UsersPerChunk;

    /// <summary>The identified distinct id of user <paramref name="user"/>.</summary>
    public static string UserId(int user) => $"user_{user}";

    /// <summary>Every event, chunk after chunk (each chunk's users in order, each user's events in time order).</summary>
    public IEnumerable<EventRecord> Events()
    {
        for (var chunk = 0; chunk < ChunkCount; chunk++)
        {
            foreach (var record in GenerateChunk(chunk))
            {
                yield return record;
            }
        }
    }

    /// <summary>The events of one chunk of users; safe to call concurrently for different chunks.</summary>
    public List<EventRecord> GenerateChunk(int chunk)
    {
        var first = chunk * UsersPerChunk;
        var last = Math.Min(_options.Users, first + UsersPerChunk);
        var expected = (int)Math.Min(int.MaxValue / 2, (long)(last - first) * _options.Events / _options.Users * 11 / 10 + 16);
        var state = new ChunkState(expected);
        for (var user = first; user < last; user++)
        {
            GenerateUser(user, state);
        }

        var memory = state.Buffer.WrittenMemory;
        var records = new List<EventRecord>(state.Pending.Count);
        foreach (var (uuid, micros, name, distinctId, start, length) in state.Pending)
        {
            records.Add(new EventRecord(uuid, micros, name, distinctId, memory.Slice(start, length)));
        }

        return records;
    }

    private sealed class ChunkState(int expected)
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(Math.Max(1024, expected * 150));

        public List<(Guid Uuid, long Micros, string Name, string DistinctId, int Start, int Length)> Pending { get; } = new(expected);

        public Utf8JsonWriter? Writer { get; set; }

        public List<int> ActiveDays { get; } = [];
    }

    /// <summary>Who the user is and on which days they show up; drawn from its own stream so counting and generating agree.</summary>
    private (int Channel, int Platform, int City, int Arrival, bool SignsUp) Skeleton(int user, List<int> activeDays)
    {
        var random = DemoRandom.For(_options.Seed, user, SkeletonStream);
        var channelIndex = random.Pick(DemoCatalog.ChannelWeights);
        var channel = DemoChannel.All[channelIndex];
        var platform = random.Pick(DemoCatalog.PlatformWeights);
        var city = random.Pick(DemoCatalog.CityWeights);
        var arrival = random.Pick(_arrivalWeights);
        var signsUp = random.Chance(channel.SignupRate);
        activeDays.Clear();
        activeDays.Add(arrival);
        var curve = signsUp ? _returnCurves[channelIndex] : _visitorReturnCurve;
        for (var day = arrival + 1; day < _options.Days; day++)
        {
            if (random.Chance(curve[day - arrival]))
            {
                activeDays.Add(day);
            }
        }

        return (channelIndex, platform, city, arrival, signsUp);
    }

    private double ExtraEventsPerActiveDay()
    {
        long activeDays = 0;
        long fixedEvents = 0;
        double activations = 0;
        var days = new List<int>();
        for (var user = 0; user < _options.Users; user++)
        {
            var (channel, _, _, _, signsUp) = Skeleton(user, days);
            activeDays += days.Count;
            fixedEvents += days.Count;
            if (signsUp)
            {
                fixedEvents += 2;
                activations += DemoChannel.All[channel].ActivationRate * 0.8;
            }
        }

        return Math.Max(0, (_options.Events - fixedEvents - activations) / activeDays);
    }

    private void GenerateUser(int user, ChunkState state)
    {
        var (channelIndex, platformIndex, cityIndex, arrival, signsUp) = Skeleton(user, state.ActiveDays);
        var channel = DemoChannel.All[channelIndex];
        var random = DemoRandom.For(_options.Seed, user, DetailStream);
        var context = new UserContext(channel, DemoCatalog.Platforms[platformIndex], DemoCatalog.Cities[cityIndex]);
        var anonymousId = $"anon_{random.NextUInt64():x16}";
        var userId = UserId(user);
        var willActivate = random.Chance(channel.ActivationRate);
        var activated = false;
        var streak = 0;
        var previousCheckIn = -2;
        foreach (var day in state.ActiveDays)
        {
            var release = day / DemoCatalog.ReleaseEveryDays;
            context.Version = DemoCatalog.AppVersion(random.Chance(0.3) ? release - 1 : release);
            var time = _firstDayMicros + (day * MicrosPerDay) + (random.Pick(DemoCatalog.HourWeights) * MicrosPerHour) + (long)(random.NextDouble() * MicrosPerHour);
            var extras = random.Geometric(_extraPerActiveDay);
            var identified = signsUp && day > arrival;
            var distinctId = identified ? userId : anonymousId;

            Emit(state, ref random, ref time, PageView, distinctId, context, EventKind.PageView);
            if (signsUp && day == arrival)
            {
                // Browse anonymously first, then sign up: $identify merges the anonymous id into the user.
                var before = Math.Min(extras, random.Next(3));
                for (var i = 0; i < before; i++)
                {
                    Emit(state, ref random, ref time, PageView, anonymousId, context, EventKind.PageView);
                }

                extras -= before;
                context.AnonymousId = anonymousId;
                Emit(state, ref random, ref time, Identify, userId, context, EventKind.Identify);
                Emit(state, ref random, ref time, Signup, userId, context, EventKind.Signup);
                distinctId = userId;
                identified = true;
            }

            if (identified && willActivate && !activated && (day > arrival || random.Chance(0.6)))
            {
                Emit(state, ref random, ref time, Activation, userId, context, EventKind.Plain);
                activated = true;
            }

            var checkedIn = false;
            var purchased = false;
            for (var i = 0; i < extras; i++)
            {
                var roll = random.NextDouble();
                if (activated && !checkedIn && roll < 0.25)
                {
                    streak = previousCheckIn == day - 1 ? streak + 1 : 1;
                    previousCheckIn = day;
                    context.Streak = streak;
                    Emit(state, ref random, ref time, CheckIn, distinctId, context, EventKind.CheckIn);
                    checkedIn = true;
                }
                else if (activated && !purchased && random.Chance(channel.PurchaseRate))
                {
                    Emit(state, ref random, ref time, Purchase, distinctId, context, EventKind.Purchase);
                    purchased = true;
                }
                else if (identified && roll > 0.93)
                {
                    Emit(state, ref random, ref time, roll > 0.975 ? Invite : Share, distinctId, context, EventKind.Plain);
                }
                else
                {
                    Emit(state, ref random, ref time, PageView, distinctId, context, EventKind.PageView);
                }
            }
        }
    }

    private enum EventKind
    {
        Plain,
        PageView,
        Identify,
        Signup,
        CheckIn,
        Purchase,
    }

    private sealed class UserContext(DemoChannel channel, JsonEncodedText platform, JsonEncodedText city)
    {
        public DemoChannel Channel { get; } = channel;

        public JsonEncodedText Platform { get; } = platform;

        public JsonEncodedText City { get; } = city;

        public JsonEncodedText Version { get; set; }

        public string AnonymousId { get; set; } = string.Empty;

        public int Streak { get; set; }
    }

    private static void Emit(ChunkState state, ref DemoRandom random, ref long time, string name, string distinctId, UserContext context, EventKind kind)
    {
        time += 2_000_000 + (long)(random.NextDouble() * 90_000_000); // 2–92 s after the previous event
        var buffer = state.Buffer;
        var start = buffer.WrittenCount;
        var writer = state.Writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString(UtmSource, context.Channel.Encoded);
        writer.WriteString(Platform, context.Platform);
        writer.WriteString(City, context.City);
        writer.WriteString(AppVersion, context.Version);
        switch (kind)
        {
            case EventKind.PageView:
                writer.WriteString(Pathname, DemoCatalog.Paths[random.Pick(DemoCatalog.PathWeights)]);
                break;
            case EventKind.Identify:
                writer.WriteString(AnonDistinctId, context.AnonymousId);
                writer.WriteStartObject(Set);
                writer.WriteString(Platform, context.Platform);
                writer.WriteString(City, context.City);
                writer.WriteEndObject();
                writer.WriteStartObject(SetOnce);
                writer.WriteString(InitialUtmSource, context.Channel.Encoded);
                writer.WriteEndObject();
                break;
            case EventKind.CheckIn:
                writer.WriteNumber(Streak, context.Streak);
                break;
            case EventKind.Purchase:
                var product = random.Pick(DemoCatalog.ProductWeights);
                writer.WriteNumber(Amount, DemoCatalog.ProductPrices[product]);
                writer.WriteString(ProductId, DemoCatalog.ProductIds[product]);
                writer.WriteString(Currency, Cny);
                break;
            case EventKind.Plain or EventKind.Signup:
                break;
        }

        writer.WriteEndObject();
        writer.Flush();
        state.Pending.Add((random.NextGuid(), time, name, distinctId, start, buffer.WrittenCount - start));
    }

    private static double[] Curve(int days, Func<int, double> chance)
    {
        var curve = new double[days + 1];
        for (var age = 1; age <= days; age++)
        {
            curve[age] = chance(age);
        }

        return curve;
    }

    /// <summary>New visitors per day: a launch, an S-shaped growth phase, then a plateau.</summary>
    private static double[] ArrivalWeights(int days)
    {
        var weights = new double[days];
        var sum = 0.0;
        for (var day = 0; day < days; day++)
        {
            var growth = 1.0 / (1.0 + Math.Exp(-(day - (days * 0.3)) / Math.Max(1.0, days * 0.08)));
            sum += 0.08 + growth;
            weights[day] = sum;
        }

        return weights;
    }
}
