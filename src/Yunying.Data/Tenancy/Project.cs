namespace Yunying.Data.Tenancy;

/// <summary>One product or app whose users are measured and engaged. Everything else hangs off a project.</summary>
public sealed class Project
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    public required string Name { get; set; }

    /// <summary>IANA time zone every analysis of this project uses for days, weeks and months.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>ISO 4217 code for revenue figures.</summary>
    public string Currency { get; set; } = "CNY";

    /// <summary>Public key shipped inside apps for capture; stored as is because it is not a secret.</summary>
    public required string WriteKey { get; set; }

    /// <summary>SHA-256 of the secret key; the key itself is shown once when created or rotated.</summary>
    public required string SecretKeyHash { get; set; }

    /// <summary>The secret key's first characters, so operators can tell which key a backend holds.</summary>
    public required string SecretKeyHint { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime KeysRotatedAt { get; set; }

    public List<ProjectMember> Members { get; } = [];
}
