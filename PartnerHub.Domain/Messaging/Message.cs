namespace PartnerHub.Domain.Messaging;

/// <summary>
/// One message: Markdown text, optionally about a record with a JSON snapshot of its key figures at
/// send time. Edits keep the earlier text (<see cref="MessageRevision"/>); a retraction hides the
/// text from the partner and keeps it for Compliance. Nothing is ever hard-deleted.
/// </summary>
public class Message
{
    public const int MaxBodyLength = 20_000;
    public static readonly TimeSpan EditWindow = TimeSpan.FromMinutes(5);

    private readonly List<MessageRevision> _revisions = [];
    private readonly List<MessageAttachment> _attachments = [];

    private Message() { }

    public Message(long threadId, MessageAuthorKind authorKind, string? authorUserId, int? authorPartnerId, string body, DateTime sentAt)
    {
        ThreadId = threadId;
        AuthorKind = Guard.Defined(authorKind, nameof(AuthorKind));
        AuthorUserId = authorUserId;
        AuthorPartnerId = authorPartnerId;
        Body = ValidateBody(body);
        SentAt = sentAt;
    }

    public long Id { get; private set; }
    public long ThreadId { get; private set; }
    public MessageThread? Thread { get; private set; }
    public MessageAuthorKind AuthorKind { get; private set; }
    public string? AuthorUserId { get; private set; }
    public int? AuthorPartnerId { get; private set; }
    public string Body { get; private set; } = "";
    public DateTime SentAt { get; private set; }
    public DateTime? EditedAt { get; private set; }
    public DateTime? RetractedAt { get; private set; }
    public string? RetractedById { get; private set; }
    public LinkedRecordType? RecordType { get; private set; }
    public string? RecordId { get; private set; }
    /// <summary>JSON snapshot of the linked record's key figures when the message was sent.</summary>
    public string? RecordSnapshot { get; private set; }
    /// <summary>Set when the message is one copy of a master IB's downline broadcast.</summary>
    public Guid? BroadcastId { get; set; }
    /// <summary>How it was written: in the app (<see cref="MessageChannel.Web"/>) or as a reply to a notification email.</summary>
    public MessageChannel Channel { get; private set; }
    /// <summary>What the channel could not carry, shown under the message (an emailed reply's refused attachments).</summary>
    public string? ChannelNote { get; private set; }

    public const int MaxChannelNoteLength = 2000;

    /// <summary>Marks the message as written by email, with an optional note (e.g. the attachments that were not kept).</summary>
    public void ArrivedByEmail(string? note)
    {
        Channel = MessageChannel.Email;
        ChannelNote = string.IsNullOrWhiteSpace(note) ? null : note.Length > MaxChannelNoteLength ? note[..MaxChannelNoteLength] : note;
    }

    public IReadOnlyCollection<MessageRevision> Revisions => _revisions;
    public IReadOnlyCollection<MessageAttachment> Attachments => _attachments;

    public void LinkRecord(LinkedRecordType type, string recordId, string snapshotJson)
    {
        RecordType = Guard.Defined(type, nameof(RecordType));
        RecordId = recordId;
        RecordSnapshot = snapshotJson;
    }

    public void AddAttachment(MessageAttachment attachment) => _attachments.Add(attachment);

    public void Edit(string newBody, string editorUserId, DateTime at)
    {
        if (editorUserId != AuthorUserId) throw new DomainException("Only the author can edit a message.");
        if (RetractedAt is not null) throw new DomainException("A retracted message cannot be edited.");
        if (at - SentAt > EditWindow) throw new DomainException("Messages can only be edited within 5 minutes of sending.");
        var body = ValidateBody(newBody);
        if (body == Body) return;
        _revisions.Add(new MessageRevision(Body, EditedAt ?? SentAt, at));
        Body = body;
        EditedAt = at;
    }

    public void Retract(string byUserId, DateTime at)
    {
        if (RetractedAt is not null) throw new DomainException("This message is already retracted.");
        RetractedAt = at;
        RetractedById = byUserId;
    }

    /// <summary>The trimmed text, or a <see cref="DomainException"/> on the body field when it is empty or too long.</summary>
    public static string ValidateBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) throw new DomainException("Write a message first.", nameof(Body));
        if (body.Length > MaxBodyLength) throw new DomainException($"A message can be at most {MaxBodyLength:N0} characters.", nameof(Body));
        return body.Trim();
    }
}

/// <summary>Where a message was written: the portal or console (default), or an emailed reply.</summary>
public enum MessageChannel { Web = 0, Email = 1 }

/// <summary>An earlier text of an edited message, visible to Compliance.</summary>
public class MessageRevision
{
    private MessageRevision() { }

    internal MessageRevision(string body, DateTime writtenAt, DateTime replacedAt)
    {
        Body = body;
        WrittenAt = writtenAt;
        ReplacedAt = replacedAt;
    }

    public long Id { get; private set; }
    public long MessageId { get; private set; }
    public string Body { get; private set; } = "";
    public DateTime WrittenAt { get; private set; }
    public DateTime ReplacedAt { get; private set; }
}

/// <summary>A file on a message. The bytes live outside wwwroot at <see cref="StoragePath"/>.</summary>
public class MessageAttachment
{
    public const int MaxPerMessage = 5;
    public const long MaxBytes = 10 * 1024 * 1024;

    private MessageAttachment() { }

    public MessageAttachment(string fileName, string contentType, long sizeBytes, string storagePath, string sha256)
    {
        FileName = Guard.Required(fileName, nameof(FileName), 255);
        ContentType = contentType;
        SizeBytes = sizeBytes;
        StoragePath = storagePath;
        Sha256 = sha256;
    }

    public long Id { get; private set; }
    public long MessageId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long SizeBytes { get; private set; }
    public string StoragePath { get; private set; } = "";
    public string Sha256 { get; private set; } = "";
}

/// <summary>Who read a message and when: the partner's login or which operator.</summary>
public class MessageReceipt
{
    private MessageReceipt() { }

    public MessageReceipt(long messageId, string userId, bool isOperator, DateTime readAt)
    {
        MessageId = messageId;
        UserId = userId;
        IsOperator = isOperator;
        ReadAt = readAt;
    }

    public long MessageId { get; private set; }
    public string UserId { get; private set; } = "";
    public bool IsOperator { get; private set; }
    public DateTime ReadAt { get; private set; }
}

/// <summary>An operators-only note on a partner. Never shown to the partner in any view or search.</summary>
public class InternalNote
{
    private readonly List<NoteMention> _mentions = [];

    private InternalNote() { }

    public InternalNote(int partnerId, string authorId, string body, DateTime createdAt, long? threadId = null)
    {
        PartnerId = partnerId;
        ThreadId = threadId;
        AuthorId = authorId;
        Body = Guard.Required(body, nameof(Body), 10_000);
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }
    public int PartnerId { get; private set; }
    /// <summary>The thread the note was written in; null for a note on the partner's profile.</summary>
    public long? ThreadId { get; private set; }
    public string AuthorId { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public IReadOnlyCollection<NoteMention> Mentions => _mentions;

    public void Mention(string userId)
    {
        if (_mentions.All(m => m.UserId != userId)) _mentions.Add(new NoteMention(userId));
    }
}

public class NoteMention
{
    private NoteMention() { }
    internal NoteMention(string userId) => UserId = userId;
    public long NoteId { get; private set; }
    public string UserId { get; private set; } = "";
    public DateTime? SeenAt { get; set; }
}
