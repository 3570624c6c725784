using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Performance;

namespace PartnerHub.Web.Demo;

internal sealed partial class DemoDataset
{
    private const int HistoryDays = 180;
    private const int PerformanceBatch = 20_000;

    // Weekly rhythm, indexed by DayOfWeek (Sunday = 0): casino traffic peaks at the weekend,
    // FX trading stops (crypto keeps a trickle), prop sign-ups dip.
    private static readonly double[] IGamingWeek = [1.2, 0.9, 0.85, 0.9, 0.95, 1.1, 1.25];
    private static readonly double[] ForexWeek = [0.06, 1.0, 1.05, 1.1, 1.05, 0.9, 0.04];
    private static readonly double[] PropWeek = [0.8, 1.1, 1.05, 1.05, 1.0, 0.95, 0.8];

    /// <summary>The six commission periods, most recent first (index 0 is the month still being approved).</summary>
    private List<(DateOnly Start, DateOnly End)> _periods = [];

    private void PlanPeriods()
    {
        // The monthly run calculates a month on the 3rd of the next one; before the 4th the latest
        // calculated month is the one before last.
        var firstOfMonth = new DateOnly(_today.Year, _today.Month, 1);
        var lastStart = _today.Day >= 4 ? firstOfMonth.AddMonths(-1) : firstOfMonth.AddMonths(-2);
        _periods = Enumerable.Range(0, 6)
            .Select(k => (lastStart.AddMonths(-k), lastStart.AddMonths(-k + 1).AddDays(-1)))
            .ToList();
    }

    /// <summary>
    /// Daily figures for every active or suspended partner: the last 180 days, stretched back to the first
    /// commission period when that starts earlier, so every commission line matches the performance it pays.
    /// </summary>
    private void GeneratePerformance()
    {
        PlanPeriods();
        var yesterday = TodayDate.AddDays(-1);
        var windowStart = TodayDate.AddDays(-HistoryDays);
        if (_periods[^1].Start < windowStart) windowStart = _periods[^1].Start;
        var windowLength = (double)(yesterday.DayNumber - windowStart.DayNumber);

        foreach (var sp in _partners)
        {
            if (sp.Vertical == Vertical.ForexIb) PlanLotMix(sp);
            if (!sp.HasActivity) continue;

            var created = DateOnly.FromDateTime(sp.CreatedAt).AddDays(1);
            var first = created > windowStart ? created : windowStart;
            var days = new DayFigures[Math.Max(0, yesterday.DayNumber - first.DayNumber + 1)];
            var pr = sp.Profile;
            var suspended = sp.SuspendedAt is { } s ? DateOnly.FromDateTime(s) : DateOnly.MaxValue;
            for (var i = 0; i < days.Length; i++)
            {
                var date = first.AddDays(i);
                var t = (date.DayNumber - windowStart.DayNumber) / windowLength;
                var age = date.DayNumber - created.DayNumber;
                var level = pr.Base
                    * Math.Max(0.2, 1 + pr.Slope * (t - 0.5))
                    * (age < 30 ? 0.25 + 0.75 * age / 30.0 : 1.0)
                    * (date >= suspended ? 0.03 : 1.0)
                    * U(0.75, 1.25);
                var dow = (int)date.DayOfWeek;
                ref var d = ref days[i];
                switch (sp.Vertical)
                {
                    case Vertical.IGamingAffiliate:
                        d.Clicks = Stochastic(level * IGamingWeek[dow]);
                        d.Registrations = Stochastic(d.Clicks * pr.Rate1 * U(0.85, 1.15));
                        d.Ftds = Stochastic(d.Registrations * pr.Rate2 * U(0.8, 1.2));
                        d.Deposits = Money(d.Ftds * pr.Ticket * pr.Multiplier * U(0.8, 1.2));
                        d.NetGamingRevenue = Money((double)d.Deposits * (pr.Hold + U(-0.35, 0.25)));
                        break;
                    case Vertical.ForexIb:
                        d.Lots = Money(level * ForexWeek[dow]);
                        d.ActiveTraders = d.Lots > 0 ? Math.Max(1, Stochastic((double)d.Lots / pr.Rate1)) : 0;
                        d.Volume = Money((double)d.Lots * 100_000 * U(1.02, 1.18));
                        d.NetDeposits = Money(d.ActiveTraders * U(-150, 450));
                        break;
                    default:
                        d.SignUps = Stochastic(level * PropWeek[dow]);
                        d.ChallengesSold = Stochastic(d.SignUps * pr.Rate1 * U(0.7, 1.3));
                        d.FundedAccounts = Stochastic(d.ChallengesSold * pr.Rate2 * U(0.5, 1.5));
                        break;
                }
            }
            sp.FirstDay = first;
            sp.Days = days;
        }
    }

    /// <summary>How an IB's clients split their lots over instrument classes.</summary>
    private void PlanLotMix(SeedPartner sp)
    {
        sp.LotMix[InstrumentClass.FxMajors] = U(40, 65);
        sp.LotMix[InstrumentClass.FxMinors] = U(5, 15);
        sp.LotMix[InstrumentClass.Metals] = U(10, 30);
        sp.LotMix[InstrumentClass.Indices] = U(5, 15);
        sp.LotMix[InstrumentClass.Energies] = U(2, 8);
        sp.LotMix[InstrumentClass.Crypto] = U(3, 12);
        sp.LotMix[InstrumentClass.Stocks] = U(1, 5);
    }

    private async Task SavePerformanceAsync(CancellationToken ct)
    {
        // Tens of thousands of plain rows: on SQLite they go through one prepared INSERT inside the seeding
        // transaction (seconds faster than the change tracker); other providers use the context in batches.
        if (_db.Database.IsSqlite() && _db.Database.CurrentTransaction is { } tx)
        {
            using var insert = PreparedInsert.DailyPerformance(_db.Database.GetDbConnection());
            insert.Use(tx.GetDbTransaction());
            foreach (var sp in _partners)
            {
                ct.ThrowIfCancellationRequested();
                for (var i = 0; i < sp.Days.Length; i++)
                {
                    var f = sp.Days[i];
                    insert.Run(sp.Id, PreparedInsert.Date(sp.FirstDay.AddDays(i)), f.Clicks, f.Registrations, f.Ftds, (double)f.Deposits,
                        (double)f.NetGamingRevenue, (double)f.Lots, (double)f.Volume, (double)f.NetDeposits, f.ActiveTraders, f.SignUps,
                        f.ChallengesSold, f.FundedAccounts);
                }
            }
            return;
        }

        var batch = 0;
        foreach (var sp in _partners)
        {
            for (var i = 0; i < sp.Days.Length; i++)
            {
                var f = sp.Days[i];
                _db.DailyPerformance.Add(new DailyPerformance(sp.Id, sp.FirstDay.AddDays(i))
                {
                    Clicks = f.Clicks,
                    Registrations = f.Registrations,
                    Ftds = f.Ftds,
                    Deposits = f.Deposits,
                    NetGamingRevenue = f.NetGamingRevenue,
                    Lots = f.Lots,
                    Volume = f.Volume,
                    NetDeposits = f.NetDeposits,
                    ActiveTraders = f.ActiveTraders,
                    SignUps = f.SignUps,
                    ChallengesSold = f.ChallengesSold,
                    FundedAccounts = f.FundedAccounts,
                });
                if (++batch < PerformanceBatch) continue;
                await SaveAsync(ct, clear: true);
                batch = 0;
            }
        }
        await SaveAsync(ct, clear: true);
    }
}
