using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Benchmarks;

/// <summary>
/// The search benchmark's data: 1,000,000 messages spread over the demo partners' threads, bodies of 8 to 20
/// words from a small affiliate vocabulary, and the rare token <see cref="RareToken"/> in one message of every
/// 10,000. Written with one prepared INSERT in transactions of 50,000 rows (the FTS5 triggers index each row
/// as it is inserted, as in production); EF's AddRange would take minutes.
/// </summary>
public static class SearchMessages
{
    public const string RareToken = "zebrafund";
    private const int RowsPerTransaction = 50_000;

    public static readonly string[] Vocabulary =
    [
        "commission", "payout", "rebate", "spread", "lots", "volume", "deposit", "withdrawal", "trader", "client",
        "account", "broker", "forex", "gold", "indices", "crypto", "casino", "sportsbook", "player", "ftd",
        "cpa", "revshare", "hybrid", "deal", "tier", "bonus", "campaign", "banner", "landing", "tracking",
        "link", "postback", "traffic", "quality", "fraud", "chargeback", "kyc", "invoice", "wallet", "bank",
        "wire", "usdt", "threshold", "approved", "pending", "rejected", "march", "april", "report", "statement",
        "please", "thanks", "check", "update", "the", "for", "your", "our", "this", "month",
    ];

    /// <summary>What a nightly job could do after a bulk load: merge the FTS5 segments into one b-tree.</summary>
    public static async Task OptimizeAsync(IDbContextFactory<AppDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "MessagesFts"("MessagesFts") VALUES ('optimize');""");
    }

    public static async Task<(long Rows, int Threads, TimeSpan Elapsed)> InsertAsync(IDbContextFactory<AppDbContext> factory, int count, DateTime now, string operatorId)
    {
        var watch = Stopwatch.StartNew();
        await using var db = await factory.CreateDbContextAsync();
        var threads = await db.MessageThreads.OrderBy(t => t.Id).Select(t => new { t.Id, t.PartnerId, t.CounterpartPartnerId }).ToListAsync();
        var random = new Random(42);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO "Messages" ("ThreadId", "AuthorKind", "AuthorUserId", "AuthorPartnerId", "Body", "SentAt")
            VALUES ($thread, $kind, $user, $partner, $body, $sent)
            """;
        var thread = Add("$thread");
        var kind = Add("$kind");
        var user = Add("$user");
        var partner = Add("$partner");
        var body = Add("$body");
        var sent = Add("$sent");
        var start = now.AddYears(-2);
        var step = (now - start).Ticks / count;
        var text = new StringBuilder();

        for (var done = 0; done < count;)
        {
            await using var tx = await connection.BeginTransactionAsync();
            command.Transaction = tx;
            command.Prepare();
            for (var i = 0; i < RowsPerTransaction && done < count; i++, done++)
            {
                var t = threads[random.Next(threads.Count)];
                var fromPartner = random.Next(2) == 0;
                text.Clear();
                var words = random.Next(8, 21);
                for (var w = 0; w < words; w++)
                {
                    if (w > 0) text.Append(' ');
                    text.Append(Vocabulary[random.Next(Vocabulary.Length)]);
                }
                if (done % 10_000 == 5_000) text.Append(' ').Append(RareToken);
                thread.Value = t.Id;
                kind.Value = (int)(fromPartner ? MessageAuthorKind.Partner : MessageAuthorKind.Operator);
                user.Value = fromPartner ? DBNull.Value : operatorId;
                partner.Value = fromPartner ? t.CounterpartPartnerId ?? t.PartnerId : DBNull.Value;
                body.Value = text.ToString();
                sent.Value = start.AddTicks(step * done).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
                await command.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        await db.Database.CloseConnectionAsync();
        return (count, threads.Count, watch.Elapsed);

        System.Data.Common.DbParameter Add(string name)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
            return p;
        }
    }
}
