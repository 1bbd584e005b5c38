namespace Yunying.Analytics.Query.Overview;

/// <summary>One period's AARRR figures. Rates are fractions (0.25 = 25 %); a rate with nothing to divide by is null.</summary>
public sealed record OverviewPeriod
{
    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    /// <summary>Persons whose first event of any kind is in the period.</summary>
    public required long NewPeople { get; init; }

    /// <summary>New people by the acquisition property of their events on their first day.</summary>
    public required IReadOnlyList<OverviewChannel> Channels { get; init; }

    /// <summary>Persons with any event in the period.</summary>
    public required long ActivePeople { get; init; }

    /// <summary>New people who did the activation event within the activation days of being first seen.</summary>
    public required long Activated { get; init; }

    public double? ActivationRate { get; init; }

    /// <summary>Day-1, day-7 and day-30 retention of the cohorts whose day 1 / 7 / 30 fell in the period and is over.</summary>
    public double? D1 { get; init; }

    public double? D7 { get; init; }

    public double? D30 { get; init; }

    /// <summary>Sum of the revenue property over the period's revenue events.</summary>
    public required double Revenue { get; init; }

    /// <summary>Persons with a revenue event in the period.</summary>
    public required long PayingPeople { get; init; }

    /// <summary>Revenue per active person.</summary>
    public double? Arpu { get; init; }

    /// <summary>Revenue per paying person.</summary>
    public double? Arppu { get; init; }

    /// <summary>Referral events in the period.</summary>
    public required long ReferralEvents { get; init; }

    public double? ReferralsPerActive { get; init; }

    /// <summary>New people whose acquisition value is the invite channel.</summary>
    public required long InvitedNewPeople { get; init; }

    /// <summary>Invited new people per active person: referrals per person × the referrals' conversion.</summary>
    public double? KFactor { get; init; }

    /// <summary>Stranger → activated → paying → promoter, each stage a subset of the one before.</summary>
    public required IReadOnlyList<OverviewStage> Funnel { get; init; }
}
