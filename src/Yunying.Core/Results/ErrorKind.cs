namespace Yunying.Core.Results;

/// <summary>The kind of an expected failure; the HTTP edge maps each kind to one status code.</summary>
public enum ErrorKind
{
    /// <summary>The input is malformed or breaks a rule (400).</summary>
    Validation,

    /// <summary>The caller is not authenticated, or its credentials are wrong (401).</summary>
    Unauthorized,

    /// <summary>The caller is known but lacks the role for this action (403).</summary>
    Forbidden,

    /// <summary>The thing does not exist, or the caller may not know that it does (404).</summary>
    NotFound,

    /// <summary>The action clashes with existing state, such as a taken name (409).</summary>
    Conflict,

    /// <summary>The caller is temporarily refused, such as a locked-out account (429).</summary>
    TooManyRequests,
}
