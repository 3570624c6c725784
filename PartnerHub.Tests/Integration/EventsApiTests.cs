using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Integrations;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>The app with its own SQLite file (no demo data), an integration key and two partners, for the events API.</summary>
public sealed class EventsApiHost : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("partnerhub-events-").FullName;
    private readonly HostDatabase database = new();

    public WebApplicationFactory<Program> Factory { get; private set; } = default!;
    public string Key { get; private set; } = "";
    public string RevokedKey { get; private set; } = "";
    public int IntegrationId { get; private set; }
    public int PartnerId { get; private set; }
    public const string PartnerEmail = "tracked@events.test";

    public async Task InitializeAsync()
    {
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            database.Apply(b);
            b.UseSetting("Bootstrap:AdminEmail", "owner@events.test");
            b.UseSetting("Bootstrap:AdminPassword", "First!Admin2026");
            b.UseSetting("Storage:Root", Path.Combine(folder, "files"));
        });
        using (Factory.CreateClient()) { } // starts the host: migrations and the first admin
        await using var scope = Factory.Services.CreateAsyncScope();
        var admin = new Actor("events-admin", "Events Admin", new HashSet<string> { Roles.Admin }, null);
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
        var created = await keys.CreateAsync(admin, "Tracker");
        Key = created.ApiKey;
        IntegrationId = created.Integration.Id;
        var revoked = await keys.CreateAsync(admin, "Old tracker");
        await keys.RevokeAsync(admin, revoked.Integration.Id);
        RevokedKey = revoked.ApiKey;
        PartnerId = await scope.ServiceProvider.GetRequiredService<PartnerService>().CreateAsync(admin, new NewPartner
        {
            Name = "Tracked Media", Email = PartnerEmail, Vertical = Vertical.IGamingAffiliate, Country = "MT",
        });
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await database.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* the OS may hold the file briefly */ }
    }

    public AppDbContext Db() => Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
}

/// <summary><c>POST /api/v1/events</c> through the real pipeline: every status code, idempotency, and what is written.</summary>
public sealed class EventsApiTests(EventsApiHost host) : IClassFixture<EventsApiHost>
{
    private static string NewKey() => Guid.NewGuid().ToString("N");

    private HttpRequestMessage Post(object? body, string? apiKey = "(default)", string? idempotencyKey = "(new)", string? rawJson = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
        {
            Content = new StringContent(rawJson ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        apiKey = apiKey == "(default)" ? host.Key : apiKey;
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        idempotencyKey = idempotencyKey == "(new)" ? NewKey() : idempotencyKey;
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    private object Flag(object? partnerId = null, string severity = "Warning") => new
    {
        type = "TrafficQualityFlagged",
        partnerId = partnerId ?? host.PartnerId,
        occurredAt = "2026-03-01T10:00:00Z",
        data = new { severity, reason = "Bot clicks above threshold", metric = "bot clicks 38%" },
    };

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using var client = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task An_accepted_flag_is_202_with_the_event_id_and_writes_the_event_the_flag_and_the_audit_together()
    {
        var idempotencyKey = NewKey();
        var response = await SendAsync(Post(Flag(), idempotencyKey: idempotencyKey));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("accepted", body.GetProperty("status").GetString());
        var id = body.GetProperty("id").GetInt64();
        await using var db = host.Db();
        var e = await db.DomainEvents.SingleAsync(x => x.Id == id);
        Assert.Equal((EventTypes.TrafficQualityFlagged, host.PartnerId, host.IntegrationId, idempotencyKey, (DateTime?)null),
            (e.Type, e.PartnerId!.Value, e.IntegrationId!.Value, e.IdempotencyKey!, e.ProcessedAt));
        Assert.Equal(new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc), e.OccurredAt);
        var flag = await db.TrafficQualityFlags.SingleAsync(f => f.Id == long.Parse(e.RecordId!));
        Assert.Equal((host.PartnerId, FlagSeverity.Warning, "Bot clicks above threshold", "bot clicks 38%"), (flag.PartnerId, flag.Severity, flag.Reason, flag.Metric));
        Assert.Contains("\"reason\":\"Bot clicks above threshold\"", e.Payload, StringComparison.Ordinal);
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "event.received" && a.EntityId == id.ToString() && a.PartnerId == host.PartnerId));
        Assert.NotNull((await db.ApiIntegrations.SingleAsync(i => i.Id == host.IntegrationId)).LastUsedAt);
    }

