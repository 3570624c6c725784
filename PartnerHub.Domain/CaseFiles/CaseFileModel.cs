using System.Text.Json;

namespace PartnerHub.Domain.CaseFiles;

/// <summary>What a case file contains besides the partner's details. <see cref="All"/> is the default.</summary>
[Flags]
public enum CaseFileIncludes
{
    None = 0,
    Conversations = 1,
    Announcements = 2,
    Notifications = 4,
    DealVersions = 8,
    Commissions = 16,
    Audit = 32,
    Attachments = 64,
    All = Conversations | Announcements | Notifications | DealVersions | Commissions | Audit | Attachments,
}

/// <summary>The record a case file can be narrowed to ("Case file" from a record rather than from the partner's profile).</summary>
public enum CaseFileRecordType { Payout = 1, CommissionLine = 2, DealVersion = 3, Announcement = 4 }

/// <summary>A record a case file is narrowed to.</summary>
public sealed record CaseFileRecord(CaseFileRecordType Type, long Id);

/// <summary>
/// What to put in a case file: one partner, the UTC days <see cref="From"/> to <see cref="To"/> (both included), what to include,
/// and optionally the one record it is about (then only what concerns that record is included).
/// </summary>
/// <remarks>
/// <see cref="DataSubject"/> makes it the partner's own copy for a GDPR access request: case files never hold the operators' internal
/// notes, and this one also keeps only the audit entries of the partner's own actions (not the operators', with their IP addresses).
/// </remarks>
public sealed record CaseFileRequest(int PartnerId, DateOnly From, DateOnly To, CaseFileIncludes Includes = CaseFileIncludes.All, CaseFileRecord? Record = null,
    bool DataSubject = false)
{
    public const int MaxDays = 3660;

    /// <summary>The default range of the dialog: the last 90 days up to today.</summary>
    public static (DateOnly From, DateOnly To) DefaultRange(DateTime nowUtc)
    {
        var today = DateOnly.FromDateTime(nowUtc);
        return (today.AddDays(-90), today);
    }

    public DateTime FromUtc => From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    /// <summary>Exclusive end: the start of the day after <see cref="To"/>.</summary>
    public DateTime ToUtcExclusive => To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    public bool Has(CaseFileIncludes part) => (Includes & part) == part;

    public void Validate()
    {
        if (To < From) throw new DomainException("The end of the range is before its start.", nameof(To));
        if (To.DayNumber - From.DayNumber > MaxDays) throw new DomainException($"A case file covers at most {MaxDays:N0} days.", nameof(To));
        if ((Includes & ~CaseFileIncludes.All) != 0) throw new DomainException("Unknown part to include.", nameof(Includes));
    }
}

/// <summary>A manager's pending request for a case file, as Compliance sees it.</summary>
public sealed record CaseFileRequestRow(long Id, int PartnerId, string PartnerName, DateOnly From, DateOnly To, string RequestedBy, DateTime RequestedAt,
    string Reason);

/// <summary>Where generation has got to, for the progress bar.</summary>
public sealed record CaseFileProgress(string Stage, int Percent);

/// <summary>What <see cref="CaseFileService.WriteAsync"/> produced: the file name to offer, the bundle's hash and the files in it.</summary>
public sealed record CaseFileResult(string FileName, string BundleSha256, int PartnerId, IReadOnlyList<CaseFileEntry> Files, long Bytes);

/// <summary>One file of the bundle as listed in <c>manifest.json</c>.</summary>
public sealed record CaseFileEntry(string Path, string Sha256, long Bytes);

// ---- The data: case-file.json is this record serialised (camelCase, enums as names, UTC ISO-8601). See docs/case-file-schema.md.

public sealed record CaseFileData(
    string Schema,
    DateTime GeneratedAt,
    CaseFileFilters Filters,
    CaseFilePartner Partner,
    IReadOnlyList<CaseFileThread> Conversations,
    IReadOnlyList<CaseFileSnapshot> Snapshots,
    IReadOnlyList<CaseFileAnnouncement> Announcements,
    IReadOnlyList<CaseFileNotification> Notifications,
    IReadOnlyList<CaseFileDealVersion> DealVersions,
    IReadOnlyList<CaseFileCommissionLine> CommissionLines,
    IReadOnlyList<CaseFilePayout> Payouts,
    IReadOnlyList<CaseFileAuditEntry> Audit,
    IReadOnlyList<CaseFileAttachment> Attachments)
{
    public const string SchemaId = "partnerhub.case-file/1";
}

/// <summary>The filters a case file was made with; <see cref="Purpose"/> is "review" or "data-subject-access".</summary>
public sealed record CaseFileFilters(int PartnerId, DateOnly From, DateOnly To, IReadOnlyList<string> Includes, string? RecordType, long? RecordId,
    string Purpose = CaseFileFilters.Review)
{
    public const string Review = "review";
    public const string DataSubjectAccess = "data-subject-access";
}

