using Yunying.Server.BrowserTests;

// One Chromium for the whole run; every test opens its own browser context (fresh cookies) against its own server.
[assembly: AssemblyFixture(typeof(BrowserFixture))]
