using System.Globalization;
using System.Runtime.CompilerServices;
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

    // The opening and the $identify tail of every (channel, platform, city), indexed by UserContext.Combination.
    private static readonly byte[][] Openings = Combinations(DemoFragments.Opening);
    private static readonly byte[][] IdentifyTails = Combinations(DemoFragments.IdentifyTail);

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
        : this(options, eventsPerChunk: 40_000)
    {
    }

    /// <summary>With chunks of about <paramref name="eventsPerChunk"/> events (tests use small ones to get many chunks).</summary>
    internal DemoGenerator(DemoOptions options, int eventsPerChunk)
    {
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _options = options;
        _arrivalWeights = ArrivalWeights(options.Days);
        var firstDay = options.EndDate.AddDays(1 - options.Days).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        _firstDayMicros = EventRecord.ToMicros(new DateTimeOffset(firstDay)) - (8 * MicrosPerHour); // Asia/Shanghai midnight
        UsersPerChunk = Math.Clamp((int)((long)eventsPerChunk * options.Users / options.Events), Math.Min(64, eventsPerChunk), 8192);
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
    public List<EventRecord> GenerateChunk(int chunk) => [.. GenerateChunk(chunk, new DemoChunkBuffer())];

    /// <summary>
    /// The events of one chunk, generated into <paramref name="buffer"/> (reused from chunk to chunk): the
    /// records and their properties stay valid until the buffer generates its next chunk.
    /// </summary>
    /// <remarks>The per-event methods are optimized from their first call: a load lasts seconds, too short to spend in tier-0 code.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ArraySegment<EventRecord> GenerateChunk(int chunk, DemoChunkBuffer buffer)
    {
        var first = chunk * UsersPerChunk;
        var last = Math.Min(_options.Users, first + UsersPerChunk);
        var expected = (int)Math.Min(int.MaxValue / 256, (long)(last - first) * _options.Events / _options.Users * 11 / 10 + 16);
        buffer.Reset(expected, expected * 130);
        for (var user = first; user < last; user++)
        {
            GenerateUser(user, buffer);
        }

        return buffer.Complete();
    }

    /// <summary>Who the user is and on which days they show up; drawn from its own stream so counting and generating agree.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GenerateUser(int user, DemoChunkBuffer state)
    {
        var (channelIndex, platformIndex, cityIndex, arrival, signsUp) = Skeleton(user, state.ActiveDays);
        var channel = DemoChannel.All[channelIndex];
        var random = DemoRandom.For(_options.Seed, user, DetailStream);
        var context = new UserContext(channelIndex, platformIndex, cityIndex);
        var anonymousId = $"anon_{random.NextUInt64():x16}";
        var userId = UserId(user);
        var willActivate = random.Chance(channel.ActivationRate);
        var activated = false;
        var streak = 0;
        var previousCheckIn = -2;
        var opening = Openings[context.Combination];
        foreach (var day in state.ActiveDays)
        {
            var release = day / DemoCatalog.ReleaseEveryDays;
            var version = DemoFragments.Versions[Math.Clamp(random.Chance(0.3) ? release - 1 : release, 0, DemoCatalog.VersionCount - 1)];
            StartDay(state, opening, version);
            var time = _firstDayMicros + (day * MicrosPerDay) + (random.Pick(DemoCatalog.HourWeights) * MicrosPerHour) + (long)(random.NextDouble() * MicrosPerHour);
            var extras = random.Geometric(_extraPerActiveDay);
            var identified = signsUp && day > arrival;
            var distinctId = identified ? userId : anonymousId;

            Emit(state, ref random, ref time, PageView, distinctId, ref context, EventKind.PageView);
            if (signsUp && day == arrival)
            {
                // Browse anonymously first, then sign up: $identify merges the anonymous id into the user.
                var before = Math.Min(extras, random.Next(3));
                for (var i = 0; i < before; i++)
                {
                    Emit(state, ref random, ref time, PageView, anonymousId, ref context, EventKind.PageView);
                }

                extras -= before;
                context.AnonymousId = anonymousId;
                Emit(state, ref random, ref time, Identify, userId, ref context, EventKind.Identify);
                Emit(state, ref random, ref time, Signup, userId, ref context, EventKind.Signup);
                distinctId = userId;
                identified = true;
            }

            if (identified && willActivate && !activated && (day > arrival || random.Chance(0.6)))
            {
                Emit(state, ref random, ref time, Activation, userId, ref context, EventKind.Plain);
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
                    Emit(state, ref random, ref time, CheckIn, distinctId, ref context, EventKind.CheckIn);
                    checkedIn = true;
                }
                else if (activated && !purchased && random.Chance(channel.PurchaseRate))
                {
                    Emit(state, ref random, ref time, Purchase, distinctId, ref context, EventKind.Purchase);
                    purchased = true;
                }
                else if (identified && roll > 0.93)
                {
                    Emit(state, ref random, ref time, roll > 0.975 ? Invite : Share, distinctId, ref context, EventKind.Plain);
                }
                else
                {
                    Emit(state, ref random, ref time, PageView, distinctId, ref context, EventKind.PageView);
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

    private struct UserContext(int channel, int platform, int city)
    {
        public readonly int Channel = channel;
        public readonly int Platform = platform;
        public readonly int City = city;
        public string AnonymousId = string.Empty;
        public int Streak;

        /// <summary>Index of the (channel, platform, city) combination.</summary>
        public readonly int Combination => (((Channel * DemoCatalog.Platforms.Length) + Platform) * DemoCatalog.Cities.Length) + City;
    }

    /// <summary>Every object of the day starts the same: channel, platform, city and the day's app version.</summary>
    private static void StartDay(DemoChunkBuffer state, byte[] opening, byte[] version)
    {
        var length = opening.Length + version.Length;
        if (state.DayPrefix.Length < length)
        {
            state.DayPrefix = new byte[length * 2];
        }

        opening.CopyTo(state.DayPrefix, 0);
        version.CopyTo(state.DayPrefix, opening.Length);
        state.DayPrefixLength = length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Emit(DemoChunkBuffer state, ref DemoRandom random, ref long time, string name, string distinctId, ref UserContext context, EventKind kind)
    {
        time += 2_000_000 + (long)(random.NextDouble() * 90_000_000); // 2–92 s after the previous event
        var start = state.Length;
        state.Write(state.DayPrefix.AsSpan(0, state.DayPrefixLength));
        switch (kind)
        {
            case EventKind.PageView:
                state.Write(DemoFragments.Paths[random.Pick(DemoCatalog.PathWeights)]);
                break;
            case EventKind.Identify:
                state.Write(DemoFragments.AnonDistinctIdKey);
                state.WriteByte((byte)'"');
                var id = context.AnonymousId;
                var span = state.Reserve(id.Length);
                for (var i = 0; i < id.Length; i++)
                {
                    span[i] = (byte)id[i]; // anonymous ids are ASCII (anon_ + hex)
                }

                state.Advance(id.Length);
                state.WriteByte((byte)'"');
                state.Write(IdentifyTails[context.Combination]);
                break;
            case EventKind.CheckIn:
                state.Write(DemoFragments.StreakKey);
                context.Streak.TryFormat(state.Reserve(11), out var written, default, CultureInfo.InvariantCulture);
                state.Advance(written);
                break;
            case EventKind.Purchase:
                state.Write(DemoFragments.Purchases[random.Pick(DemoCatalog.ProductWeights)]);
                break;
            case EventKind.Plain or EventKind.Signup:
                break;
        }

        state.WriteByte((byte)'}');
        state.Add(random.NextGuid(), time, name, distinctId, start);
    }
    private static byte[][] Combinations(Func<DemoChannel, JsonEncodedText, JsonEncodedText, byte[]> encode) =>
        [.. from channel in DemoChannel.All
            from platform in DemoCatalog.Platforms
            from city in DemoCatalog.Cities
            select encode(channel, platform, city)];

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
