using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.CaseFiles;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// A case file shows the partner's details as of the end of its range: a profile edit made after the range is rolled back (and
/// listed as changed since), one made within the range is not.
/// </summary>
public sealed class CaseFileAsOfTests : IAsyncLifetime
{
    private SqliteDatabase database = default!;

    public async Task InitializeAsync() => database = await SqliteDatabase.CreateAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task The_partners_details_are_those_at_the_end_of_the_range()
    {
        var partner = await new AutomationTestData(database).PartnerAsync(name: "Old Name Trading");
        var user = await database.AddActorAsync(Roles.Partner, partner.Id);
        var compliance = await database.AddActorAsync(Roles.Compliance);
        var profiles = new PartnerProfileService(database.Factory, database.Clock);
        var rangeEnd = DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime);

        // Within the range: a new phone number. After it (the next day): a new name and email.
        var version = (await profiles.GetAsync(user)).Version;
        version = await profiles.UpdateAsync(user, partner.Id, version, Edit(partner, "Old Name Trading", partner.Email, "+44 20 7946 0001"));
        database.Clock.Advance(TimeSpan.FromDays(1));
        await profiles.UpdateAsync(user, partner.Id, version, Edit(partner, "New Name Holdings", "new.name@example.net", "+44 20 7946 0001"));

        var service = new CaseFileService(database.Factory, database.Clock);
        var data = await service.CollectAsync(compliance, new CaseFileRequest(partner.Id, rangeEnd.AddDays(-30), rangeEnd));
        Assert.Equal("Old Name Trading", data.Partner.Name);
        Assert.Equal(partner.Email, data.Partner.Email);
        Assert.Equal("+44 20 7946 0001", data.Partner.Phone);
        Assert.Equal(rangeEnd.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), data.Partner.AsOf);
        Assert.Equal(["email", "name"], data.Partner.ChangedSince!.Select(c => c.Field).Order(StringComparer.Ordinal));
        Assert.Contains(data.Partner.ChangedSince!, c => c.Field == "name" && c.Then == "Old Name Trading" && c.Now == "New Name Holdings");

        // A range reaching today shows today's details.
        var today = await service.CollectAsync(compliance, new CaseFileRequest(partner.Id, rangeEnd, rangeEnd.AddDays(1)));
        Assert.Equal("New Name Holdings", today.Partner.Name);
        Assert.Empty(today.Partner.ChangedSince!);
    }

    private static ProfileEdit Edit(Partner p, string name, string email, string phone) => new()
    {
        Name = name, Company = p.Company, Email = email, Phone = phone, Country = p.Country, TimeZone = p.TimeZone, Language = p.Language,
    };
}
