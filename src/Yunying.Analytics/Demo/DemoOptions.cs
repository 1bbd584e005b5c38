namespace Yunying.Analytics.Demo;

/// <summary>The size and shape of a generated demo data set. The same options always give the same events.</summary>
/// <param name="Events">About how many events to generate (the result is within a few percent, and at least one per user).</param>
/// <param name="Users">How many people arrive over the period (visitors; only some of them sign up).</param>
/// <param name="Days">How many days the data covers, ending on <paramref name="EndDate"/>.</param>
/// <param name="Seed">The random seed.</param>
/// <param name="EndDate">The last day (Asia/Shanghai calendar day) that has events.</param>
public sealed record DemoOptions(int Events, int Users, int Days, int Seed, DateOnly EndDate)
{
    /// <summary>What <c>serve --demo</c> loads: small enough that the first start stays fast.</summary>
    public static DemoOptions Default(DateOnly endDate) => new(200_000, 20_000, 60, 42, endDate);

    /// <summary>Why these options cannot be used, or null.</summary>
    public string? Problem() =>
        Events <= 0 ? "--events must be positive"
        : Users <= 0 ? "--users must be positive"
        : Days is <= 0 or > 3650 ? "--days must be between 1 and 3650"
        : null;
}
