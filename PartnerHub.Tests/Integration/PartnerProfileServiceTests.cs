using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>The portal profile on a migrated SQLite file: a partner edits only its own details, refusals name their field, edits are audited.</summary>
public sealed class PartnerProfileServiceTests(PartnerProfileServiceTests.Data data) : IClassFixture<PartnerProfileServiceTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public int A { get; private set; }
        public int B { get; private set; }
        public Actor PartnerA { get; private set; } = null!;
        public Actor PartnerB { get; private set; } = null!;
        public Actor Manager { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var admin = await AddActorAsync(Roles.Admin);
            Manager = await AddActorAsync(Roles.Manager);
            var partners = new PartnerService(Factory, Clock);
            A = await partners.CreateAsync(admin, new NewPartner { Name = "Ana Costa", Email = "ana@profile.test", Vertical = Vertical.IGamingAffiliate, Country = "PT" });
            B = await partners.CreateAsync(admin, new NewPartner { Name = "Ben Olsen", Email = "ben@profile.test", Vertical = Vertical.ForexIb, Country = "DK" });
            PartnerA = await AddActorAsync(Roles.Partner, A);
            PartnerB = await AddActorAsync(Roles.Partner, B);
            await using var db = CreateContext();
            var b = await db.Partners.SingleAsync(p => p.Id == B);
            b.SetBeneficiary("DK50 0040 0440 1162 4821");
            await db.SaveChangesAsync();
        }
    }

    private PartnerProfileService Service => new(data.Factory, data.Clock);

    private static ProfileEdit EditOf(OwnProfile p) => new()
    {
        Name = p.Name, Company = p.Company, Email = p.Email, Phone = p.Phone, Country = p.Country, TimeZone = p.TimeZone, Language = p.Language,
    };

    [Fact]
    public async Task A_partner_saves_its_own_phone_and_time_zone_and_the_change_is_audited()
    {
        var before = await Service.GetAsync(data.PartnerA);
        var edit = EditOf(before);
        edit.Phone = "+351 21 123 4567";
        edit.TimeZone = "Europe/Lisbon";

        var version = await Service.UpdateAsync(data.PartnerA, data.A, before.Version, edit);

        var after = await Service.GetAsync(data.PartnerA);
        Assert.Equal("+351 21 123 4567", after.Phone);
        Assert.Equal("Europe/Lisbon", after.TimeZone);
        Assert.Equal(version, after.Version);
        await using var db = data.CreateContext();
        var audit = await db.AuditLog.AsNoTracking().Where(a => a.Action == "partner.profile.updated" && a.PartnerId == data.A).ToListAsync();
        var entry = Assert.Single(audit);
        Assert.Contains("21 123 4567", entry.Details, StringComparison.Ordinal);
        Assert.Contains("Europe/Lisbon", entry.Details, StringComparison.Ordinal);
        Assert.Equal(data.PartnerA.UserId, entry.UserId);
    }

    [Fact]
    public async Task Partner_A_cannot_edit_partner_B()
    {
        var b = await Service.GetAsync(data.PartnerB);
        var edit = EditOf(b);
        edit.Name = "Taken over";

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.UpdateAsync(data.PartnerA, data.B, b.Version, edit));

        Assert.Equal("Ben Olsen", (await Service.GetAsync(data.PartnerB)).Name);
    }

    [Fact]
    public async Task An_operator_has_no_portal_profile_to_edit()
    {
        var b = await Service.GetAsync(data.PartnerB);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.UpdateAsync(data.Manager, data.B, b.Version, EditOf(b)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.GetAsync(data.Manager));
    }

    [Theory]
    [InlineData("Phone", "call me maybe")]
    [InlineData("Phone", "12")]
    [InlineData("Phone", "+44 20 7946 0958 0000 1111")]
    [InlineData("Email", "not-an-email")]
    [InlineData("Country", "Portugal")]
    [InlineData("TimeZone", "Mars/Olympus")]
    [InlineData("Language", "english please")]
    public async Task Bad_input_is_refused_at_its_field_and_nothing_changes(string field, string value)
    {
        var before = await Service.GetAsync(data.PartnerB);
        var edit = EditOf(before);
        switch (field)
        {
            case "Phone": edit.Phone = value; break;
            case "Email": edit.Email = value; break;
            case "Country": edit.Country = value; break;
            case "TimeZone": edit.TimeZone = value; break;
            default: edit.Language = value; break;
        }

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Service.UpdateAsync(data.PartnerB, data.B, before.Version, edit));

        Assert.Equal(field, refusal.Field);
        Assert.Equal(before, await Service.GetAsync(data.PartnerB));
    }

    [Fact]
    public async Task The_beneficiary_leaves_the_service_masked()
    {
        var b = await Service.GetAsync(data.PartnerB);

        Assert.Equal("•••• 4821", b.MaskedBeneficiary);
        Assert.DoesNotContain("0440", b.ToString(), StringComparison.Ordinal);
    }
}
