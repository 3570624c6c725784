namespace PartnerHub.Domain.Compliance;

public enum FlagSeverity { Info = 1, Warning = 2, Critical = 3 }

public enum FlagStatus { Open = 1, Resolved = 2, Dismissed = 3 }

/// <summary>A traffic quality warning raised on a partner (bot clicks, incentivised traffic, chargebacks...).</summary>
public class TrafficQualityFlag
{
    private TrafficQualityFlag() { }

    public TrafficQualityFlag(int partnerId, FlagSeverity severity, string reason, string? metric, DateTime detectedAt, string? raisedById)
    {
        PartnerId = partnerId;
        Severity = Guard.Defined(severity, nameof(Severity));
        Reason = Guard.Required(reason, nameof(Reason), 500);
        Metric = Guard.Optional(metric, nameof(Metric), 200);
        DetectedAt = detectedAt;
        RaisedById = raisedById;
        Status = FlagStatus.Open;
    }

    public long Id { get; private set; }
    public int PartnerId { get; private set; }
    public FlagSeverity Severity { get; private set; }
    public string Reason { get; private set; } = "";
    public string? Metric { get; private set; }
    public DateTime DetectedAt { get; private set; }
    public string? RaisedById { get; private set; }
    public FlagStatus Status { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public string? ClosedById { get; private set; }
    public string? Resolution { get; private set; }

    public void Close(FlagStatus outcome, string resolution, string closedById, DateTime at)
    {
        if (Status != FlagStatus.Open) throw new DomainException("This flag is already closed.");
        if (outcome == FlagStatus.Open) throw new DomainException("Choose resolved or dismissed.", nameof(Status));
        Status = Guard.Defined(outcome, nameof(Status));
        Resolution = Guard.Required(resolution, nameof(Resolution), 500);
        ClosedById = closedById;
        ClosedAt = at;
    }
}

public enum KycDocumentType { ProofOfIdentity = 1, ProofOfAddress = 2, CompanyRegistration = 3, TaxForm = 4, SourceOfFunds = 5 }

public enum KycRequirementStatus { Requested = 1, Submitted = 2, Approved = 3, Rejected = 4 }

/// <summary>A document or verification the partner must provide by a due date.</summary>
public class KycRequirement
{
    private KycRequirement() { }

    public KycRequirement(int partnerId, KycDocumentType documentType, DateTime requestedAt, DateTime dueAt, string? requestedById)
    {
        if (dueAt <= requestedAt) throw new DomainException("The due date must be after the request.", nameof(DueAt));
        PartnerId = partnerId;
        DocumentType = Guard.Defined(documentType, nameof(DocumentType));
        RequestedAt = requestedAt;
        DueAt = dueAt;
        RequestedById = requestedById;
        Status = KycRequirementStatus.Requested;
    }

    public long Id { get; private set; }
    public int PartnerId { get; private set; }
    public KycDocumentType DocumentType { get; private set; }
    public KycRequirementStatus Status { get; private set; }
    public DateTime RequestedAt { get; private set; }
    public DateTime DueAt { get; private set; }
    public string? RequestedById { get; private set; }
    public DateTime? SubmittedAt { get; private set; }
    public DateTime? ReviewedAt { get; private set; }
    public string? ReviewedById { get; private set; }
    /// <summary>When the due-date scanner last reminded the partner (so it reminds once per window).</summary>
    public DateTime? LastReminderAt { get; set; }
    /// <summary>The document the partner uploaded with the latest submission, kept in the verified file store.</summary>
    public string? DocumentFileName { get; private set; }
    public string? DocumentContentType { get; private set; }
    public long? DocumentSizeBytes { get; private set; }
    /// <summary>Relative to the file store's root (a random name, never the user's).</summary>
    public string? DocumentStoragePath { get; private set; }
    public string? DocumentSha256 { get; private set; }

    /// <summary>Submits with the uploaded document: the file is recorded and the requirement waits for review.</summary>
    public void SubmitDocument(string fileName, string contentType, long sizeBytes, string storagePath, string sha256, DateTime at)
    {
        Submit(at);
        DocumentFileName = Guard.Required(fileName, nameof(DocumentFileName), 255);
        DocumentContentType = Guard.Required(contentType, nameof(DocumentContentType), 100);
        DocumentSizeBytes = sizeBytes;
        DocumentStoragePath = Guard.Required(storagePath, nameof(DocumentStoragePath), 400);
        DocumentSha256 = Guard.Required(sha256, nameof(DocumentSha256), 64);
    }

    public void Submit(DateTime at)
    {
        if (Status is not (KycRequirementStatus.Requested or KycRequirementStatus.Rejected))
            throw new DomainException($"A {Status} requirement cannot be submitted.");
        Status = KycRequirementStatus.Submitted;
        SubmittedAt = at;
    }

    public void Review(bool approved, string reviewedById, DateTime at)
    {
        if (Status != KycRequirementStatus.Submitted) throw new DomainException("Only a submitted requirement can be reviewed.");
        Status = approved ? KycRequirementStatus.Approved : KycRequirementStatus.Rejected;
        ReviewedById = reviewedById;
        ReviewedAt = at;
    }

    public bool IsOverdue(DateTime now) => Status is KycRequirementStatus.Requested or KycRequirementStatus.Rejected && now > DueAt;
}

/// <summary>Well-known milestone codes; the set is open (the scanner may add more).</summary>
public static class MilestoneCodes
{
    public const string FirstFtd = "first-ftd";
    public const string Ftds100 = "ftds-100";
    public const string Ftds1000 = "ftds-1000";
    public const string FirstLot = "first-lot";
    public const string Lots1000 = "lots-1000";
    public const string FirstFundedAccount = "first-funded-account";
}

/// <summary>A milestone a partner reached; unique per partner and code, so it is celebrated once.</summary>
public class Milestone
{
    private Milestone() { }

    public Milestone(int partnerId, string code, string title, decimal value, DateTime achievedAt)
    {
        PartnerId = partnerId;
        Code = Guard.Required(code, nameof(Code), 60);
        Title = Guard.Required(title, nameof(Title), 160);
        Value = value;
        AchievedAt = achievedAt;
    }

    public long Id { get; private set; }
    public int PartnerId { get; private set; }
    public string Code { get; private set; } = "";
    public string Title { get; private set; } = "";
    public decimal Value { get; private set; }
    public DateTime AchievedAt { get; private set; }
}
