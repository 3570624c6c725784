using System.Text.Json;
using PartnerHub.Domain.Integrations;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Tests.Domain;

/// <summary>The hand-written event schema and the validator that reads it.</summary>
public class EventsApiSchemaTests
{
    private static IReadOnlyList<(string Field, string Message)> Validate(string json) => EventSchema.Validate(JsonDocument.Parse(json).RootElement);

    [Theory]
    [InlineData("""{"type":"TrafficQualityFlagged","partnerEmail":"partner@partnerhub.demo","occurredAt":"2026-03-01T10:00:00Z","data":{"severity":"Warning","reason":"Bot clicks above threshold","metric":"bot clicks 38%"}}""")]
    [InlineData("""{"type":"KycRequired","partnerId":7,"occurredAt":"2026-03-01T10:00:00.123+02:00","data":{"document":"TaxForm","dueAt":"2026-03-15T00:00:00Z"}}""")]
    [InlineData("""{"type":"MilestoneAchieved","partnerId":7,"partnerEmail":"a@b.test","occurredAt":"2026-03-01T10:00:00Z","data":{"code":"ftds-100","title":"100 FTDs","value":100}}""")]
    [InlineData("""{"type":"PayoutThresholdReached","partnerId":7,"occurredAt":"2026-03-01T10:00:00Z","data":{"balance":120.5,"currency":"EUR","threshold":100}}""")]
    public void Valid_events_of_every_type_pass(string json) => Assert.Empty(Validate(json));

    [Fact]
    public void Neither_partner_field_names_both_in_one_message()
    {
        var error = Assert.Single(Validate("""{"type":"MilestoneAchieved","occurredAt":"2026-03-01T10:00:00Z","data":{"code":"x","title":"y"}}"""));
        Assert.Equal("partnerId", error.Field);
        Assert.Equal("Give partnerId or partnerEmail.", error.Message);
    }

    [Fact]
    public void A_missing_type_does_not_drag_in_the_data_rules_of_every_type()
    {
        var errors = Validate("""{"partnerId":7,"occurredAt":"2026-03-01T10:00:00Z","data":{}}""");
        Assert.Equal(["type"], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("""{"type":"KycRequired","partnerId":7,"occurredAt":"2026-03-01","data":{"document":"TaxForm","dueAt":"2026-03-15T00:00:00Z"}}""", "occurredAt")]
    [InlineData("""{"type":"KycRequired","partnerId":7,"occurredAt":"2026-03-01T10:00:00","data":{"document":"TaxForm","dueAt":"2026-03-15T00:00:00Z"}}""", "occurredAt")]
    [InlineData("""{"type":"KycRequired","partnerId":0,"occurredAt":"2026-03-01T10:00:00Z","data":{"document":"TaxForm","dueAt":"2026-03-15T00:00:00Z"}}""", "partnerId")]
    [InlineData("""{"type":"KycRequired","partnerId":7.5,"occurredAt":"2026-03-01T10:00:00Z","data":{"document":"TaxForm","dueAt":"2026-03-15T00:00:00Z"}}""", "partnerId")]
    [InlineData("""{"type":"KycRequired","partnerEmail":"not an email","occurredAt":"2026-03-01T10:00:00Z","data":{"document":"TaxForm","dueAt":"2026-03-15T00:00:00Z"}}""", "partnerEmail")]
    [InlineData("""{"type":"KycRequired","partnerId":7,"occurredAt":"2026-03-01T10:00:00Z","data":{"document":"Passport","dueAt":"2026-03-15T00:00:00Z"}}""", "data.document")]
    [InlineData("""{"type":"MilestoneAchieved","partnerId":7,"occurredAt":"2026-03-01T10:00:00Z","data":{"code":"Has Spaces","title":"y"}}""", "data.code")]
    [InlineData("""{"type":"MilestoneAchieved","partnerId":7,"occurredAt":"2026-03-01T10:00:00Z","data":{"code":"ok","title":""}}""", "data.title")]
    [InlineData("""{"type":"TrafficQualityFlagged","partnerId":7,"occurredAt":"2026-03-01T10:00:00Z","data":{"severity":"Info","reason":"r","extra":true}}""", "data.extra")]
    [InlineData("""{"type":"TrafficQualityFlagged","partnerId":7,"occurredAt":"2026-03-01T10:00:00Z","data":"flag"}""", "data")]
    public void Each_error_names_its_field(string json, string field)
    {
        var errors = Validate(json);
        Assert.Contains(errors, e => e.Field == field);
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Fact]
    public void The_schema_lists_exactly_the_external_types_and_defines_data_for_each()
    {
        using var schema = JsonDocument.Parse(EventSchema.Json);
        var types = schema.RootElement.GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(EventSchema.ExternalTypes, types);
        var defs = schema.RootElement.GetProperty("$defs");
        Assert.All(types, t => Assert.True(defs.TryGetProperty(t, out _), $"$defs.{t}"));
        Assert.All(types, t => Assert.Contains(t, EventTypes.Triggerable));
    }
}
