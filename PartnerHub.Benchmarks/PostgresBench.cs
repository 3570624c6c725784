using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Benchmarks;

/// <summary>
/// A throw-away database <c>partnerhub_bench_&lt;guid&gt;</c> on the PostgreSQL server of <c>--postgres</c> (or
/// <c>PARTNERHUB_BENCH_PG</c>), dropped when disposed, even if the scenario failed.
/// </summary>
public sealed class PostgresBenchDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private PostgresBenchDatabase(string server, string name, string connectionString)
    {
        _server = server;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public string Name => _name;

    public static async Task<PostgresBenchDatabase> CreateAsync(string serverConnectionString)
    {
        var name = $"partnerhub_bench_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(serverConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"""CREATE DATABASE "{name}" """, connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, Pooling = true, MaxPoolSize = 100 };
        return new PostgresBenchDatabase(serverConnectionString, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"""DROP DATABASE IF EXISTS "{_name}" WITH (FORCE)""", connection);
        await drop.ExecuteNonQueryAsync();
        Console.WriteLine($"Dropped database {_name}.");
    }
}

/// <summary>
/// The benchmarks' bulk data on PostgreSQL, written set-based (<c>INSERT ... SELECT FROM generate_series</c>) in the
/// shapes the SQLite writers give (<see cref="PartnerHub.Web.Demo.BulkDataGenerator"/>, <see cref="SearchMessages"/>,
/// <see cref="DispatchEvents"/>). Figures come from <c>hashtext</c> of the row's id instead of .NET's <see cref="Random"/>:
/// the same proportions, not the same rows.
/// </summary>
public static class PostgresBulkData
{
    private const int RowsPerTransaction = 50_000;

    /// <summary>
    /// Partners as <see cref="PartnerHub.Web.Demo.BulkDataGenerator"/> adds them: every 50th a Forex master IB with four
    /// sub-IBs, the rest 85 % active, 5 % suspended, 10 % applied; manager assignment, closure rows, one deal with one
    /// version (and its lot rate for IBs). Not written (the SQLite generator writes them): daily performance, commission
    /// lines, lot items and payouts, which no PostgreSQL scenario reads.
    /// </summary>
    public static async Task<int> PartnersAsync(AppDbContext db, int partners, DateTime todayUtc)
    {
        var managerRoleId = await db.Roles.Where(r => r.Name == Roles.Manager).Select(r => r.Id).FirstOrDefaultAsync();
        var managers = await db.UserRoles.Where(ur => ur.RoleId == managerRoleId).Select(ur => ur.UserId).OrderBy(id => id).ToArrayAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var tx = await connection.BeginTransactionAsync();
            async Task<long> MaxAsync(string table)
            {
                await using var cmd = new NpgsqlCommand($"""SELECT COALESCE(MAX("Id"), 0) FROM "{table}" """, connection, tx);
                return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            }
            var partnerBase = await MaxAsync("Partners");
            var dealBase = await MaxAsync("Deals");
            var versionBase = await MaxAsync("DealVersions");
            // h(tag, id): a non-negative bigint from the id, one independent stream per tag.
            const string sql = """
                CREATE TEMP TABLE bench_partner ON COMMIT DROP AS
                SELECT s.id, s.slot, s.vertical, s.status, s.created,
                       CASE WHEN s.vertical = 2 THEN 4 WHEN s.vertical = 3 THEN 1 WHEN s.h4 % 2 = 0 THEN 1 ELSE 2 END AS deal_type,
                       s.h5, s.h6
                FROM (
                    SELECT p.*,
                           CASE WHEN p.slot <= 4 THEN 2 ELSE 1 + p.h1 % 3 END AS vertical,
                           CASE WHEN p.slot <= 4 THEN 2 WHEN p.h2 % 100 < 85 THEN 2 WHEN p.h2 % 100 < 90 THEN 3 ELSE 1 END AS status,
                           CASE WHEN p.slot BETWEEN 1 AND 4
                                THEN @now - make_interval(days => (300 + p.hm % 420)::int, hours => -(8 + p.hm % 11)::int) + make_interval(days => (5 + p.h3 % 55)::int)
                                WHEN p.slot = 0 OR p.h2 % 100 < 90
                                THEN @now - make_interval(days => (300 + p.hm % 420)::int, hours => -(8 + p.hm % 11)::int, mins => -(p.h3 % 60)::int)
                                ELSE @now - make_interval(days => (1 + p.h3 % 19)::int, hours => -(8 + p.hm % 11)::int) END AS created
                    FROM (
                        SELECT @partnerBase + i AS id, (i - 1) % 50 AS slot,
                               hashtext('v' || (@partnerBase + i))::bigint + 2147483648 AS h1,
                               hashtext('s' || (@partnerBase + i))::bigint + 2147483648 AS h2,
                               hashtext('c' || (@partnerBase + i))::bigint + 2147483648 AS h3,
                               hashtext('d' || (@partnerBase + i))::bigint + 2147483648 AS h4,
                               hashtext('r' || (@partnerBase + i))::bigint + 2147483648 AS h5,
                               hashtext('m' || (@partnerBase + i))::bigint + 2147483648 AS h6,
                               -- a sub-IB's dates follow its master's (the partner 1 to 4 ids before it)
                               hashtext('c' || (@partnerBase + i - (i - 1) % 50 * ((i - 1) % 50 BETWEEN 1 AND 4)::int))::bigint + 2147483648 AS hm
                        FROM generate_series(1, @count) AS i) AS p) AS s;

                INSERT INTO "Partners" ("Id", "Name", "Company", "Email", "Country", "TimeZone", "Language", "Vertical", "Status",
                    "KycStatus", "PayoutMethod", "Currency", "PayoutThreshold", "ManagerId", "ParentId", "Tier", "CreatedAt", "Version")
                SELECT b.id, 'Bench ' || CASE WHEN b.vertical = 2 THEN 'IB' ELSE 'affiliate' END || ' ' || b.id,
                       CASE WHEN b.h5 % 2 = 0 THEN 'Bench ' || b.id || ' Ltd' END,
                       'bulk-' || b.id || '@bench.partnerhub.test',
                       (ARRAY['GB','DE','CY','AE','ZA','MY','TH','BR','NG','AU'])[1 + b.h6 % 10],
                       (ARRAY['Europe/London','Europe/Berlin','Asia/Nicosia','Asia/Dubai','Africa/Johannesburg','Asia/Kuala_Lumpur',
                              'Asia/Bangkok','America/Sao_Paulo','Africa/Lagos','Australia/Sydney'])[1 + b.h6 % 10],
                       'en', b.vertical, b.status, CASE WHEN b.status <> 1 THEN 3 ELSE 1 END,
                       CASE WHEN b.vertical = 2 AND b.h5 % 10 < 4 THEN 2 ELSE 1 END, 'USD', 100,
                       CASE WHEN cardinality(@managers) > 0 THEN (@managers::text[])[1 + b.id % cardinality(@managers)] END,
                       CASE WHEN b.slot BETWEEN 1 AND 4 THEN b.id - b.slot END,
                       CASE WHEN b.slot BETWEEN 1 AND 4 THEN 2 ELSE 1 END, b.created, 0
                FROM bench_partner AS b ORDER BY b.id;

                INSERT INTO "ManagerAssignments" ("PartnerId", "ManagerId", "AssignedById", "AssignedAt", "EndedAt")
                SELECT p."Id", p."ManagerId", NULL, p."CreatedAt" + interval '1 hour', NULL
                FROM "Partners" AS p WHERE p."Id" > @partnerBase AND p."ManagerId" IS NOT NULL ORDER BY p."Id";

                INSERT INTO "PartnerHierarchy" ("AncestorId", "DescendantId", "Depth")
                SELECT b.id, b.id, 0 FROM bench_partner AS b
                UNION ALL
                SELECT b.id - b.slot, b.id, 1 FROM bench_partner AS b WHERE b.slot BETWEEN 1 AND 4;

                INSERT INTO "Deals" ("Id", "PartnerId", "Name", "Type", "ParentDealId", "CreatedAt", "Version")
                SELECT @dealBase + (b.id - @partnerBase), b.id,
                       CASE WHEN b.deal_type = 4 THEN CASE WHEN b.slot BETWEEN 1 AND 4 THEN 'Sub-IB rebates' ELSE 'IB rebate agreement' END
                            WHEN b.deal_type = 1 THEN 'Standard Cpa' ELSE 'Standard RevShare' END,
                       b.deal_type, CASE WHEN b.slot BETWEEN 1 AND 4 THEN @dealBase + (b.id - @partnerBase) - b.slot END,
                       b.created + interval '30 minutes', 1
                FROM bench_partner AS b ORDER BY b.id;

                INSERT INTO "DealVersions" ("Id", "DealId", "Number", "EffectiveFrom", "SupersededAt", "CreatedById", "CreatedAt",
                    "CpaAmount", "RevSharePercent", "SubIbSharePercent", "Currency", "Notes")
                SELECT @versionBase + (b.id - @partnerBase), @dealBase + (b.id - @partnerBase), 1, (b.created AT TIME ZONE 'UTC')::date, NULL,
                       CASE WHEN cardinality(@managers) > 0 THEN (@managers::text[])[1 + b.id % cardinality(@managers)] END, b.created + interval '1 hour',
                       CASE WHEN b.deal_type = 1 THEN CASE WHEN b.vertical = 3 THEN 50 ELSE (8 + b.h5 % 52) * 5 END END,
                       CASE WHEN b.deal_type = 2 THEN (5 + b.h5 % 5) * 5 END,
                       CASE WHEN b.slot <= 4 THEN 30 END, 'USD', NULL
                FROM bench_partner AS b ORDER BY b.id;

                INSERT INTO "DealLotRates" ("DealVersionId", "InstrumentClass", "RatePerLot", "MaxSpreadPips")
                SELECT @versionBase + (b.id - @partnerBase), 1, CASE WHEN b.slot BETWEEN 1 AND 4 THEN 2.5 ELSE (10 + b.h5 % 15) / 2.0 END, NULL
                FROM bench_partner AS b WHERE b.deal_type = 4 ORDER BY b.id;

                SELECT setval(pg_get_serial_sequence('"Partners"', 'Id'), (SELECT MAX("Id") FROM "Partners"));
                SELECT setval(pg_get_serial_sequence('"Deals"', 'Id'), (SELECT MAX("Id") FROM "Deals"));
                SELECT setval(pg_get_serial_sequence('"DealVersions"', 'Id'), (SELECT MAX("Id") FROM "DealVersions"));
                """;
            await using (var cmd = new NpgsqlCommand(sql, connection, tx))
            {
                cmd.CommandTimeout = 0;
                cmd.Parameters.AddWithValue("partnerBase", (int)partnerBase);
                cmd.Parameters.AddWithValue("dealBase", (int)dealBase);
                cmd.Parameters.AddWithValue("versionBase", (int)versionBase);
                cmd.Parameters.AddWithValue("count", partners);
                cmd.Parameters.AddWithValue("now", DateTime.SpecifyKind(todayUtc.Date, DateTimeKind.Utc));
                cmd.Parameters.AddWithValue("managers", managers);
                await cmd.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
            await AnalyzeAsync(connection);
            return partners;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// <see cref="SearchMessages.InsertAsync"/>'s messages: the same vocabulary, 8 to 20 words, the rare token in one message of
    /// every 10,000, spread over the demo threads and two years; one INSERT ... SELECT per 50,000 rows, each its own
    /// transaction (the search-vector trigger fills each row as it is inserted, as in production).
    /// </summary>
    public static async Task<(long Rows, int Threads, TimeSpan Elapsed)> MessagesAsync(IDbContextFactory<AppDbContext> factory, int count, DateTime now, string operatorId)
    {
        var watch = Stopwatch.StartNew();
        await using var db = await factory.CreateDbContextAsync();
        var threads = await db.MessageThreads.CountAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var start = DateTime.SpecifyKind(now.AddYears(-2), DateTimeKind.Utc);
        var stepMicroseconds = (now - start).Ticks / count / 10.0;
        const string sql = """
            WITH t AS (SELECT row_number() OVER (ORDER BY "Id") AS n, "Id", "PartnerId", "CounterpartPartnerId" FROM "MessageThreads")
            INSERT INTO "Messages" ("ThreadId", "AuthorKind", "AuthorUserId", "AuthorPartnerId", "Body", "SentAt", "Channel")
            SELECT t."Id",
                   CASE WHEN g.partner THEN @partnerKind ELSE @operatorKind END,
                   CASE WHEN g.partner THEN NULL ELSE @operator END,
                   CASE WHEN g.partner THEN COALESCE(t."CounterpartPartnerId", t."PartnerId") END,
                   (SELECT string_agg((@vocabulary::text[])[1 + (hashtext(g.i || ':' || w)::bigint + 2147483648) % cardinality(@vocabulary)], ' ' ORDER BY w)
                    FROM generate_series(1, 8 + g.h % 13) AS w)
                   || CASE WHEN g.i % 10000 = 5000 THEN ' ' || @rare ELSE '' END,
                   @start + make_interval(secs => g.i * @step / 1000000.0), @web
            FROM (SELECT i, hashtext('m' || i)::bigint + 2147483648 AS h, hashtext('a' || i) % 2 = 0 AS partner
                  FROM generate_series(@from, @to) AS i) AS g
            JOIN t ON t.n = 1 + (g.h / 13) % @threads
            ORDER BY g.i
            """;
        for (var done = 0; done < count; done += RowsPerTransaction)
        {
            await using var tx = await connection.BeginTransactionAsync();
            await using var cmd = new NpgsqlCommand(sql, connection, tx) { CommandTimeout = 0 };
            cmd.Parameters.AddWithValue("partnerKind", (int)MessageAuthorKind.Partner);
            cmd.Parameters.AddWithValue("operatorKind", (int)MessageAuthorKind.Operator);
            cmd.Parameters.AddWithValue("operator", operatorId);
            cmd.Parameters.AddWithValue("vocabulary", SearchMessages.Vocabulary);
            cmd.Parameters.AddWithValue("rare", SearchMessages.RareToken);
            cmd.Parameters.AddWithValue("start", start);
            cmd.Parameters.AddWithValue("step", stepMicroseconds);
            cmd.Parameters.AddWithValue("from", done);
            cmd.Parameters.AddWithValue("to", Math.Min(count, done + RowsPerTransaction) - 1);
            cmd.Parameters.AddWithValue("threads", (long)threads);
            cmd.Parameters.AddWithValue("web", (int)MessageChannel.Web);
            await cmd.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        await AnalyzeAsync(connection);
        await db.Database.CloseConnectionAsync();
        return (count, threads, watch.Elapsed);
    }

    /// <summary><see cref="DispatchEvents.PrepareAsync"/>'s PayoutProcessed events, round-robin over the partners, in one statement.</summary>
    public static async Task EventsAsync(AppDbContext db, IReadOnlyList<int> partners, int count, DateTime now)
    {
        const string sql = """
            INSERT INTO "DomainEvents" ("Type", "PartnerId", "RecordType", "RecordId", "Payload", "OccurredAt", "Attempts")
            SELECT @type, (@partners::int[])[1 + i % cardinality(@partners)], 'Payout', (i + 1)::text,
                   format('{"payoutId":%s,"before":"Processing","after":"Paid","amount":%s.50,"currency":"USD","method":"BankWire","reference":"BENCH-%s","lineIds":[%s]}',
                          i + 1, 100 + i % 900, i, i),
                   @at, 0
            FROM generate_series(0, @count - 1) AS i ORDER BY i
            """;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await using var cmd = new NpgsqlCommand(sql, connection, tx) { CommandTimeout = 0 };
            cmd.Parameters.AddWithValue("type", EventTypes.PayoutProcessed);
            cmd.Parameters.AddWithValue("partners", partners.ToArray());
            cmd.Parameters.AddWithValue("count", count);
            cmd.Parameters.AddWithValue("at", DateTime.SpecifyKind(now, DateTimeKind.Utc));
            await cmd.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        await AnalyzeAsync(connection);
        await db.Database.CloseConnectionAsync();
    }

    /// <summary>
    /// What SQLite's FTS5 'optimize' stands for after a bulk load: PostgreSQL's GIN index has no segments to merge, so the
    /// equivalent maintenance is VACUUM ANALYZE (visibility map for index-only scans, fresh statistics, GIN pending list flushed).
    /// </summary>
    public static async Task VacuumAnalyzeMessagesAsync(IDbContextFactory<AppDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await db.Database.ExecuteSqlRawAsync("""VACUUM ANALYZE "Messages";""");
    }

    // A bulk load leaves the planner without statistics until autovacuum comes by; the SQLite path has none to refresh.
    private static async Task AnalyzeAsync(NpgsqlConnection connection)
    {
        await using var cmd = new NpgsqlCommand("ANALYZE;", connection) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }
}
