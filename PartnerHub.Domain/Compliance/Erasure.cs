namespace PartnerHub.Domain.Compliance;

/// <summary>
/// A data subject's erasure: who erased which partner, when, why, and what was kept (a JSON list of parts with the reason each
/// is kept), so the operator and a later reviewer can see it.
/// </summary>
public class PartnerErasure
{
    private PartnerErasure() { }

    public PartnerErasure(int partnerId, string reason, string erasedById, string erasedByName, DateTime erasedAt, string summary)
    {
        PartnerId = partnerId;
        Reason = reason;
        ErasedById = erasedById;
        ErasedByName = erasedByName;
        ErasedAt = erasedAt;
        Summary = summary;
    }

    public long Id { get; private set; }
    public int PartnerId { get; private set; }
    public string Reason { get; private set; } = "";
    public string ErasedById { get; private set; } = "";
    public string ErasedByName { get; private set; } = "";
    public DateTime ErasedAt { get; private set; }
    /// <summary>JSON: what was erased and what was kept, with counts and reasons.</summary>
    public string Summary { get; private set; } = "";
}
