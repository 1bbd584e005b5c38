namespace Yunying.Server.Resources;

/// <summary>
/// Names the dashboard's strings for <c>IStringLocalizer&lt;SharedResource&gt;</c>: SharedResource.resx (English)
/// and SharedResource.zh-CN.resx (Simplified Chinese) beside this file.
/// </summary>
public sealed class SharedResource;
