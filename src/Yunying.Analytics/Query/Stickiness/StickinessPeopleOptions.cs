namespace Yunying.Analytics.Query.Stickiness;

/// <summary>Asks for the persons of one stickiness bar, one page of them, ordered by person id.</summary>
/// <param name="Bucket">The number of active intervals (1 to the number of intervals); with <c>cumulative</c>, that many or more.</param>
/// <param name="Limit">Page size, 1–10,000; default 100.</param>
/// <param name="Offset">Persons to skip.</param>
public sealed record StickinessPeopleOptions(int Bucket, int Limit = 100, int Offset = 0);