    [Fact]
    public async Task A_kyc_request_by_partner_email_and_a_bearer_key_creates_the_requirement()
    {
        var request = Post(new
        {
            type = "KycRequired", partnerEmail = EventsApiHost.PartnerEmail, occurredAt = "2026-03-01T10:00:00+02:00",
            data = new { document = "ProofOfAddress", dueAt = "2026-03-15T00:00:00Z" },
        }, apiKey: null);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", host.Key);

        var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await JsonAsync(response)).GetProperty("id").GetInt64();
        await using var db = host.Db();
        var e = await db.DomainEvents.SingleAsync(x => x.Id == id);
        var requirement = await db.KycRequirements.SingleAsync(k => k.Id == long.Parse(e.RecordId!));
        Assert.Equal((host.PartnerId, KycDocumentType.ProofOfAddress, new DateTime(2026, 3, 15, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc)),
            (requirement.PartnerId, requirement.DocumentType, requirement.DueAt, requirement.RequestedAt));
        Assert.Contains("\"document\":\"proof of address\"", e.Payload, StringComparison.Ordinal);
        Assert.Null(requirement.LastReminderAt); // due in two weeks: the scanner still sends its "due soon" reminder later
    }

    [Fact]
    public async Task A_posted_milestone_is_recorded_once_so_the_scanner_never_celebrates_it_again()
    {
        object Milestone() => new
        {
            type = "MilestoneAchieved", partnerId = host.PartnerId, occurredAt = "2026-03-01T10:00:00Z",
            data = new { code = "ftds-250", title = "250 FTDs", value = 250 },
        };

        var first = await SendAsync(Post(Milestone()));
        var second = await SendAsync(Post(Milestone()));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        await using var db = host.Db();
        var row = await db.Milestones.SingleAsync(m => m.PartnerId == host.PartnerId && m.Code == "ftds-250");
        Assert.Equal(("250 FTDs", 250m), (row.Title, row.Value));
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { """{"type":"TrafficQualityFlagged","partnerId":1,"occurredAt":"2026-03-01T10:00:00Z","data":{"reason":"x"}}""", "data.severity" },
        { """{"type":"TrafficQualityFlagged","partnerId":1,"occurredAt":"2026-03-01T10:00:00Z","data":{"severity":"Loud","reason":"x"}}""", "data.severity" },
        { """{"type":"PayoutProcessed","partnerId":1,"occurredAt":"2026-03-01T10:00:00Z","data":{}}""", "type" },
        { """{"type":"MilestoneAchieved","occurredAt":"2026-03-01T10:00:00Z","data":{"code":"ftds-100","title":"100 FTDs"}}""", "partnerId" },
        { """{"type":"MilestoneAchieved","partnerId":"seven","occurredAt":"2026-03-01T10:00:00Z","data":{"code":"ftds-100","title":"100 FTDs"}}""", "partnerId" },
        { """{"type":"MilestoneAchieved","partnerId":1,"occurredAt":"yesterday","data":{"code":"ftds-100","title":"100 FTDs"}}""", "occurredAt" },
        { """{"type":"MilestoneAchieved","partnerId":1,"occurredAt":"2026-03-01T10:00:00Z","data":{"code":"ftds-100","title":"100 FTDs"},"extra":1}""", "extra" },
        { """{"type":"PayoutThresholdReached","partnerId":1,"occurredAt":"2026-03-01T10:00:00Z","data":{"balance":-5,"currency":"USD"}}""", "data.balance" },
        { """{"type":"PayoutThresholdReached","partnerId":1,"occurredAt":"2026-03-01T10:00:00Z","data":{"balance":5,"currency":"usd"}}""", "data.currency" },
        { """{"type":"KycRequired","partnerId":1,"occurredAt":"2026-03-01T10:00:00Z","data":{"document":"TaxForm","dueAt":"2026-02-01T00:00:00Z"}}""", "data.dueAt" },
        { """{"type":"KycRequired","partnerId":1,"occurredAt":"2099-03-01T10:00:00Z","data":{"document":"TaxForm","dueAt":"2099-04-01T00:00:00Z"}}""", "occurredAt" },
        { """{"type":"MilestoneAchieved","partnerId":1,"occurredAt":"2026-03-01T10:00:00Z"}""", "data" },
        { """[1,2]""", "body" },
        { """{"type": "MilestoneAchieved", """, "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_400_naming_the_field_and_writes_nothing(string json, string field)
    {
        json = json.Replace("\"partnerId\":1,", $"\"partnerId\":{host.PartnerId},", StringComparison.Ordinal);
        await using var before = host.Db();
        var events = await before.DomainEvents.CountAsync();

        var response = await SendAsync(Post(null, rawJson: json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors should name {field}: {errors}");
        Assert.NotEmpty(messages.EnumerateArray().First().GetString()!);
        await using var after = host.Db();
        Assert.Equal(events, await after.DomainEvents.CountAsync());
    }

    [Fact]
    public async Task A_missing_idempotency_key_is_400_naming_the_header()
    {
        var response = await SendAsync(Post(Flag(), idempotencyKey: null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task A_missing_key_is_401_and_an_unknown_key_is_401()
    {
        var missing = await SendAsync(Post(Flag(), apiKey: null));
        var unknown = await SendAsync(Post(Flag(), apiKey: "phk_not-a-real-key"));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("API key required", (await JsonAsync(missing)).GetProperty("title").GetString());
        Assert.Equal("Unknown API key", (await JsonAsync(unknown)).GetProperty("title").GetString());
        Assert.Contains("ApiKey", missing.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_is_403()
    {
        var response = await SendAsync(Post(Flag(), apiKey: host.RevokedKey));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("API key revoked", (await JsonAsync(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_unknown_partner_id_or_email_is_422()
    {
        var byId = await SendAsync(Post(Flag(partnerId: 999_999)));
        var byEmail = await SendAsync(Post(new
        {
            type = "MilestoneAchieved", partnerEmail = "nobody@events.test", occurredAt = "2026-03-01T10:00:00Z",
            data = new { code = "ftds-100", title = "100 FTDs", value = 100 },
        }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, byId.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, byEmail.StatusCode);
        Assert.Equal("Unknown partner", (await JsonAsync(byId)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_is_accepted_once_and_answers_with_the_first_event()
    {
        var key = NewKey();
        await using var before = host.Db();
        var flagsBefore = await before.TrafficQualityFlags.CountAsync();
        var first = await SendAsync(Post(Flag(), idempotencyKey: key));
        var second = await SendAsync(Post(Flag(), idempotencyKey: key));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var firstBody = await JsonAsync(first);
        var secondBody = await JsonAsync(second);
        Assert.Equal(firstBody.GetProperty("id").GetInt64(), secondBody.GetProperty("id").GetInt64());
        Assert.Equal("duplicate", secondBody.GetProperty("status").GetString());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        await using var db = host.Db();
        Assert.Equal(1, await db.DomainEvents.CountAsync(e => e.IdempotencyKey == key));
        Assert.Equal(flagsBefore + 1, await db.TrafficQualityFlags.CountAsync());
    }

    [Fact]
    public async Task Concurrent_requests_with_the_same_idempotency_key_write_one_event_and_one_flag()
    {
        var key = NewKey();
        await using var before = host.Db();
        var flagsBefore = await before.TrafficQualityFlags.CountAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendAsync(Post(Flag(severity: "Critical"), idempotencyKey: key))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await JsonAsync(r)).GetProperty("id").GetInt64()));
        Assert.Single(ids.Distinct());
        await using var db = host.Db();
        Assert.Equal(1, await db.DomainEvents.CountAsync(e => e.IdempotencyKey == key));
        Assert.Equal(flagsBefore + 1, await db.TrafficQualityFlags.CountAsync());
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "event.received" && a.EntityId == ids[0].ToString()));
    }

    [Fact]
    public async Task The_same_idempotency_key_for_a_different_event_is_409()
    {
        var key = NewKey();
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Post(Flag(), idempotencyKey: key))).StatusCode);

        var other = await SendAsync(Post(new
        {
            type = "MilestoneAchieved", partnerId = host.PartnerId, occurredAt = "2026-03-01T10:00:00Z",
            data = new { code = "ftds-100", title = "100 FTDs" },
        }, idempotencyKey: key));

        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
    }

    [Fact]
    public async Task The_same_idempotency_key_with_the_same_type_and_partner_but_another_body_is_409_and_writes_nothing()
    {
        var key = NewKey();
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Post(Flag(severity: "Warning"), idempotencyKey: key))).StatusCode);
        await using var before = host.Db();
        var flagsBefore = await before.TrafficQualityFlags.CountAsync();

        var other = await SendAsync(Post(Flag(severity: "Critical"), idempotencyKey: key));

        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Equal("This Idempotency-Key was already used for a different event.", (await JsonAsync(other)).GetProperty("detail").GetString());
        await using var db = host.Db();
        Assert.Equal(1, await db.DomainEvents.CountAsync(e => e.IdempotencyKey == key));
        Assert.Equal(flagsBefore, await db.TrafficQualityFlags.CountAsync());
    }

    [Fact]
    public async Task A_retry_of_the_same_body_differently_indented_is_a_duplicate_not_a_conflict()
    {
        var key = NewKey();
        var first = await SendAsync(Post(Flag(), idempotencyKey: key));
        var indented = JsonSerializer.Serialize(Flag(), new JsonSerializerOptions { WriteIndented = true });

        var retry = await SendAsync(Post(null, idempotencyKey: key, rawJson: indented));

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal((await JsonAsync(first)).GetProperty("id").GetInt64(), (await JsonAsync(retry)).GetProperty("id").GetInt64());
        await using var db = host.Db();
        Assert.Matches("^[0-9a-f]{64}$", await db.DomainEvents.Where(e => e.IdempotencyKey == key).Select(e => e.RequestHash).SingleAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var request = Post(Flag());
        request.Content = new StringContent("type=KycRequired", Encoding.UTF8, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task The_schema_is_published_and_is_the_one_the_api_checks_against()
    {
        using var client = host.Factory.CreateClient();
        var response = await client.GetAsync("/api/v1/events/schema.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        var schema = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(EventSchema.ExternalTypes, schema.GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(EventSchema.Json, await response.Content.ReadAsStringAsync());
    }
}
