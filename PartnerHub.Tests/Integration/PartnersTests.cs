using Bogus;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>PartnerService against a migrated SQLite file: the partner row, its closure rows, audit entry and outbox event.</summary>
public class PartnersTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private readonly PartnerService _service = new(database.Factory, database.Clock);

    // One faker for the whole class, so every partner the class creates has a distinct email.
    private static readonly Faker<NewPartner> NewPartners = new Faker<NewPartner>()
        .UseSeed(4242)
        .CustomInstantiator(f =>
        {
            var first = f.Name.FirstName();
            var last = f.Name.LastName();
            return new NewPartner
            {
                Name = $"{first} {last}",
                Company = f.Company.CompanyName(),
                Email = f.Internet.Email(first, last, "partners.example.com", uniqueSuffix: $".{f.IndexFaker}"),
                Vertical = f.PickRandom<Vertical>(),
                Country = f.PickRandom("GB", "DE", "CY", "AE", "ZA"),
                TimeZone = "Europe/London",
                Language = "en",
                PayoutMethod = f.PickRandom<PayoutMethod>(),
                Currency = f.PickRandom("USD", "EUR"),
                PayoutThreshold = f.Random.Int(0, 500),
                Tags = f.Make(2, () => f.Commerce.Department(1)).Distinct().ToList(),
            };
        });

    private static NewPartner NewPartner() => NewPartners.Generate();

    [Fact]
    public async Task Creating_a_partner_writes_the_row_its_closure_row_an_audit_entry_and_an_event()
    {
        var actor = await database.AddActorAsync(Roles.Manager);
        var manager = await database.AddUserAsync(Roles.Manager, "Mia Manager");
        var input = NewPartner() with { ManagerId = manager.Id, Email = "  New.Partner@Example.COM " };

        var id = await _service.CreateAsync(actor, input);

        await using var db = database.CreateContext();
        var partner = await db.Partners.Include(p => p.Tags).Include(p => p.Assignments).SingleAsync(p => p.Id == id);
        Assert.Equal(input.Name, partner.Name);
        Assert.Equal("new.partner@example.com", partner.Email);
        Assert.Equal(input.Vertical, partner.Vertical);
        Assert.Equal(PartnerStatus.Applied, partner.Status);
        Assert.Equal(1, partner.Tier);
        Assert.Equal(input.PayoutThreshold, partner.PayoutThreshold);
        Assert.Equal(manager.Id, partner.ManagerId);
        Assert.Equal(manager.Id, Assert.Single(partner.Assignments).ManagerId);
        Assert.Equal(input.Tags.Select(t => t.ToLowerInvariant()).Order(), partner.Tags.Select(t => t.Tag).Order());
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, partner.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, partner.CreatedAt.Kind);

        var closure = Assert.Single(await db.PartnerHierarchy.Where(h => h.DescendantId == id || h.AncestorId == id).ToListAsync());
        Assert.Equal((id, id, 0), (closure.AncestorId, closure.DescendantId, closure.Depth));

        var audit = Assert.Single(await db.AuditLog.Where(a => a.PartnerId == id).ToListAsync());
        Assert.Equal("partner.created", audit.Action);
        Assert.Equal(nameof(Partner), audit.EntityType);
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), audit.EntityId);
        Assert.Equal(actor.UserId, audit.UserId);
        Assert.Contains("new.partner@example.com", audit.Details, StringComparison.Ordinal);

        var evt = Assert.Single(await db.DomainEvents.Where(e => e.PartnerId == id).ToListAsync());
        Assert.Equal(EventTypes.PartnerCreated, evt.Type);
        Assert.Equal(actor.UserId, evt.ActorUserId);
        Assert.Null(evt.ProcessedAt);
    }

    [Fact]
    public async Task Duplicate_email_is_refused_and_nothing_is_written()
    {
        var actor = await database.AddActorAsync(Roles.Admin);
        var first = NewPartner();
        await _service.CreateAsync(actor, first);
        var before = await CountsAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            _service.CreateAsync(actor, NewPartner() with { Email = first.Email.ToUpperInvariant() }));

        Assert.Equal("Email", ex.Field);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Unknown_vertical_is_refused_and_nothing_is_written()
    {
        var actor = await database.AddActorAsync(Roles.Manager);
        var before = await CountsAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => _service.CreateAsync(actor, NewPartner() with { Vertical = (Vertical)99 }));

        Assert.Equal("Vertical", ex.Field);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Negative_payout_threshold_is_refused_and_nothing_is_written()
    {
        var actor = await database.AddActorAsync(Roles.Manager);
        var before = await CountsAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => _service.CreateAsync(actor, NewPartner() with { PayoutThreshold = -1m }));

        Assert.Equal("PayoutThreshold", ex.Field);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Manager_must_have_the_Manager_role()
    {
        var actor = await database.AddActorAsync(Roles.Admin);
        var complianceUser = await database.AddUserAsync(Roles.Compliance);
        var before = await CountsAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => _service.CreateAsync(actor, NewPartner() with { ManagerId = complianceUser.Id }));

        Assert.Equal("ManagerId", ex.Field);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Unknown_upline_is_refused_and_nothing_is_written()
    {
        var actor = await database.AddActorAsync(Roles.Manager);
        var before = await CountsAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => _service.CreateAsync(actor, NewPartner() with { ParentId = 987_654 }));

        Assert.Equal("ParentId", ex.Field);
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData(Roles.Compliance)]
    [InlineData(Roles.Partner)]
    public async Task Only_managers_and_admins_can_create_partners(string role)
    {
        var actor = await database.AddActorAsync(role, partnerId: null);
        var before = await CountsAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.CreateAsync(actor, NewPartner()));

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Compliance_cannot_move_a_partner_in_the_tree()
    {
        var (a, b, _) = await ChainAsync();
        var compliance = await database.AddActorAsync(Roles.Compliance);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.SetUplineAsync(compliance, b, null));

        Assert.Equal(a, (await PartnerAsync(b)).ParentId);
    }

    [Fact]
    public async Task Sub_partners_created_under_an_upline_get_closure_rows_and_tiers()
    {
        var (a, b, c) = await ChainAsync();

        Assert.Equal(new Dictionary<int, int> { [a] = 0 }, await AncestorsAsync(a));
        Assert.Equal(new Dictionary<int, int> { [b] = 0, [a] = 1 }, await AncestorsAsync(b));
        Assert.Equal(new Dictionary<int, int> { [c] = 0, [b] = 1, [a] = 2 }, await AncestorsAsync(c));
        Assert.Equal((1, 2, 3), await TiersAsync(a, b, c));
        Assert.Equal(b, (await PartnerAsync(c)).ParentId);
    }

    [Fact]
    public async Task Partner_cannot_be_moved_under_its_own_downline()
    {
        var actor = await database.AddActorAsync(Roles.Manager);
        var (a, b, c) = await ChainAsync();
        var closureBefore = await ClosureAsync(a, b, c);
        var auditBefore = (await CountsAsync()).Audit;

        var ex = await Assert.ThrowsAsync<DomainException>(() => _service.SetUplineAsync(actor, a, c));

        Assert.Equal("ParentId", ex.Field);
        Assert.Equal(closureBefore, await ClosureAsync(a, b, c));
        Assert.Equal((1, 2, 3), await TiersAsync(a, b, c));
        Assert.Null((await PartnerAsync(a)).ParentId);
        Assert.Equal(auditBefore, (await CountsAsync()).Audit);
    }

    [Fact]
    public async Task Partner_cannot_be_moved_under_itself()
    {
        var actor = await database.AddActorAsync(Roles.Manager);
        var (_, b, _) = await ChainAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => _service.SetUplineAsync(actor, b, b));

        Assert.Equal("ParentId", ex.Field);
    }

    [Fact]
    public async Task Moving_a_sub_IB_to_the_top_takes_its_downline_along()
    {
        var actor = await database.AddActorAsync(Roles.Manager);
        var (a, b, c) = await ChainAsync();

        await _service.SetUplineAsync(actor, b, null);

        Assert.Equal((1, 1, 2), await TiersAsync(a, b, c));
        Assert.Null((await PartnerAsync(b)).ParentId);
        Assert.Equal(b, (await PartnerAsync(c)).ParentId);
        Assert.Equal(new Dictionary<int, int> { [b] = 0 }, await AncestorsAsync(b));
        Assert.Equal(new Dictionary<int, int> { [c] = 0, [b] = 1 }, await AncestorsAsync(c));
        Assert.Equal(new Dictionary<int, int> { [a] = 0 }, await DescendantsAsync(a));

        await using var db = database.CreateContext();
        var audit = Assert.Single(await db.AuditLog.Where(e => e.PartnerId == b && e.Action == "partner.upline-changed").ToListAsync());
        Assert.Equal(actor.UserId, audit.UserId);
        Assert.Single(await db.DomainEvents.Where(e => e.PartnerId == b && e.Type == EventTypes.UplineChanged).ToListAsync());
    }

    [Fact]
    public async Task Moving_a_sub_IB_under_a_new_master_rewrites_the_closure_of_its_whole_downline()
    {
        var actor = await database.AddActorAsync(Roles.Manager);
        var (a, b, c) = await ChainAsync();
        var e = await _service.CreateAsync(actor, NewPartner());
        var d = await _service.CreateAsync(actor, NewPartner() with { ParentId = e });

        await _service.SetUplineAsync(actor, b, d);

        Assert.Equal(d, (await PartnerAsync(b)).ParentId);
        Assert.Equal(new Dictionary<int, int> { [b] = 0, [d] = 1, [e] = 2 }, await AncestorsAsync(b));
        Assert.Equal(new Dictionary<int, int> { [c] = 0, [b] = 1, [d] = 2, [e] = 3 }, await AncestorsAsync(c));
        Assert.Equal(new Dictionary<int, int> { [a] = 0 }, await DescendantsAsync(a));
        Assert.Equal(new Dictionary<int, int> { [d] = 0, [b] = 1, [c] = 2 }, await DescendantsAsync(d));
        Assert.Equal((1, 3, 4), await TiersAsync(a, b, c));
    }

    [Fact]
    public async Task A_partner_created_under_a_moved_sub_IB_sees_the_new_upline()
    {
        var actor = await database.AddActorAsync(Roles.Manager);
        var (a, b, c) = await ChainAsync();
        var d = await _service.CreateAsync(actor, NewPartner());
        await _service.SetUplineAsync(actor, b, d);

        var x = await _service.CreateAsync(actor, NewPartner() with { ParentId = c });

        Assert.Equal(new Dictionary<int, int> { [x] = 0, [c] = 1, [b] = 2, [d] = 3 }, await AncestorsAsync(x));
        Assert.Equal(4, (await PartnerAsync(x)).Tier);
        Assert.DoesNotContain(a, (await AncestorsAsync(x)).Keys);
    }

    [Fact]
    public async Task Moving_a_partner_under_its_current_upline_changes_nothing()
    {
        var actor = await database.AddActorAsync(Roles.Manager);
        var (a, b, c) = await ChainAsync();
        var auditBefore = (await CountsAsync()).Audit;

        await _service.SetUplineAsync(actor, b, a);

        Assert.Equal((1, 2, 3), await TiersAsync(a, b, c));
        Assert.Equal(auditBefore, (await CountsAsync()).Audit);
    }

    [Fact]
    public async Task Moving_under_a_terminated_partner_is_refused_and_the_tree_is_unchanged()
    {
        var actor = await database.AddActorAsync(Roles.Manager);
        var (a, b, c) = await ChainAsync();
        var t = await _service.CreateAsync(actor, NewPartner());
        await using (var db = database.CreateContext())
        {
            var terminated = await db.Partners.SingleAsync(p => p.Id == t);
            terminated.ChangeStatus(PartnerStatus.Terminated, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            await db.SaveChangesAsync();
        }
        var closureBefore = await ClosureAsync(a, b, c);

        var ex = await Assert.ThrowsAsync<DomainException>(() => _service.SetUplineAsync(actor, b, t));

        Assert.Equal("ParentId", ex.Field);
        Assert.Equal(closureBefore, await ClosureAsync(a, b, c));
    }

    /// <summary>a &lt;- b &lt;- c, made through the service as a manager would.</summary>
    private async Task<(int A, int B, int C)> ChainAsync()
    {
        var actor = await database.AddActorAsync(Roles.Manager);
        var a = await _service.CreateAsync(actor, NewPartner());
        var b = await _service.CreateAsync(actor, NewPartner() with { ParentId = a });
        var c = await _service.CreateAsync(actor, NewPartner() with { ParentId = b });
        return (a, b, c);
    }

    private async Task<Partner> PartnerAsync(int id)
    {
        await using var db = database.CreateContext();
        return await db.Partners.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private async Task<(int, int, int)> TiersAsync(int a, int b, int c) =>
        ((await PartnerAsync(a)).Tier, (await PartnerAsync(b)).Tier, (await PartnerAsync(c)).Tier);

    /// <summary>Ancestor id -> depth, including (self, 0).</summary>
    private async Task<Dictionary<int, int>> AncestorsAsync(int id)
    {
        await using var db = database.CreateContext();
        return await db.PartnerHierarchy.Where(h => h.DescendantId == id).ToDictionaryAsync(h => h.AncestorId, h => h.Depth);
    }

    /// <summary>Descendant id -> depth, including (self, 0).</summary>
    private async Task<Dictionary<int, int>> DescendantsAsync(int id)
    {
        await using var db = database.CreateContext();
        return await db.PartnerHierarchy.Where(h => h.AncestorId == id).ToDictionaryAsync(h => h.DescendantId, h => h.Depth);
    }

    private async Task<List<(int, int, int)>> ClosureAsync(params int[] ids)
    {
        await using var db = database.CreateContext();
        var rows = await db.PartnerHierarchy.Where(h => ids.Contains(h.AncestorId) || ids.Contains(h.DescendantId))
            .Select(h => new { h.AncestorId, h.DescendantId, h.Depth }).ToListAsync();
        return rows.Select(r => (r.AncestorId, r.DescendantId, r.Depth)).Order().ToList();
    }

    private async Task<(int Partners, int Closure, int Audit, int Events)> CountsAsync()
    {
        await using var db = database.CreateContext();
        return (await db.Partners.CountAsync(), await db.PartnerHierarchy.CountAsync(), await db.AuditLog.CountAsync(), await db.DomainEvents.CountAsync());
    }
}
