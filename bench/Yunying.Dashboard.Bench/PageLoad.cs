namespace Yunying.Dashboard.Bench;

/// <summary>
/// One load of a page. <see cref="TotalMs"/> is end to end: from the start of <c>GotoAsync</c> until the load
/// event has fired and every chart on the page has drawn, the drawing's moment as the page's clock noted it;
/// <see cref="ObservedMs"/> is until the benchmark saw that (Playwright's round trips added). The rest are the
/// page's own Navigation Timing figures, from its navigation start: <see cref="TtfbMs"/> (the first byte of the
/// document, the server's share), <see cref="ResponseEndMs"/> (the whole document), DOMContentLoaded, the load
/// event's end, and <see cref="ChartsDrawnMs"/> when the last chart was seen drawn. <see cref="Stale"/>: the page
/// showed an answer over earlier data (its note says the newest events are still being counted).
/// </summary>
internal sealed record PageLoad(
    double TotalMs,
    double ObservedMs,
    double TtfbMs,
    double ResponseEndMs,
    double DomContentLoadedMs,
    double LoadEventMs,
    double ChartsDrawnMs,
    int Charts,
    int Status,
    long DocumentBytes,
    bool Stale);
