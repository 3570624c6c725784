using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Users;
using PartnerHub.Domain.Data;

namespace PartnerHub.Web.Demo;

/// <summary>What <see cref="BulkDataGenerator.GenerateAsync"/> added, for logging.</summary>
public sealed record BulkSeedResult(int Partners, long PerformanceRows, long CommissionLines, TimeSpan Elapsed);

/// <summary>
/// Adds many partners with history for benchmarks: partners (mostly flat; every 50th a Forex master IB with
/// four sub-IBs) with their closure rows and manager assignment, one deal version each, <c>historyDays</c> of
/// daily performance, six monthly commission lines (the older three paid by one payout) and lot breakdowns.
/// <para>
/// <b>SQLite only.</b> Rows are written with prepared, batched INSERTs on the context's connection, bypassing
/// the change tracker, one transaction per about 50,000 rows. Values use the SQLite context's storage formats:
/// enums as integers, decimals as REAL, <see cref="DateTime"/> as "yyyy-MM-dd HH:mm:ss.FFFFFFF" text and
/// <see cref="DateOnly"/> as "yyyy-MM-dd". Ids continue after the existing maximum, so it can run repeatedly;
/// emails are <c>bulk-{id}@bench.partnerhub.test</c>. The same arguments on the same database give the same rows.
/// </para>
/// </summary>
public static class BulkDataGenerator
{
    private const int RowsPerTransaction = 50_000;
    private const int MasterEvery = 50;
    private const int SubsPerMaster = 4;
    private const int Months = 6;

    private static readonly (string Country, string TimeZone)[] Places =
    [
        ("GB", "Europe/London"), ("DE", "Europe/Berlin"), ("CY", "Asia/Nicosia"), ("AE", "Asia/Dubai"), ("ZA", "Africa/Johannesburg"),
        ("MY", "Asia/Kuala_Lumpur"), ("TH", "Asia/Bangkok"), ("BR", "America/Sao_Paulo"), ("NG", "Africa/Lagos"), ("AU", "Australia/Sydney"),
    ];

