namespace Yunying.Server.Dashboard;

/// <summary>The model of the page shown instead of a project page the operator may not open.</summary>
public sealed record NoAccessView(int StatusCode, string Message);
