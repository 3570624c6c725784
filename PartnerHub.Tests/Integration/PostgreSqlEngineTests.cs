using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PartnerHub.Domain;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// What only a server engine shows, proven on PostgreSQL in every pass where PostgreSQL is installed (the fixture starts one
/// when the suite runs on SQLite): two transactions at the same moment, and the PostgreSQL parts beyond the EF model.
/// </summary>
public sealed class PostgreSqlEngineTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>, IAsyncLifetime
{
    private SqliteDatabase database = default!;

    public async Task InitializeAsync() => database = await SqliteDatabase.CreateOnPostgreSqlAsync(server.ConnectionString);

    public Task DisposeAsync() => database.DisposeAsync();

    /// <summary>
    /// SQLite lets one writer in at a time, so the second approval reads the line after the first committed and refuses it as
    /// stale before writing. On PostgreSQL both read version N, both write "where version = N", and the second UPDATE, once the
    /// first commits, finds no row: the concurrency token's branch, which must refuse the batch and write nothing.
    /// </summary>
    [PostgreSqlFact]
    public async Task Two_approvals_of_one_commission_line_at_the_same_moment_approve_it_once_and_refuse_the_other()
    {
        var data = new CommissionTestData(database, 7301);
        var manager = await database.AddActorAsync(Roles.Manager);
        var partner = await data.PartnerAsync(Vertical.IGamingAffiliate);
        var version = await data.DealVersionAsync(partner.Id, DealType.Cpa);
        var line = await data.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, new DateOnly(2026, 1, 1), 12, 150m, data.Now));
        var barrier = new UpdateBarrier("UPDATE \"CommissionLines\"", 2);

        var approvals = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var service = new CommissionService(database.FactoryWith(barrier), database.Clock);
            try
            {
                await service.ApproveAsync(manager, [(line.Id, line.Version)]);
                return null;
            }
            catch (DomainException ex)
            {
                return ex;
            }
        }));
        var outcomes = await Task.WhenAll(approvals);

        Assert.True(barrier.AllArrived, "Both approvals read the line before either wrote it.");
        Assert.Single(outcomes, o => o is null);
        var refused = Assert.Single(outcomes, o => o is not null)!;
        Assert.Equal($"Line {line.Id} was changed by someone else at the same time; reload. Nothing was saved.", refused.Message);
        await using var db = database.CreateContext();
        var stored = await db.CommissionLines.AsNoTracking().SingleAsync(l => l.Id == line.Id);
        Assert.Equal(CommissionStatus.Approved, stored.Status);
        Assert.Equal(line.Version + 1, stored.Version);
        var key = line.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "commission.approved" && a.EntityId == key));
        Assert.Equal(1, await db.DomainEvents.CountAsync(e => e.Type == EventTypes.CommissionApproved && e.RecordId == key));
    }

    [PostgreSqlFact]
    public async Task The_audit_log_refuses_update_delete_and_truncate_in_the_database()
    {
        await using var context = database.CreateContext();
        await context.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"AuditLog\" (\"At\", \"Action\", \"EntityType\") VALUES (now(), 'test.kept', 'Test')");

        foreach (var statement in new[]
        {
            "UPDATE \"AuditLog\" SET \"Action\" = 'test.rewritten'",
            "DELETE FROM \"AuditLog\"",
            "TRUNCATE \"AuditLog\"",
        })
        {
            var ex = await Assert.ThrowsAnyAsync<DbException>(() => context.Database.ExecuteSqlRawAsync(statement));
            Assert.Contains("The audit log is append-only.", ex.Message, StringComparison.Ordinal);
        }
        Assert.Equal(["test.kept"], await context.AuditLog.AsNoTracking().Select(a => a.Action).ToListAsync());
    }

    [PostgreSqlFact]
    public async Task The_search_vector_has_a_gin_index_and_splits_words_where_fts5_splits_them()
    {
        var w = "zq" + Guid.NewGuid().ToString("N")[..10];
        var operatorActor = await database.AddActorAsync(Roles.Manager);
        var manager = await database.AddUserAsync(Roles.Manager);
        long threadId;
        await using (var db = database.CreateContext())
        {
            var partner = new Partner("Splitting Partner", $"split-{w}@search.test", Vertical.IGamingAffiliate, "GB", database.Clock.GetUtcNow().UtcDateTime);
            db.Partners.Add(partner);
            await db.SaveChangesAsync();
            var thread = MessageThread.Direct(partner.Id, database.Clock.GetUtcNow().UtcDateTime);
            db.MessageThreads.Add(thread);
            await db.SaveChangesAsync();
            threadId = thread.Id;
        }
        // PostgreSQL's parser alone keeps "x.y", "a@b.c" and "1.5" as one token each; FTS5 splits them, and so does the vector.
        long id;
        await using (var db = database.CreateContext())
        {
            var message = new Message(threadId, MessageAuthorKind.Operator, manager.Id, null, $"See {w}.example.com or mail ops@{w}x.test about 1.5{w}y", database.Clock.GetUtcNow().UtcDateTime);
            db.Messages.Add(message);
            await db.SaveChangesAsync();
            id = message.Id;
        }
        var search = new MessageSearch(database.Factory, database.SearchSql, database.Clock);

        foreach (var text in new[] { "example", $"{w}x test", $"5{w}y", "EXAMPLE Com" })
            Assert.Equal(id, Assert.Single((await search.SearchAsync(operatorActor, new MessageSearchQuery { Text = text })).Items).MessageId);
        await using var check = database.CreateContext();
        var index = await check.Database.SqlQueryRaw<string>(
            "SELECT indexdef AS \"Value\" FROM pg_indexes WHERE tablename = 'Messages' AND indexname = 'IX_Messages_SearchVector'").SingleAsync();
        Assert.Contains("USING gin (\"SearchVector\")", index, StringComparison.Ordinal);
    }

    [PostgreSqlFact]
    public async Task Like_searches_ignore_case_as_on_sqlite()
    {
        var name = "ACME Media " + Guid.NewGuid().ToString("N")[..6];
        await using var db = database.CreateContext();
        db.Partners.Add(new Partner(name, $"{Guid.NewGuid():N}@like.test", Vertical.IGamingAffiliate, "GB", database.Clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync();

        var found = await db.Partners.AsNoTracking().Where(p => EF.Functions.Like(p.Name, "%acme media%", "\\")).Select(p => p.Name).ToListAsync();

        Assert.Equal([name], found);
    }

    /// <summary>Holds every command whose text contains <paramref name="marker"/> until <paramref name="parties"/> of them arrived.</summary>
    private sealed class UpdateBarrier(string marker, int parties) : DbCommandInterceptor
    {
        private readonly TaskCompletionSource all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int arrived;

        public bool AllArrived => all.Task.IsCompletedSuccessfully;

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await ArriveAsync(command);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await ArriveAsync(command);
            return result;
        }

        private async Task ArriveAsync(DbCommand command)
        {
            if (!command.CommandText.Contains(marker, StringComparison.Ordinal)) return;
            if (Interlocked.Increment(ref arrived) == parties) all.TrySetResult();
            await all.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
