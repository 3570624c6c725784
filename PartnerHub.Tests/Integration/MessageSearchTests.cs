using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PartnerHub.Domain;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;
using PartnerHub.Domain.Data.PostgreSql;
using PartnerHub.Domain.Data.Sqlite;
using PartnerHub.Domain.Data.SqlServer;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// MessageSearch on a SQLite file migrated with the real migrations, so the FTS5 table and its triggers are
/// the ones the app runs. The tests share one database; each makes its own partners and unique words.
/// </summary>
public sealed class MessageSearchTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private static readonly DateTime T0 = SqliteDatabase.Start.UtcDateTime;
    private readonly MessageSearch _search = new(database.Factory, database.SearchSql);

    [Fact]
    public async Task Operator_finds_a_message_by_one_of_its_words_with_a_highlighted_snippet_and_a_console_link()
    {
        var w = Word();
        var (operatorActor, manager) = await OperatorAsync();
        var partner = await PartnerAsync("Search Alpha Ltd");
        var thread = await ThreadAsync(MessageThread.Direct(partner.Id, T0));
        var id = await MessageAsync(thread, $"Your **March** commission {w} is approved.", T0.AddHours(1), manager.Id);

        var page = await _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = w }, default);

        var hit = Assert.Single(page.Items);
        Assert.Equal(1, page.Total);
        Assert.Equal(id, hit.MessageId);
        Assert.Equal(thread, hit.ThreadId);
        Assert.Equal(partner.Id, hit.PartnerId);
        Assert.Equal("Search Alpha Ltd", hit.PartnerName);
        Assert.Equal(manager.DisplayName, hit.AuthorName);
        Assert.Equal(T0.AddHours(1), hit.SentAt);
        Assert.Equal(DateTimeKind.Utc, hit.SentAt.Kind);
        Assert.Equal($"/console/messages/{thread}?message={id}", hit.Link);
        Assert.Contains($"[[{w}]]", hit.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("**", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains((w, true), MessageSearch.SnippetParts(hit.Snippet));
    }

    [Fact]
    public async Task A_word_finds_messages_by_prefix_case_and_accents_ignored()
    {
        var w = Word();
        var (operatorActor, manager) = await OperatorAsync();
        var partner = await PartnerAsync("Prefix Partner");
        var thread = await ThreadAsync(MessageThread.Direct(partner.Id, T0));
        var id = await MessageAsync(thread, $"Réglement {w}ation pending", T0.AddHours(1), manager.Id);

        var prefix = await _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = w.ToUpperInvariant() }, default);
        var accent = await _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = $"reglement {w}" }, default);

        Assert.Equal(id, Assert.Single(prefix.Items).MessageId);
        Assert.Equal(id, Assert.Single(accent.Items).MessageId);
    }

    [Fact]
    public async Task Several_words_must_all_occur()
    {
        var w = Word();
        var (operatorActor, manager) = await OperatorAsync();
        var partner = await PartnerAsync("Two Words Media");
        var thread = await ThreadAsync(MessageThread.Direct(partner.Id, T0));
        var both = await MessageAsync(thread, $"{w} spread rebate", T0.AddHours(1), manager.Id);
        await MessageAsync(thread, $"{w} lot rebate", T0.AddHours(2), manager.Id);

        var page = await _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = $"{w} spread" }, default);

        Assert.Equal(both, Assert.Single(page.Items).MessageId);
    }

    [Theory]
    [InlineData("\"{0}")]
    [InlineData("{0}\"")]
    [InlineData("{0}*")]
    [InlineData("*{0}")]
    [InlineData("{0} OR")]
    [InlineData("OR {0}")]
    [InlineData("NEAR({0}")]
    [InlineData("NEAR({0} near, 2)")]
    [InlineData("-{0}")]
    [InlineData("{0} NOT")]
    [InlineData("{0} AND")]
    [InlineData("^{0}")]
    [InlineData("body:{0}")]
    [InlineData("{{{0}}}")]
    [InlineData("({0}))")]
    [InlineData("'{0}'; DROP TABLE Messages; --")]
    public async Task Fts_syntax_in_the_users_text_is_searched_as_plain_words(string pattern)
    {
        var w = Word();
        var (operatorActor, manager) = await OperatorAsync();
        var partner = await PartnerAsync("Hostile Syntax Co");
        var thread = await ThreadAsync(MessageThread.Direct(partner.Id, T0));
        var id = await MessageAsync(thread, $"{w}: or near the body within 2 days, not and - drop table messages", T0.AddHours(1), manager.Id);
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, w);

        var page = await _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = text }, default);

        Assert.Equal(id, Assert.Single(page.Items).MessageId);
    }

    [Theory]
    [InlineData("\"*")]
    [InlineData("--")]
    [InlineData("() ^ *")]
    public async Task Text_without_any_word_is_refused_with_a_message_at_the_text_field(string text)
    {
        var (operatorActor, _) = await OperatorAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = text }, default));

        Assert.Equal("Text", ex.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" a ")]
    public async Task Text_shorter_than_two_characters_is_refused(string text)
    {
        var (operatorActor, _) = await OperatorAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = text }, default));

        Assert.Equal("Text", ex.Field);
    }

    [Fact]
    public async Task Text_longer_than_200_characters_is_refused()
    {
        var (operatorActor, _) = await OperatorAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = new string('x', 201) }, default));

        Assert.Equal("Text", ex.Field);
    }

    [Fact]
    public async Task Partner_never_finds_another_partners_messages_even_by_their_unique_word_or_by_asking_for_that_partner()
    {
        var w = Word();
        var (_, manager) = await OperatorAsync();
        var a = await PartnerAsync("Partner A Media");
        var b = await PartnerAsync("Partner B Media");
        var aThread = await ThreadAsync(MessageThread.Direct(a.Id, T0));
        var bThread = await ThreadAsync(MessageThread.Direct(b.Id, T0));
        var aMessage = await MessageAsync(aThread, $"{w} for A", T0.AddHours(1), manager.Id);
        await MessageAsync(bThread, $"{w} for B secret{w}", T0.AddHours(1), manager.Id);
        var partnerA = await database.AddActorAsync(Roles.Partner, a.Id);

        var shared = await _search.SearchAsync(partnerA, new MessageSearchQuery { Text = w }, default);
        var bOnly = await _search.SearchAsync(partnerA, new MessageSearchQuery { Text = $"secret{w}" }, default);
        var askingForB = await _search.SearchAsync(partnerA, new MessageSearchQuery { Text = w, PartnerId = b.Id }, default);

        var hit = Assert.Single(shared.Items);
        Assert.Equal(aMessage, hit.MessageId);
        Assert.Equal($"/portal/messages/{aThread}?message={aMessage}", hit.Link);
        Assert.Empty(bOnly.Items);
        Assert.Equal(0, bOnly.Total);
        Assert.Empty(askingForB.Items);
    }

    [Fact]
    public async Task Downline_threads_are_found_by_the_master_and_the_sub_IB_but_not_by_another_sub_IB()
    {
        var w = Word();
        var master = await PartnerAsync("Master Search Capital");
        var sub = await PartnerAsync("Sub Search One");
        var otherSub = await PartnerAsync("Sub Search Two");
        await using (var db = database.CreateContext())
        {
            // Both are the master's direct sub-IBs in the current tree (downline threads follow it).
            db.PartnerHierarchy.AddRange(new PartnerHierarchy(master.Id, sub.Id, 1), new PartnerHierarchy(master.Id, otherSub.Id, 1));
            await db.SaveChangesAsync();
        }
        var downline = await ThreadAsync(MessageThread.Downline(sub.Id, master.Id, T0, null));
        var otherDownline = await ThreadAsync(MessageThread.Downline(otherSub.Id, master.Id, T0, null));
        var subDirect = await ThreadAsync(MessageThread.Direct(sub.Id, T0));
        var (_, manager) = await OperatorAsync();
        var toSub = await MessageAsync(downline, $"{w} to sub one", T0.AddHours(1), null, MessageAuthorKind.Partner, master.Id);
        var toOther = await MessageAsync(otherDownline, $"{w} to sub two", T0.AddHours(2), null, MessageAuthorKind.Partner, master.Id);
        var programToSub = await MessageAsync(subDirect, $"{w} from the program", T0.AddHours(3), manager.Id);

        var asMaster = await _search.SearchAsync(await database.AddActorAsync(Roles.Partner, master.Id), new MessageSearchQuery { Text = w }, default);
        var asSub = await _search.SearchAsync(await database.AddActorAsync(Roles.Partner, sub.Id), new MessageSearchQuery { Text = w }, default);

        Assert.Equal([toOther, toSub], asMaster.Items.Select(h => h.MessageId));
        Assert.Equal("Master Search Capital", asMaster.Items[0].AuthorName);
        Assert.Equal([programToSub, toSub], asSub.Items.Select(h => h.MessageId));
    }

    [Fact]
    public async Task A_retracted_message_is_not_found_by_the_partner_but_is_by_operators()
    {
        var w = Word();
        var (operatorActor, manager) = await OperatorAsync();
        var partner = await PartnerAsync("Retraction Partner");
        var thread = await ThreadAsync(MessageThread.Direct(partner.Id, T0));
        var id = await MessageAsync(thread, $"Wrong figure {w}", T0.AddHours(1), manager.Id);
        await using (var db = database.CreateContext())
        {
            var message = await db.Messages.FindAsync(id);
            message!.Retract(manager.Id, T0.AddHours(2));
            await db.SaveChangesAsync();
        }
        var partnerActor = await database.AddActorAsync(Roles.Partner, partner.Id);

        var asPartner = await _search.SearchAsync(partnerActor, new MessageSearchQuery { Text = w }, default);
        var asCompliance = await _search.SearchAsync(await database.AddActorAsync(Roles.Compliance), new MessageSearchQuery { Text = w }, default);

        Assert.Empty(asPartner.Items);
        Assert.True(Assert.Single(asCompliance.Items).IsRetracted);
        _ = operatorActor;
    }

    [Fact]
    public async Task Filters_by_partner_manager_date_range_and_record_link()
    {
        var w = Word();
        var (operatorActor, manager) = await OperatorAsync();
        var other = await database.AddUserAsync(Roles.Manager, "Other Manager");
        var mine = await PartnerAsync("Filter Mine", manager.Id);
        var theirs = await PartnerAsync("Filter Theirs", other.Id);
        var mineDirect = await ThreadAsync(MessageThread.Direct(mine.Id, T0));
        var mineRecord = await ThreadAsync(MessageThread.AboutRecord(mine.Id, LinkedRecordType.Payout, "42", "Payout 42", T0, manager.Id));
        var theirsDirect = await ThreadAsync(MessageThread.Direct(theirs.Id, T0));
        var day1 = await MessageAsync(mineDirect, $"{w} day one", T0.AddDays(1), manager.Id);
        var day3Record = await MessageAsync(mineRecord, $"{w} day three about the payout", T0.AddDays(3), manager.Id);
        var day5Theirs = await MessageAsync(theirsDirect, $"{w} day five", T0.AddDays(5), other.Id);
        var today = DateOnly.FromDateTime(T0);

        async Task<IEnumerable<long>> Ids(MessageSearchQuery q) =>
            (await _search.SearchAsync(operatorActor, q with { Text = w }, default)).Items.Select(h => h.MessageId);

        Assert.Equal([day5Theirs, day3Record, day1], await Ids(new MessageSearchQuery()));
        Assert.Equal([day3Record, day1], await Ids(new MessageSearchQuery { PartnerId = mine.Id }));
        Assert.Equal([day5Theirs], await Ids(new MessageSearchQuery { ManagerId = other.Id }));
        Assert.Equal([day3Record], await Ids(new MessageSearchQuery { From = today.AddDays(2), To = today.AddDays(4) }));
        Assert.Equal([day3Record, day1], await Ids(new MessageSearchQuery { To = today.AddDays(3) }));
        Assert.Equal([day5Theirs], await Ids(new MessageSearchQuery { From = today.AddDays(5) }));
        Assert.Equal([day3Record], await Ids(new MessageSearchQuery { RecordLinkedOnly = true }));
    }

    [Fact]
    public async Task Pages_are_newest_first_with_the_total()
    {
        var w = Word();
        var (operatorActor, manager) = await OperatorAsync();
        var partner = await PartnerAsync("Paging Partner");
        var thread = await ThreadAsync(MessageThread.Direct(partner.Id, T0));
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add(await MessageAsync(thread, $"{w} number {i}", T0.AddMinutes(i), manager.Id));

        var first = await _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = w, PageSize = 2 }, default);
        var last = await _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = w, PageSize = 2, Page = 2 }, default);
        var beyond = await _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = w, PageSize = 2, Page = 5 }, default);
        var relevance = await _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = w, Order = MessageSearchOrder.Relevance, PageSize = 50 }, default);

        Assert.Equal([ids[4], ids[3]], first.Items.Select(h => h.MessageId));
        Assert.Equal(5, first.Total);
        Assert.Equal([ids[0]], last.Items.Select(h => h.MessageId));
        Assert.Equal(5, last.Total);
        Assert.Empty(beyond.Items);
        Assert.Equal(5, beyond.Total);
        Assert.Equal(5, relevance.Items.Count);
    }

    [Fact]
    public async Task Best_match_puts_the_message_about_the_word_first_even_when_it_is_older()
    {
        var w = Word();
        var (operatorActor, manager) = await OperatorAsync();
        var partner = await PartnerAsync("Relevance Partner");
        var thread = await ThreadAsync(MessageThread.Direct(partner.Id, T0));
        var focused = await MessageAsync(thread, $"{w} {w} {w}: the {w} schedule", T0, manager.Id);
        var passing = await MessageAsync(thread, $"Thanks for the call yesterday about the dashboard, the new landing page, the payout calendar and {w} too.", T0.AddMinutes(5), manager.Id);

        var newest = await _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = w }, default);
        var best = await _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = w, Order = MessageSearchOrder.Relevance }, default);

        Assert.Equal([passing, focused], newest.Items.Select(h => h.MessageId));
        Assert.Equal([focused, passing], best.Items.Select(h => h.MessageId));
        Assert.Contains(MessageSearch.MarkStart + w, best.Items[0].Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_index_follows_an_edit_of_the_body()
    {
        var before = Word();
        var after = Word();
        var (operatorActor, manager) = await OperatorAsync();
        var partner = await PartnerAsync("Edit Partner");
        var thread = await ThreadAsync(MessageThread.Direct(partner.Id, T0));
        var id = await MessageAsync(thread, $"Typo {before}", T0.AddHours(1), manager.Id);
        await using (var db = database.CreateContext())
        {
            var message = await db.Messages.FindAsync(id);
            message!.Edit($"Fixed {after}", manager.Id, T0.AddHours(1).AddMinutes(2));
            await db.SaveChangesAsync();
        }

        var old = await _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = before }, default);
        var now = await _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = after }, default);

        Assert.Empty(old.Items);
        Assert.Equal(id, Assert.Single(now.Items).MessageId);
    }

    [Fact]
    public async Task The_snippet_is_plain_text_with_markers_never_html()
    {
        var w = Word();
        var (operatorActor, manager) = await OperatorAsync();
        var partner = await PartnerAsync("Snippet Partner");
        var thread = await ThreadAsync(MessageThread.Direct(partner.Id, T0));
        await MessageAsync(thread, $"<img src=x onerror=alert(1)> {w} <b>bold</b>", T0.AddHours(1), manager.Id);

        var hit = Assert.Single((await _search.SearchAsync(operatorActor, new MessageSearchQuery { Text = w }, default)).Items);

        Assert.Contains($"[[{w}]]", hit.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<mark>", hit.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("&lt;", hit.Snippet, StringComparison.Ordinal); // not pre-encoded either: the UI encodes it
    }

    [Fact]
    public async Task Someone_without_an_operator_or_partner_role_is_refused()
    {
        var nobody = new Actor("x", "Nobody", new HashSet<string>(), null);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _search.SearchAsync(nobody, new MessageSearchQuery { Text = "payout" }, default));
    }

    [Fact]
    public void The_total_label_says_1000_plus_above_the_cap()
    {
        Assert.Equal("1,000+", MessageSearch.TotalLabel(MessageSearch.CountCap + 1));
        Assert.Equal("999", MessageSearch.TotalLabel(999));
    }

    [Theory]
    [InlineData("commission", "\"commission\"*", "\"commission*\"")]
    [InlineData("  rebate   spread ", "\"rebate\"* AND \"spread\"*", "\"rebate*\" AND \"spread*\"")]
    [InlineData("\"x\" OR NEAR(y*) -z", "\"x\"* AND \"OR\"* AND \"NEAR\"* AND \"y\"* AND \"z\"*", "\"x*\" AND \"OR*\" AND \"NEAR*\" AND \"y*\" AND \"z*\"")]
    [InlineData("Payout payout PAYOUT", "\"Payout\"*", "\"Payout*\"")]
    [InlineData("Ümit's 2026", "\"Ümit\"* AND \"s\"* AND \"2026\"*", "\"Ümit*\" AND \"s*\" AND \"2026*\"")]
    public void The_users_text_becomes_quoted_prefix_terms_for_both_engines(string text, string fts5, string sqlServer)
    {
        var words = MessageSearch.Words(text);

        Assert.Equal(fts5, SqliteMessageSearchSql.Match(words));
        Assert.Equal(sqlServer, SqlServerMessageSearchSql.Match(words));
    }

    [Theory]
    [InlineData("commission", "'commission':*")]
    [InlineData("  rebate   spread ", "'rebate':* & 'spread':*")]
    [InlineData("\"x\" OR NEAR(y*) -z", "'x':* & 'OR':* & 'NEAR':* & 'y':* & 'z':*")]
    [InlineData("Ümit's 2026", "'Ümit':* & 's':* & '2026':*")]
    public void The_users_text_becomes_quoted_prefix_lexemes_for_postgresql(string text, string tsquery)
    {
        Assert.Equal(tsquery, PostgreSqlMessageSearchSql.Match(MessageSearch.Words(text)));
    }

    [Fact]
    public void Sql_server_migrations_create_the_full_text_index_on_message_bodies()
    {
        using var db = new SqlServerAppDbContext(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=none;Database=PartnerHub;Trusted_Connection=True;TrustServerCertificate=True").Options);

        var script = db.GetService<IMigrator>().GenerateScript();

        Assert.Contains("CREATE FULLTEXT CATALOG [PartnerHubFullText]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE FULLTEXT INDEX ON [Messages] ([Body] LANGUAGE 0)", script, StringComparison.Ordinal);
        Assert.Contains("KEY INDEX [PK_Messages]", script, StringComparison.Ordinal);
    }

    private static string Word() => "zq" + Guid.NewGuid().ToString("N")[..10];

    private async Task<(Actor Actor, ApplicationUser User)> OperatorAsync()
    {
        var user = await database.AddUserAsync(Roles.Manager);
        return (SqliteDatabase.ActorFor(user, Roles.Manager), user);
    }

    private async Task<Partner> PartnerAsync(string name, string? managerId = null)
    {
        await using var db = database.CreateContext();
        var partner = new Partner(name, $"{Guid.NewGuid():N}@search.test", Vertical.ForexIb, "GB", T0);
        if (managerId is not null) partner.AssignManager(managerId, null, T0);
        db.Partners.Add(partner);
        await db.SaveChangesAsync();
        return partner;
    }

    private async Task<long> ThreadAsync(MessageThread thread)
    {
        await using var db = database.CreateContext();
        db.MessageThreads.Add(thread);
        await db.SaveChangesAsync();
        return thread.Id;
    }

    private async Task<long> MessageAsync(long threadId, string body, DateTime sentAt, string? authorUserId,
        MessageAuthorKind kind = MessageAuthorKind.Operator, int? authorPartnerId = null)
    {
        await using var db = database.CreateContext();
        var message = new Message(threadId, kind, authorUserId, authorPartnerId, body, sentAt);
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }
}
