using PartnerHub.Domain;

namespace PartnerHub.Web.Components.Shared;

/// <summary>
/// What a form shows of the service's refusals: a message at each field the form shows, and any other refusal as one
/// form-level message (<see cref="Form"/>). The service is the validator, so these stay until the form clears them, usually
/// when the user edits a field. (A form's own ValidateAsync is not used: it would still see the previous server error and
/// silently refuse to save.)
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string> messages = new(StringComparer.Ordinal);
    private readonly HashSet<string>? shownFields;

    /// <summary>For a form that shows a message at whichever field the service names.</summary>
    public FieldErrors()
    {
    }

    /// <summary>For a form that shows messages at these fields only; a refusal naming any other field becomes <see cref="Form"/>.</summary>
    public FieldErrors(params IEnumerable<string> shownFields) => this.shownFields = new(shownFields, StringComparer.Ordinal);

    /// <summary>The message that belongs to no field the form shows, or null.</summary>
    public string? Form { get; set; }

    public bool Has(string field) => messages.ContainsKey(field);

    /// <summary>The message at <paramref name="field"/>, or null.</summary>
    public string? For(string field) => messages.GetValueOrDefault(field);

    /// <summary>Puts a message at a field, shown or not (the form's own checks, or a refusal it knows the place of).</summary>
    public void Set(string field, string message) => messages[field] = message;

    public void Remove(string field) => messages.Remove(field);

    /// <summary>Shows a refusal at the field it names when the form shows that field, otherwise as <see cref="Form"/>.</summary>
    public void Show(DomainException refusal) => Show(refusal.Field, refusal.Message);

    /// <summary>Shows <paramref name="message"/> at <paramref name="field"/> when the form shows that field, otherwise as <see cref="Form"/>.</summary>
    public void Show(string? field, string message)
    {
        if (field is not null && (shownFields is null || shownFields.Contains(field))) messages[field] = message;
        else Form = message;
    }

    /// <summary>Forgets every message, the form-level one included.</summary>
    public void Clear()
    {
        messages.Clear();
        Form = null;
    }

    /// <summary>Forgets the messages at fields and keeps <see cref="Form"/>.</summary>
    public void ClearFields() => messages.Clear();
}
