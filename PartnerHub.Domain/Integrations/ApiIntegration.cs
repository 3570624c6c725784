namespace PartnerHub.Domain.Integrations;

/// <summary>An external tracking system allowed to post events. Only the SHA-256 of its key is stored.</summary>
public class ApiIntegration
{
    private ApiIntegration() { }

    public ApiIntegration(string name, string keyPrefix, string keyHash, DateTime createdAt, string? createdById)
    {
        Name = Guard.Required(name, nameof(Name), 100);
        KeyPrefix = keyPrefix;
        KeyHash = keyHash;
        CreatedAt = createdAt;
        CreatedById = createdById;
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The first characters of the key, shown in admin so a key can be recognised.</summary>
    public string KeyPrefix { get; private set; } = "";
    public string KeyHash { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public string? CreatedById { get; private set; }
    public DateTime? RevokedAt { get; private set; }
    public DateTime? LastUsedAt { get; set; }

    public void Revoke(DateTime at)
    {
        if (RevokedAt is not null) throw new DomainException("This key is already revoked.");
        RevokedAt = at;
    }
}