    /// <summary>Adds <paramref name="partners"/> partners with history, dated relative to <paramref name="todayUtc"/>.</summary>
    /// <exception cref="NotSupportedException">The context is not using the SQLite provider.</exception>
    public static async Task<BulkSeedResult> GenerateAsync(AppDbContext db, int partners, DateTime todayUtc, int historyDays = 180,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfNegative(partners);
        ArgumentOutOfRangeException.ThrowIfNegative(historyDays);
        if (!db.Database.IsSqlite())
            throw new NotSupportedException(
                $"BulkDataGenerator writes raw SQLite INSERTs and supports only the SQLite provider; this context uses '{db.Database.ProviderName}'.");
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("BulkDataGenerator manages its own transactions; call it outside a transaction.");

        var watch = Stopwatch.StartNew();
        var managerRoleId = await db.Roles.Where(r => r.Name == Roles.Manager).Select(r => r.Id).FirstOrDefaultAsync(ct);
        var managers = await db.UserRoles.Where(ur => ur.RoleId == managerRoleId).Select(ur => ur.UserId).OrderBy(id => id).ToListAsync(ct);

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            var ids = new IdBase(
                await MaxIdAsync(connection, "Partners", ct), await MaxIdAsync(connection, "Deals", ct), await MaxIdAsync(connection, "DealVersions", ct),
                await MaxIdAsync(connection, "CommissionLines", ct), await MaxIdAsync(connection, "Payouts", ct));
            using var writer = new Writer(connection);
            var generator = new Generator(writer, ids, managers, DateTime.SpecifyKind(todayUtc.Date, DateTimeKind.Utc), historyDays);

            var rowsPerPartner = historyDays + Months * 2 + 6;
            var chunk = Math.Max(MasterEvery, RowsPerTransaction / rowsPerPartner / MasterEvery * MasterEvery);
            for (var done = 0; done < partners; done += chunk)
            {
                ct.ThrowIfCancellationRequested();
                var count = Math.Min(chunk, partners - done);
                await using (var tx = await connection.BeginTransactionAsync(ct))
                {
                    writer.Use(tx);
                    for (var i = done; i < done + count; i++) generator.Partner(i);
                    await tx.CommitAsync(ct);
                }
                progress?.Report(Inv($"bulk: {done + count:N0}/{partners:N0} partners, {generator.PerformanceRows:N0} performance rows, {generator.CommissionLines:N0} commission lines ({watch.Elapsed.TotalSeconds:N1} s)"));
            }
            return new BulkSeedResult(partners, generator.PerformanceRows, generator.CommissionLines, watch.Elapsed);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> MaxIdAsync(DbConnection connection, string table, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT COALESCE(MAX(\"Id\"), 0) FROM \"{table}\"";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);

    private sealed record IdBase(long Partner, long Deal, long Version, long Line, long Payout);

    /// <summary>The rows of one partner at a time; every figure comes from a random stream seeded by the partner's id.</summary>
    private sealed class Generator(Writer w, IdBase ids, IReadOnlyList<string> managers, DateTime todayUtc, int historyDays)
    {
        private readonly DateTime _now = todayUtc;
        private readonly DateOnly _today = DateOnly.FromDateTime(todayUtc);
        private DateTime _masterCreated = todayUtc;

        public long PerformanceRows { get; private set; }
        public long CommissionLines { get; private set; }

        public void Partner(int index)
        {
            var id = ids.Partner + index + 1;
            var rnd = new Random(unchecked((int)(20261123 ^ id * 7919)));
            var dealId = ids.Deal + index + 1;
            var versionId = ids.Version + index + 1;

            // Every 50th partner is a master IB; the next four are its sub-IBs.
            var slot = index % MasterEvery;
            var isMaster = slot == 0;
            var isSub = slot is > 0 and <= SubsPerMaster;
            long? parentId = isSub ? id - slot : null;
            long? parentDealId = isSub ? dealId - slot : null;
            var vertical = isMaster || isSub ? Vertical.ForexIb : (Vertical)rnd.Next(1, 4);
            var status = isMaster || isSub ? PartnerStatus.Active
                : rnd.NextDouble() switch { < 0.85 => PartnerStatus.Active, < 0.90 => PartnerStatus.Suspended, _ => PartnerStatus.Applied };
            var active = status != PartnerStatus.Applied;
            var created = isSub
                ? _masterCreated.AddDays(rnd.Next(5, 60))
                : _now.AddDays(-(active ? rnd.Next(300, 720) : rnd.Next(1, 20))).AddHours(rnd.Next(8, 19)).AddMinutes(rnd.Next(60));
            if (isMaster) _masterCreated = created;
            var (country, timeZone) = Places[rnd.Next(Places.Length)];
            string? manager = managers.Count > 0 ? managers[(int)(id % managers.Count)] : null;
            var method = vertical == Vertical.ForexIb && rnd.NextDouble() < 0.4 ? PayoutMethod.Crypto : PayoutMethod.BankWire;

            w.Partners.Run(id, Inv($"Bench {(vertical == Vertical.ForexIb ? "IB" : "affiliate")} {id}"), rnd.NextDouble() < 0.5 ? Inv($"Bench {id} Ltd") : null,
                Inv($"bulk-{id}@bench.partnerhub.test"), country, timeZone, "en", (int)vertical, (int)status,
                (int)(active ? KycStatus.Verified : KycStatus.NotStarted), (int)method, "USD", 100.0, manager, parentId, isSub ? 2 : 1, Time(created), 0);
            if (manager is not null) w.Assignments.Run(id, manager, null, Time(created.AddHours(1)), null);
            w.Hierarchy.Run(id, id, 0);
            if (parentId is { } master) w.Hierarchy.Run(master, id, 1);

            // One deal with one version.
            var type = vertical switch
            {
                Vertical.ForexIb => DealType.LotBased,
                Vertical.PropTradingAffiliate => DealType.Cpa,
                _ => rnd.NextDouble() < 0.5 ? DealType.Cpa : DealType.RevShare,
            };
            double? cpa = type == DealType.Cpa ? (vertical == Vertical.PropTradingAffiliate ? 50 : rnd.Next(8, 60) * 5) : null;
            double? rev = type == DealType.RevShare ? rnd.Next(5, 10) * 5 : null;
            double? share = isMaster ? 30 : isSub ? 30 : null;
            var lotRate = isSub ? 2.5 : rnd.Next(10, 25) / 2.0;
            w.Deals.Run(dealId, id, type == DealType.LotBased ? (isSub ? "Sub-IB rebates" : "IB rebate agreement") : "Standard " + type, (int)type, parentDealId, Time(created.AddMinutes(30)), 1);
            w.Versions.Run(versionId, dealId, 1, Date(DateOnly.FromDateTime(created)), null, manager, Time(created.AddHours(1)), cpa, rev, share, "USD", null);
            if (type == DealType.LotBased) w.LotRates.Run(versionId, (int)InstrumentClass.FxMajors, lotRate, null);
            if (!active) return;

            // Daily performance, ending yesterday.
            var first = _today.AddDays(-historyDays);
            var start = DateOnly.FromDateTime(created).AddDays(1);
            if (start > first) first = start;
            var level = rnd.Next(5, 400);
            for (var d = first; d < _today; d = d.AddDays(1))
            {
                var f = level * (0.7 + rnd.NextDouble() * 0.6);
                switch (vertical)
                {
                    case Vertical.IGamingAffiliate:
                        var clicks = (int)f;
                        var regs = clicks / 20;
                        var ftds = regs / 3;
                        var deposits = Math.Round(ftds * 120 * (0.8 + rnd.NextDouble() * 0.4), 2);
                        w.Performance.Run(id, Date(d), clicks, regs, ftds, deposits, Math.Round(deposits * 0.3, 2), 0.0, 0.0, 0.0, 0, 0, 0, 0);
                        break;
                    case Vertical.ForexIb:
                        var lots = Math.Round(f / 20, 2);
                        w.Performance.Run(id, Date(d), 0, 0, 0, 0.0, 0.0, lots, Math.Round(lots * 108_000, 2), Math.Round(f * 15, 2), (int)(lots / 1.5) + 1, 0, 0, 0);
                        break;
                    default:
                        var signUps = (int)(f / 10);
                        w.Performance.Run(id, Date(d), 0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, signUps, signUps / 5, signUps / 50);
                        break;
                }
                PerformanceRows++;
            }

            // Six monthly lines: the oldest three paid by one payout, two approved, the latest calculated.
            var firstOfMonth = new DateOnly(_today.Year, _today.Month, 1);
            var lastStart = _today.Day >= 4 ? firstOfMonth.AddMonths(-1) : firstOfMonth.AddMonths(-2);
            var payoutId = ids.Payout + index + 1;
            var paidTotal = 0.0;
            var paidAt = At(lastStart.AddMonths(-2).AddDays(14), 15);
            Span<LineRow> rows = stackalloc LineRow[Months];
            for (var k = Months; k >= 1; k--)
            {
                var periodStart = lastStart.AddMonths(-(k - 1));
                var periodEnd = periodStart.AddMonths(1).AddDays(-1);
                var calculatedAt = At(periodEnd.AddDays(3), 4);
                var approvedAt = calculatedAt.AddDays(5).AddHours(6);
                var lineId = ids.Line + (long)index * Months + (Months - k) + 1;
                int? quantity = null;
                double? rate = null, baseAmount = null, gross = null, lots = null;
                double amount;
                switch (type)
                {
                    case DealType.Cpa:
                        quantity = rnd.Next(1, 40);
                        rate = cpa;
                        amount = quantity.Value * cpa!.Value;
                        break;
                    case DealType.RevShare:
                        baseAmount = Math.Round(500 + rnd.NextDouble() * 19_500, 2);
                        rate = rev;
                        amount = Math.Round((double)decimal.Round((decimal)baseAmount.Value * (decimal)rev!.Value / 100m, 2, MidpointRounding.AwayFromZero), 2);
                        break;
                    default:
                        lots = Math.Round(5 + rnd.NextDouble() * 495, 2);
                        amount = (double)decimal.Round((decimal)lots.Value * (decimal)lotRate, 2, MidpointRounding.AwayFromZero);
                        gross = amount;
                        break;
                }
                if (k >= 4) paidTotal += amount;
                rows[Months - k] = new LineRow(lineId, k, periodStart, periodEnd, quantity, rate, baseAmount, gross, lots, amount, calculatedAt, approvedAt);
            }

            // SQLite checks foreign keys per statement: the payout goes in before the lines that point at it.
            w.Payouts.Run(payoutId, id, Math.Round(paidTotal, 2), "USD", (int)method, (int)PayoutStatus.Paid, Inv($"BENCH-{id}"), null,
                Time(paidAt.AddDays(-3)), Time(paidAt.AddDays(-2)), Time(paidAt), null, 2);
            foreach (var r in rows)
            {
                var paid = r.K >= 4;
                var lineStatus = paid ? CommissionStatus.Paid : r.K >= 2 ? CommissionStatus.Approved : CommissionStatus.Calculated;
                w.Lines.Run(r.Id, id, versionId, Date(r.Start), Date(r.End), (int)BasisOf(type), r.Quantity, r.Rate, r.BaseAmount, r.Gross,
                    null, null, null, null, r.Amount, "USD", (int)lineStatus, Time(r.CalculatedAt),
                    r.K >= 2 ? manager : null, r.K >= 2 ? Time(r.ApprovedAt) : null, null, null, null,
                    paid ? payoutId : null, paid ? Time(paidAt) : null, paid ? 3 : r.K >= 2 ? 1 : 0);
                if (r.Lots is { } lots) w.LotItems.Run(r.Id, (int)InstrumentClass.FxMajors, lots, lotRate, null, r.Amount);
                CommissionLines++;
            }
        }

        private readonly record struct LineRow(long Id, int K, DateOnly Start, DateOnly End, int? Quantity, double? Rate, double? BaseAmount,
            double? Gross, double? Lots, double Amount, DateTime CalculatedAt, DateTime ApprovedAt);

        private static CommissionBasis BasisOf(DealType type) => type switch
        {
            DealType.Cpa => CommissionBasis.Cpa,
            DealType.RevShare => CommissionBasis.RevShare,
            _ => CommissionBasis.Lots,
        };

        private static DateTime At(DateOnly date, double hour) => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(hour);
        private static string Time(DateTime t) => PreparedInsert.Time(t);
        private static string Date(DateOnly d) => PreparedInsert.Date(d);
    }

    /// <summary>One prepared INSERT per table, reused for every row.</summary>
    private sealed class Writer(DbConnection connection) : IDisposable
    {
        public PreparedInsert Partners { get; } = new(connection, "Partners",
            "Id", "Name", "Company", "Email", "Country", "TimeZone", "Language", "Vertical", "Status", "KycStatus", "PayoutMethod",
            "Currency", "PayoutThreshold", "ManagerId", "ParentId", "Tier", "CreatedAt", "Version");
        public PreparedInsert Assignments { get; } = new(connection, "ManagerAssignments", "PartnerId", "ManagerId", "AssignedById", "AssignedAt", "EndedAt");
        public PreparedInsert Hierarchy { get; } = new(connection, "PartnerHierarchy", "AncestorId", "DescendantId", "Depth");
        public PreparedInsert Deals { get; } = new(connection, "Deals", "Id", "PartnerId", "Name", "Type", "ParentDealId", "CreatedAt", "Version");
        public PreparedInsert Versions { get; } = new(connection, "DealVersions",
            "Id", "DealId", "Number", "EffectiveFrom", "SupersededAt", "CreatedById", "CreatedAt", "CpaAmount", "RevSharePercent", "SubIbSharePercent", "Currency", "Notes");
        public PreparedInsert LotRates { get; } = new(connection, "DealLotRates", "DealVersionId", "InstrumentClass", "RatePerLot", "MaxSpreadPips");
        public PreparedInsert Performance { get; } = PreparedInsert.DailyPerformance(connection);
        public PreparedInsert Payouts { get; } = new(connection, "Payouts",
            "Id", "PartnerId", "Amount", "Currency", "Method", "Status", "Reference", "FailureReason", "RequestedAt", "ProcessingAt", "PaidAt", "FailedAt", "Version");
        public PreparedInsert Lines { get; } = new(connection, "CommissionLines",
            "Id", "PartnerId", "DealVersionId", "PeriodStart", "PeriodEnd", "Basis", "Quantity", "Rate", "BaseAmount", "GrossAmount",
            "ShareDirection", "SharePercent", "ShareAmount", "SharePartnerId", "Amount", "Currency", "Status", "CalculatedAt",
            "ApprovedById", "ApprovedAt", "RejectedById", "RejectedAt", "RejectionReason", "PayoutId", "PaidAt", "Version");
        public PreparedInsert LotItems { get; } = new(connection, "CommissionLotItems", "CommissionLineId", "InstrumentClass", "Lots", "RatePerLot", "SpreadCondition", "Amount");

        private IEnumerable<PreparedInsert> All => [Partners, Assignments, Hierarchy, Deals, Versions, LotRates, Performance, Payouts, Lines, LotItems];

        public void Use(DbTransaction tx)
        {
            foreach (var insert in All) insert.Use(tx);
        }

        public void Dispose()
        {
            foreach (var insert in All) insert.Dispose();
        }
    }
}
