namespace PartnerHub.Domain;

internal static class Guard
{
    public static string Required(string? value, string field, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new DomainException($"{Label(field)} is required.", field);
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
            throw new DomainException($"{Label(field)} must be at most {maxLength} characters.", field);
        return trimmed;
    }

    public static string? Optional(string? value, string field, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
            throw new DomainException($"{Label(field)} must be at most {maxLength} characters.", field);
        return trimmed;
    }

    public static decimal NotNegative(decimal value, string field)
        => value < 0 ? throw new DomainException($"{Label(field)} cannot be negative.", field) : value;

    public static decimal Positive(decimal value, string field)
        => value <= 0 ? throw new DomainException($"{Label(field)} must be greater than zero.", field) : value;

    public static TEnum Defined<TEnum>(TEnum value, string field) where TEnum : struct, Enum
        => Enum.IsDefined(value) ? value : throw new DomainException($"'{value}' is not a known {Label(field).ToLowerInvariant()}.", field);

    /// <summary>"PayoutThreshold" -> "Payout threshold".</summary>
    public static string Label(string field)
    {
        var chars = new List<char>(field.Length + 4);
        for (var i = 0; i < field.Length; i++)
        {
            var c = field[i];
            if (i > 0 && char.IsUpper(c)) { chars.Add(' '); chars.Add(char.ToLowerInvariant(c)); }
            else chars.Add(c);
        }
        return new string(chars.ToArray());
    }
}
