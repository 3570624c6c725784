namespace PartnerHub.Domain;

/// <summary>
/// A business rule refused an operation. <see cref="Field"/> names the input the message belongs to,
/// so a form can show it at that field; it is null when the message is about the operation as a whole.
/// </summary>
public sealed class DomainException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}

/// <summary>The caller may not see or change what it asked for. Pages turn it into "access denied" / HTTP 403.</summary>
public sealed class AccessDeniedException(string message = "You do not have access to this record.") : Exception(message);

/// <summary>The record does not exist (or, for a caller who may not know it exists, is reported the same way).</summary>
public sealed class NotFoundException(string message = "The record was not found.") : Exception(message);