/// <summary>
/// The partner's details as of the end of the range (<see cref="AsOf"/>): today's values with every audited change made after the range
/// rolled back (profile edits, status changes); <see cref="ChangedSince"/> lists those fields with their value then and now.
/// </summary>
public sealed record CaseFilePartner(int Id, string Name, string? Company, string Email, string? Phone, string Country, string TimeZone, string Language,
    string Vertical, string Status, string KycStatus, int Tier, string? Upline, string Currency, decimal PayoutThreshold, string PayoutMethod,
    string? Manager, DateTime CreatedAt, DateTime? AsOf = null, IReadOnlyList<CaseFileDetailChange>? ChangedSince = null);

/// <summary>A detail that changed after the range: its value at the end of the range and today.</summary>
public sealed record CaseFileDetailChange(string Field, string? Then, string? Now);

/// <param name="AtPartnerZone">The same instant in the partner's time zone, ISO-8601 with its offset.</param>
public sealed record CaseFileTime(DateTime Utc, string AtPartnerZone);

public sealed record CaseFileThread(long Id, string Kind, string Subject, string? RecordType, string? RecordId, bool PartnerRequest,
    CaseFileTime CreatedAt, IReadOnlyList<CaseFileMessage> Messages);

public sealed record CaseFileMessage(long Id, long ThreadId, string AuthorKind, string Author, CaseFileTime SentAt, string Body,
    CaseFileTime? EditedAt, IReadOnlyList<CaseFileRevision> EarlierVersions, CaseFileTime? RetractedAt, string? RetractedBy,
    string? RecordType, string? RecordId, IReadOnlyList<CaseFileReceipt> ReadBy, IReadOnlyList<long> AttachmentIds);

public sealed record CaseFileRevision(string Body, DateTime WrittenAt, DateTime ReplacedAt);

public sealed record CaseFileReceipt(string Reader, bool Operator, CaseFileTime ReadAt);

/// <summary>A record's key figures as frozen on a message, next to the same figures now (null when the record is gone).</summary>
public sealed record CaseFileSnapshot(long MessageId, string RecordType, string RecordId, DateTime FrozenAt, JsonElement Frozen, JsonElement? Current,
    IReadOnlyList<CaseFileFigure> Figures);

/// <summary>One figure of a snapshot: its value at the time and now (as JSON text), and whether they differ.</summary>
public sealed record CaseFileFigure(string Name, string? AtTheTime, string? Now, bool Changed);

public sealed record CaseFileAnnouncement(int Id, string Title, string Category, DateTime? SentAt, bool RequiresAcknowledgement, int AcknowledgementVersion,
    DateTime? AcknowledgementDueAt, IReadOnlyList<CaseFileAnnouncementVersion> Versions, CaseFileTime DeliveredAt, CaseFileTime? ReadAt,
    CaseFileTime? AcknowledgedAt, int? AcknowledgedVersion, int RemindersSent, DateTime? EscalatedAt, IReadOnlyList<CaseFileAcknowledgement> Acknowledgements);

public sealed record CaseFileAnnouncementVersion(int Number, string Title, bool MaterialChange, DateTime CreatedAt);

public sealed record CaseFileAcknowledgement(int Version, CaseFileTime At, string By, string? IpAddress);

public sealed record CaseFileNotification(long Id, string Recipient, string Category, bool Critical, string Title, string Body, CaseFileTime CreatedAt,
    DateTime DeliverAt, DateTime? ReadAt, string EmailState, DateTime? EmailSentAt, int EmailAttempts, string? EmailLastError, long? ThreadId);

public sealed record CaseFileDealVersion(int Id, int DealId, string Deal, string DealType, int Number, DateOnly EffectiveFrom, DateTime? SupersededAt,
    DateTime CreatedAt, string? CreatedBy, decimal? CpaAmount, decimal? RevSharePercent, decimal? SubIbSharePercent, string Currency, string? Notes,
    IReadOnlyList<string> LotRates);

public sealed record CaseFileCommissionLine(long Id, int DealVersionId, DateOnly PeriodStart, DateOnly PeriodEnd, string Basis, decimal? GrossAmount,
    decimal? ShareAmount, decimal Amount, string Currency, string Status, DateTime CalculatedAt, DateTime? ApprovedAt, string? ApprovedBy,
    DateTime? RejectedAt, string? RejectionReason, long? PayoutId, DateTime? PaidAt);

public sealed record CaseFilePayout(long Id, decimal Amount, string Currency, string Method, string Status, string? Reference, string? FailureReason,
    DateTime RequestedAt, DateTime? ProcessingAt, DateTime? PaidAt, DateTime? FailedAt, int Lines);

public sealed record CaseFileAuditEntry(long Id, DateTime At, string? User, string? IpAddress, string Action, string EntityType, string? EntityId, string? Details);

/// <param name="Path">Where the file is in the ZIP; null when the store no longer has it.</param>
/// <param name="Verified">The stored bytes still have the SHA-256 recorded at upload.</param>
public sealed record CaseFileAttachment(long Id, long MessageId, string FileName, string ContentType, long SizeBytes, string Sha256, string? Path, bool Verified);
