using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Domain.Integrations;

/// <summary>
/// The published JSON Schema (draft 2020-12) of <c>POST /api/v1/events</c>, written by hand, and the validator
/// that checks request bodies against that same document (so the published schema and the checks cannot drift).
/// The validator implements the keywords the schema uses: type, enum, const, required, properties,
/// additionalProperties, minLength, maxLength, minimum, pattern, format (date-time, email), anyOf, allOf,
/// if/then and local $ref. Each error names the field as a dotted path ("data.severity").
/// </summary>
public static class EventSchema
{
    /// <summary>The event types an external tracker may post.</summary>
    public static readonly IReadOnlyList<string> ExternalTypes =
        [EventTypes.TrafficQualityFlagged, EventTypes.KycRequired, EventTypes.MilestoneAchieved, EventTypes.PayoutThresholdReached];

    public const string Json = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "/api/v1/events/schema.json",
          "title": "PartnerHub external event",
          "description": "An event a tracking system reports about one partner. Send it with the X-Api-Key and Idempotency-Key headers.",
          "type": "object",
          "additionalProperties": false,
          "required": ["type", "occurredAt", "data"],
          "properties": {
            "type": {
              "description": "What happened.",
              "type": "string",
              "enum": ["TrafficQualityFlagged", "KycRequired", "MilestoneAchieved", "PayoutThresholdReached"]
            },
            "partnerId": { "description": "The partner's PartnerHub id. Give this or partnerEmail.", "type": "integer", "minimum": 1 },
            "partnerEmail": { "description": "The partner's e-mail address in PartnerHub. Give this or partnerId.", "type": "string", "format": "email", "maxLength": 254 },
            "occurredAt": { "description": "When it happened, ISO 8601 with an offset (UTC recommended).", "type": "string", "format": "date-time" },
            "data": { "description": "The event's figures; their shape depends on type (see $defs).", "type": "object" }
          },
          "anyOf": [
            { "required": ["partnerId"] },
            { "required": ["partnerEmail"] }
          ],
          "allOf": [
            { "if": { "required": ["type"], "properties": { "type": { "const": "TrafficQualityFlagged" } } }, "then": { "properties": { "data": { "$ref": "#/$defs/TrafficQualityFlagged" } } } },
            { "if": { "required": ["type"], "properties": { "type": { "const": "KycRequired" } } }, "then": { "properties": { "data": { "$ref": "#/$defs/KycRequired" } } } },
            { "if": { "required": ["type"], "properties": { "type": { "const": "MilestoneAchieved" } } }, "then": { "properties": { "data": { "$ref": "#/$defs/MilestoneAchieved" } } } },
            { "if": { "required": ["type"], "properties": { "type": { "const": "PayoutThresholdReached" } } }, "then": { "properties": { "data": { "$ref": "#/$defs/PayoutThresholdReached" } } } }
          ],
          "$defs": {
            "TrafficQualityFlagged": {
              "type": "object",
              "additionalProperties": false,
              "required": ["severity", "reason"],
              "properties": {
                "severity": { "type": "string", "enum": ["Info", "Warning", "Critical"] },
                "reason": { "type": "string", "minLength": 1, "maxLength": 500 },
                "metric": { "description": "The figure that tripped the check, e.g. \"bot clicks 38%\".", "type": "string", "maxLength": 200 }
              }
            },
            "KycRequired": {
              "type": "object",
              "additionalProperties": false,
              "required": ["document", "dueAt"],
              "properties": {
                "document": { "type": "string", "enum": ["ProofOfIdentity", "ProofOfAddress", "CompanyRegistration", "TaxForm", "SourceOfFunds"] },
                "dueAt": { "description": "When the document is due; after occurredAt.", "type": "string", "format": "date-time" }
              }
            },
            "MilestoneAchieved": {
              "type": "object",
              "additionalProperties": false,
              "required": ["code", "title"],
              "properties": {
                "code": { "description": "A stable code, e.g. \"ftds-100\".", "type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,59}$" },
                "title": { "type": "string", "minLength": 1, "maxLength": 160 },
                "value": { "type": "number" }
              }
            },
            "PayoutThresholdReached": {
              "type": "object",
              "additionalProperties": false,
              "required": ["balance", "currency"],
              "properties": {
                "balance": { "type": "number", "minimum": 0 },
                "currency": { "type": "string", "pattern": "^[A-Z]{3}$" },
                "threshold": { "type": "number", "minimum": 0 }
              }
            }
          }
        }
        """;

    private static readonly JsonNode Root = JsonNode.Parse(Json)!;

    /// <summary>Checks a request body against the schema. Returns every error as (field, message); empty when valid.</summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(JsonElement body)
    {
        var errors = new List<(string, string)>();
        Check(Root, body, "", errors);
        // One message per field, the first found.
        return errors.GroupBy(e => e.Item1).Select(g => g.First()).ToList();
    }

    private static void Check(JsonNode schema, JsonElement value, string path, List<(string, string)> errors)
    {
        if (schema is not JsonObject s) return;
        if (s["$ref"] is JsonValue r)
        {
            Check(Resolve(r.GetValue<string>()), value, path, errors);
            return;
        }
        var field = path.Length == 0 ? "body" : path;

        if (s["type"] is JsonValue t && !HasType(value, t.GetValue<string>()))
        {
            errors.Add((field, $"{Name(field)} must be {Article(t.GetValue<string>())}."));
            return;
        }
        if (s["const"] is JsonNode c && !JsonNode.DeepEquals(JsonNode.Parse(value.GetRawText()), c))
            errors.Add((field, $"{Name(field)} must be {c.ToJsonString()}."));
        if (s["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(JsonNode.Parse(value.GetRawText()), o)))
            errors.Add((field, $"{Name(field)} must be one of: {string.Join(", ", options.Select(o => o!.GetValue<string>()))}."));

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            if (s["minLength"] is JsonValue min && text.Length < min.GetValue<int>())
                errors.Add((field, min.GetValue<int>() == 1 ? $"{Name(field)} cannot be empty." : $"{Name(field)} must be at least {min} characters."));
            if (s["maxLength"] is JsonValue max && text.Length > max.GetValue<int>())
                errors.Add((field, $"{Name(field)} must be at most {max} characters."));
            if (s["pattern"] is JsonValue pattern && !Regex.IsMatch(text, pattern.GetValue<string>(), RegexOptions.None, TimeSpan.FromMilliseconds(100)))
                errors.Add((field, $"{Name(field)} must match {pattern.GetValue<string>()}."));
            if (s["format"] is JsonValue format)
            {
                var ok = format.GetValue<string>() switch
                {
                    "date-time" => TryDateTime(text, out _),
                    "email" => IsEmail(text),
                    _ => true,
                };
                if (!ok) errors.Add((field, format.GetValue<string>() == "email"
                    ? $"{Name(field)} must be an e-mail address."
                    : $"{Name(field)} must be an ISO 8601 date and time with an offset, e.g. 2026-03-02T09:00:00Z."));
            }
        }
        if (value.ValueKind == JsonValueKind.Number && s["minimum"] is JsonValue minimum && (!value.TryGetDecimal(out var number) || number < minimum.GetValue<decimal>()))
            errors.Add((field, $"{Name(field)} must be at least {minimum}."));

        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = s["properties"] as JsonObject;
            if (s["required"] is JsonArray required)
                foreach (var name in required.Select(n => n!.GetValue<string>()))
                    if (!value.TryGetProperty(name, out _))
                        errors.Add((Join(path, name), $"{Name(Join(path, name))} is required."));
            foreach (var p in value.EnumerateObject())
            {
                if (properties?[p.Name] is JsonNode sub) Check(sub, p.Value, Join(path, p.Name), errors);
                else if (s["additionalProperties"] is JsonValue extra && !extra.GetValue<bool>())
                    errors.Add((Join(path, p.Name), $"{Name(Join(path, p.Name))} is not a known field."));
            }
        }

        if (s["anyOf"] is JsonArray anyOf)
        {
            var branches = anyOf.Select(b => { var e = new List<(string, string)>(); Check(b!, value, path, e); return e; }).ToList();
            if (branches.All(b => b.Count > 0))
            {
                var missing = branches.SelectMany(b => b).Where(e => e.Item2.EndsWith(" is required.", StringComparison.Ordinal)).Select(e => e.Item1).ToList();
                if (missing.Count == branches.Count)
                    errors.Add((missing[0], $"Give {string.Join(" or ", missing)}."));
                else errors.AddRange(branches.First(b => b.Count > 0));
            }
        }
        if (s["allOf"] is JsonArray allOf)
            foreach (var part in allOf) Check(part!, value, path, errors);
        if (s["if"] is JsonNode condition && s["then"] is JsonNode then)
        {
            var probe = new List<(string, string)>();
            Check(condition, value, path, probe);
            if (probe.Count == 0) Check(then, value, path, errors);
        }
    }

    public static bool TryDateTime(string text, out DateTimeOffset value) =>
        Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.None, TimeSpan.FromMilliseconds(100))
            & DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    private static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('@', StringComparison.Ordinal);

    private static JsonNode Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) throw new InvalidOperationException($"Only local references are supported: {reference}");
        JsonNode node = Root;
        foreach (var part in reference[2..].Split('/')) node = node[part] ?? throw new InvalidOperationException($"Unresolved reference {reference}");
        return node;
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out _),
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        _ => true,
    };

    private static string Article(string type) => type switch
    {
        "object" => "an object",
        "integer" => "an integer",
        "array" => "an array",
        _ => "a " + type,
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Name(string field) => field == "body" ? "The body" : field;
}
