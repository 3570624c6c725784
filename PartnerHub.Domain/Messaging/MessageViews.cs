namespace PartnerHub.Domain.Messaging;

/// <summary>An earlier text of an edited message (Compliance and Admin only).</summary>
public sealed record RevisionView(string Body, DateTime WrittenAt, DateTime ReplacedAt);

/// <summary>Who read a message and when (operators see every reader).</summary>
public sealed record ReceiptView(string UserId, string Name, bool IsOperator, DateTime ReadAt);

public sealed record AttachmentView(long Id, string FileName, string ContentType, long SizeBytes);

/// <summary>A file the user picked, not yet stored: <see cref="Open"/> is called once, while the message is sent.</summary>
public sealed record UploadedFile(string FileName, long Size, string ContentType, Func<CancellationToken, Stream> Open);

/// <summary>An attachment the caller may download; dispose <see cref="Content"/>.</summary>
public sealed record AttachmentDownload(string FileName, string ContentType, long SizeBytes, Stream Content);

/// <summary>
/// One message as the caller may see it. <see cref="Body"/> is null for a partner when the message was
/// retracted. <see cref="Revisions"/> is null unless the caller is Compliance or Admin. Partners get no
/// <see cref="Receipts"/>, only <see cref="ReadByOtherSideAt"/> (the program team, or on a downline
/// thread the other IB). <see cref="EmailedAt"/> (operators only): when a notification email first carried the message.
/// </summary>
public sealed record MessageView(
    long Id,
    MessageAuthorKind AuthorKind,
    string AuthorName,
    bool IsMine,
    string? Body,
    DateTime SentAt,
    bool IsEdited,
    DateTime? EditedAt,
    bool IsRetracted,
    DateTime? RetractedAt,
    LinkedRecordType? RecordType,
    string? RecordId,
    string? RecordSnapshot,
    Guid? BroadcastId,
    IReadOnlyList<AttachmentView> Attachments,
    IReadOnlyList<RevisionView>? Revisions,
    IReadOnlyList<ReceiptView> Receipts,
    DateTime? ReadByOtherSideAt,
    DateTime? EmailedAt = null,
    MessageChannel Channel = MessageChannel.Web,
    string? ChannelNote = null);

/// <summary>
/// A page of a thread, oldest first; <see cref="OlderBeforeId"/> asks for the page before it. <see cref="PartnerRequest"/>: a record
/// thread the partner started.
/// </summary>
public sealed record ThreadView(
    long Id,
    int PartnerId,
    ThreadKind Kind,
    string Subject,
    LinkedRecordType? RecordType,
    string? RecordId,
    int? CounterpartPartnerId,
    bool CanWrite,
    IReadOnlyList<MessageView> Messages,
    long? OlderBeforeId,
    bool PartnerRequest = false);

public sealed record MentionView(string UserId, string Name);

/// <summary>An internal note; <see cref="ThreadId"/> and <see cref="ThreadTitle"/> name the thread it was written in, if any.</summary>
public sealed record NoteView(long Id, int PartnerId, string AuthorId, string AuthorName, string Body, DateTime CreatedAt,
    IReadOnlyList<MentionView> Mentions, long? ThreadId = null, string? ThreadTitle = null);
