using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Yunying.Server.BrowserTests;

/// <summary>
/// The real browser SDKs from npm (posthog-js, sa-sdk-javascript) running in Chromium on a shop's page of another
/// origin, sending to a real server only by its address and the write key; the events and people APIs then show
/// what was stored: each event once, with its typed properties and time, and the anonymous visitor and the
/// signed-in user as one person.
/// </summary>
public sealed class BrowserSdkTests(BrowserFixture browser)
{
    [Fact]
    public async Task BrowserSdk_PostHogJs_CapturesTypedEventAndIdentifyMergesAnonymousVisitor()
    {
        var ct = TestContext.Current.CancellationToken;
        await BrowserSdks.RequireAsync(ct);
        await using var session = await DashboardSession.StartAsync(browser, nameof(BrowserSdk_PostHogJs_CapturesTypedEventAndIdentifyMergesAnonymousVisitor));
        var host = ServerOrigin(session);
        var writeKey = await session.WriteKeyAsync();
        await using var shop = await ShopServer.StartAsync(await BrowserSdks.ReadAsync(BrowserSdks.PostHogBundle, ct), $$"""
            posthog.init({{JsonSerializer.Serialize(writeKey)}}, {
              api_host: {{JsonSerializer.Serialize(host)}},
              request_batching: false,
              autocapture: false,
              capture_pageleave: false,
              disable_session_recording: true,
              // Headless Chromium's user agent says HeadlessChrome, which posthog-js drops as a bot unless told not to.
              opt_out_useragent_filter: true,
              loaded: () => { window.sdkReady = true; },
            });
            """, ct);
        var traffic = Watch(session);
        using var api = await SignedInClientAsync(session);
        var sentFrom = DateTimeOffset.UtcNow;
        var page = session.Page;

        await page.GotoAsync(shop.Origin + "/");
        await page.WaitForFunctionAsync("() => window.sdkReady === true");
        var anonymousId = await page.EvaluateAsync<string>("() => posthog.get_distinct_id()");
        await page.EvaluateAsync("""
            () => posthog.capture('purchase', {
              amount: 12.5, quantity: 3, paid: true, tags: ['a', 'b'], meta: { k: 'v', n: 1 }, coupon: null, paid_at: '2026-05-01T10:00:00.000Z',
            })
            """);
        await page.EvaluateAsync("() => posthog.identify('user-x', { email: 'x@example.com', plan: 'pro' }, { first_channel: 'douyin' })");
        await page.EvaluateAsync("() => posthog.capture('checkout_done', { step: 2 })");
        var events = await WaitForEventsAsync(session, api, traffic, ["$pageview", "purchase", "$identify", "checkout_done"], ct);
        var sentUntil = DateTimeOffset.UtcNow;

        // posthog-js fetched its start configuration from the server (the remote config; it no longer calls /decide/,
        // and asks /flags/ only when it wants flags) and every request it made was answered 200, without an error.
        Assert.Contains(traffic.Responses, r => IsPath(r.Url, $"/array/{writeKey}/config.js", $"/array/{writeKey}/config"));
        // It compressed every event body with gzip, as the configuration offers (it sends them as text/plain).
        Assert.All(traffic.Requests.Where(r => IsCapture(r.Url)), r => Assert.Equal([0x1F, 0x8B], r.BodyStart));
        Assert.Contains(traffic.Responses, r => IsCapture(r.Url));
        Assert.All(traffic.Responses, r => Assert.True(r.Status == 200, $"{r.Status} {r.Url}"));
        Assert.True(traffic.Errors.IsEmpty, traffic.ToString());

        var purchase = Assert.Single(events, e => e["event"]!.GetValue<string>() == "purchase");
        Assert.Equal(anonymousId, purchase["distinctId"]!.GetValue<string>());
        var properties = purchase["properties"]!;
        Assert.Equal(JsonValueKind.Number, properties["amount"]!.GetValueKind());
        Assert.Equal(12.5, properties["amount"]!.GetValue<double>());
        Assert.Equal(3, properties["quantity"]!.GetValue<double>());
        Assert.True(properties["paid"]!.GetValue<bool>());
        Assert.Equal(["a", "b"], properties["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("v", properties["meta"]!["k"]!.GetValue<string>());
        Assert.Equal("2026-05-01T10:00:00.000Z", properties["paid_at"]!.GetValue<string>());
        Assert.Equal("web", properties["$lib"]!.GetValue<string>());
        Assert.Equal(shop.Origin + "/", properties["$current_url"]!.GetValue<string>());
        AssertSentBetween(purchase, sentFrom, sentUntil);
        Assert.Equal("user-x", Assert.Single(events, e => e["event"]!.GetValue<string>() == "checkout_done")["distinctId"]!.GetValue<string>());

        // The anonymous page view and purchase belong to user-x now, with identify's person properties.
        var person = await PersonAsync(session, api, "user-x", ct);
        Assert.Equal(await PersonIdAsync(session, api, anonymousId, ct), person["summary"]!["id"]!.GetValue<string>());
        Assert.Equal(new HashSet<string> { "user-x", anonymousId }, person["distinctIds"]!.AsArray().Select(i => i!.GetValue<string>()).ToHashSet());
        Assert.True(person["summary"]!["identified"]!.GetValue<bool>());
        Assert.Equal("x@example.com", person["properties"]!["email"]!.GetValue<string>());
        Assert.Equal("pro", person["properties"]!["plan"]!.GetValue<string>());
        Assert.Equal("douyin", person["properties"]!["first_channel"]!.GetValue<string>());
        var timeline = await GetJsonAsync(api, $"/api/projects/{session.ProjectId}/people/{person["summary"]!["id"]}/events", ct);
        Assert.Equal(["$identify", "$pageview", "checkout_done", "purchase"], timeline["events"]!.AsArray().Select(e => e!["event"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("image")]
    [InlineData("ajax")]
    [InlineData("beacon")]
    public async Task BrowserSdk_SensorsJs_TracksTypedEventAndLoginMergesAnonymousVisitor(string sendType)
    {
        var ct = TestContext.Current.CancellationToken;
        await BrowserSdks.RequireAsync(ct);
        await using var session = await DashboardSession.StartAsync(browser, nameof(BrowserSdk_SensorsJs_TracksTypedEventAndLoginMergesAnonymousVisitor) + "-" + sendType);
        var serverUrl = $"{ServerOrigin(session)}/sa?project=default&token={Uri.EscapeDataString(await session.WriteKeyAsync())}";
        await using var shop = await ShopServer.StartAsync(await BrowserSdks.ReadAsync(BrowserSdks.SensorsBundle, ct), $$"""
            window.sensors = window.sensorsDataAnalytic201505;
            sensors.init({
              server_url: {{JsonSerializer.Serialize(serverUrl)}},
              send_type: {{JsonSerializer.Serialize(sendType)}},
              is_track_single_page: false,
              show_log: false,
              heatmap: { clickmap: 'not_collect', scroll_notice_map: 'not_collect' },
            });
            sensors.quick('autoTrack');
            window.sdkReady = true;
            """, ct);
        var traffic = Watch(session);
        using var api = await SignedInClientAsync(session);
        var sentFrom = DateTimeOffset.UtcNow;
        var page = session.Page;

        await page.GotoAsync(shop.Origin + "/");
        await page.WaitForFunctionAsync("() => window.sdkReady === true");
        var anonymousId = await page.EvaluateAsync<string>("() => sensors.quick('getAnonymousID')");
        await page.EvaluateAsync("() => sensors.track('BuyProduct', { price: 9.9, quantity: 2, vip: true, tags: ['x', 'y'], product_name: '茶叶' })");
        await page.EvaluateAsync("() => sensors.login('user-y')");
        await page.EvaluateAsync("() => sensors.setProfile({ city: 'Hangzhou', age: 30 })");
        await page.EvaluateAsync("() => sensors.setOnceProfile({ first_channel: 'wechat' })");
        await page.EvaluateAsync("() => sensors.track('PayOrder', { order_id: 'o-1' })");
        var events = await WaitForEventsAsync(session, api, traffic, ["$pageview", "BuyProduct", "$SignUp", "$set", "PayOrder"], ct);
        var sentUntil = DateTimeOffset.UtcNow;

        // The SDK turns the /sa of server_url into /sa.gif; the image beacon is a GET, ajax and beacon are POSTs.
        Assert.All(traffic.Requests, r => Assert.Equal(("/sa.gif", sendType == "image" ? "GET" : "POST"), (new Uri(r.Url).AbsolutePath, r.Method)));
        Assert.Contains(traffic.Responses, r => IsPath(r.Url, "/sa.gif"));
        Assert.All(traffic.Responses, r => Assert.True(r.Status == 200, $"{r.Status} {r.Url}"));
        Assert.True(traffic.Errors.IsEmpty, traffic.ToString());

        var buy = Assert.Single(events, e => e["event"]!.GetValue<string>() == "BuyProduct");
        Assert.Equal(anonymousId, buy["distinctId"]!.GetValue<string>());
        var properties = buy["properties"]!;
        Assert.Equal(JsonValueKind.Number, properties["price"]!.GetValueKind());
        Assert.Equal(9.9, properties["price"]!.GetValue<double>());
        Assert.Equal(2, properties["quantity"]!.GetValue<double>());
        Assert.True(properties["vip"]!.GetValue<bool>());
        Assert.Equal(["x", "y"], properties["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("茶叶", properties["product_name"]!.GetValue<string>());
        Assert.Equal(shop.Origin + "/", properties["$url"]!.GetValue<string>());
        AssertSentBetween(buy, sentFrom, sentUntil);
        Assert.Equal("user-y", Assert.Single(events, e => e["event"]!.GetValue<string>() == "PayOrder")["distinctId"]!.GetValue<string>());

        // login() linked the anonymous id ($SignUp with original_id); the profile went to the signed-in person.
        var person = await PersonAsync(session, api, "user-y", ct);
        Assert.Equal(await PersonIdAsync(session, api, anonymousId, ct), person["summary"]!["id"]!.GetValue<string>());
        Assert.Contains(anonymousId, person["distinctIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.True(person["summary"]!["identified"]!.GetValue<bool>());
        Assert.Equal("Hangzhou", person["properties"]!["city"]!.GetValue<string>());
        Assert.Equal(30, person["properties"]!["age"]!.GetValue<double>());
        Assert.Equal("wechat", person["properties"]!["first_channel"]!.GetValue<string>());
        var timeline = await GetJsonAsync(api, $"/api/projects/{session.ProjectId}/people/{person["summary"]!["id"]}/events?limit=100", ct);
        var names = timeline["events"]!.AsArray().Select(e => e!["event"]!.GetValue<string>()).ToList();
        Assert.Contains("$pageview", names);
        Assert.Contains("BuyProduct", names);
        Assert.Contains("PayOrder", names);
    }

    /// <summary>What the page asked the server, and the script errors it raised.</summary>
    private sealed class Traffic
    {
        /// <summary>Each request to the server: method, URL and the first bytes of its body (empty without one).</summary>
        public ConcurrentQueue<(string Method, string Url, byte[] BodyStart)> Requests { get; } = new();

        public ConcurrentQueue<(string Url, int Status)> Responses { get; } = new();

        /// <summary>Uncaught script errors and the console's errors (a refused or failed request shows there too).</summary>
        public ConcurrentQueue<string> Errors { get; } = new();

        /// <summary>Requests that got no answer, answers from the shop, and everything the console said: for failure messages.</summary>
        public ConcurrentQueue<string> Log { get; } = new();

        public override string ToString() =>
            string.Join('\n', Responses.Select(r => $"{r.Status} {r.Url}").Concat(Errors).Concat(Log));
    }

    /// <summary>Records what the page asks the server and the script errors it raises.</summary>
    private static Traffic Watch(DashboardSession session)
    {
        var traffic = new Traffic();
        var origin = ServerOrigin(session);
        var page = session.Page;
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith(origin, StringComparison.Ordinal))
            {
                traffic.Requests.Enqueue((request.Method, request.Url, request.PostDataBuffer is { } body ? body[..Math.Min(2, body.Length)] : []));
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Url.StartsWith(origin, StringComparison.Ordinal))
            {
                traffic.Responses.Enqueue((response.Url, response.Status));
            }
            else
            {
                traffic.Log.Enqueue($"{response.Status} {response.Url}");
            }
        };
        page.PageError += (_, error) => traffic.Errors.Enqueue("page error: " + error);
        page.RequestFailed += (_, request) => traffic.Log.Enqueue($"failed {request.Method} {request.Url}: {request.Failure}");
        page.Console += (_, message) =>
        {
            traffic.Log.Enqueue($"console {message.Type}: {message.Text} ({message.Location})");
            if (message.Type == "error")
            {
                traffic.Errors.Enqueue($"console error: {message.Text} ({message.Location})");
            }
        };
        return traffic;
    }

    private static string ServerOrigin(DashboardSession session) => session.Server.BaseAddress.GetLeftPart(UriPartial.Authority);

    private static bool IsPath(string url, params string[] paths) => paths.Contains(new Uri(url).AbsolutePath.TrimEnd('/'), StringComparer.Ordinal);

    private static bool IsCapture(string url) => IsPath(url, "/e", "/i/v0/e", "/capture", "/batch", "/track", "/engage");

    private static void AssertSentBetween(JsonNode e, DateTimeOffset from, DateTimeOffset until)
    {
        var timestamp = e["timestamp"]!.GetValue<DateTimeOffset>();
        // The browser and the server share this machine's clock; a second either way allows for rounding.
        Assert.InRange(timestamp, from.AddSeconds(-1), until.AddSeconds(1));
    }

    /// <summary>An API client signed in as the owner (the session cookie, as the dashboard's own scripts use it).</summary>
    private static async Task<HttpClient> SignedInClientAsync(DashboardSession session)
    {
        var client = session.Server.CreateClient();
        using var response = await client.PostAsJsonAsync(
            "/api/auth/login", new { userName = session.Server.Owner.UserName, password = session.Password }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>
    /// The project's events once every name in <paramref name="expected"/> has arrived. The SDKs send in the
    /// background, so this asks again until they are there or the test's time is up.
    /// </summary>
    private static async Task<List<JsonNode>> WaitForEventsAsync(DashboardSession session, HttpClient api, Traffic traffic, string[] expected, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        List<JsonNode> events = [];
        try
        {
            while (true)
            {
                var page = await GetJsonAsync(api, $"/api/projects/{session.ProjectId}/events?limit=1000", limit.Token);
                events = page["events"]!.AsArray().Select(e => e!).ToList();
                if (expected.All(name => events.Any(e => e["event"]!.GetValue<string>() == name)))
                {
                    return events;
                }

                await Task.Delay(200, limit.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Assert.Fail($"Expected events {string.Join(", ", expected)}; the server has {string.Join(", ", events.Select(e => e["event"]))}. The page's traffic:\n{traffic}");
            throw;
        }
    }

    private static async Task<string> PersonIdAsync(DashboardSession session, HttpClient api, string distinctId, CancellationToken ct)
    {
        var page = await GetJsonAsync(api, $"/api/projects/{session.ProjectId}/people?distinctId={Uri.EscapeDataString(distinctId)}", ct);
        return Assert.Single(page["people"]!.AsArray())!["id"]!.GetValue<string>();
    }

    private static async Task<JsonNode> PersonAsync(DashboardSession session, HttpClient api, string distinctId, CancellationToken ct) =>
        await GetJsonAsync(api, $"/api/projects/{session.ProjectId}/people/{await PersonIdAsync(session, api, distinctId, ct)}", ct);

    private static async Task<JsonNode> GetJsonAsync(HttpClient api, string path, CancellationToken ct)
    {
        using var response = await api.GetAsync(path, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {path}: {body}");
        return JsonNode.Parse(body)!;
    }
}
