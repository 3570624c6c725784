using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Domain.Messaging;

/// <summary>Operators' internal notes on a partner, each audited in the same transaction as the change.</summary>
public sealed class NoteService(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    /// <summary>An operators-only note on a partner, optionally mentioning other operators.</summary>
    internal async Task<long> AddNoteAsync(Actor actor, int partnerId, string body, IReadOnlyCollection<string> mentionUserIds,
        CancellationToken ct = default)
    {
        actor.RequireOperator();
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, ct)) throw new NotFoundException("Partner not found.");
        var mentions = mentionUserIds.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToList();
        if (mentions.Count > 0)
        {
            var operatorRoles = Roles.Operators.ToList();
            var operators = await (
                from ur in db.UserRoles
                join r in db.Roles on ur.RoleId equals r.Id
                join u in db.Users on ur.UserId equals u.Id
                where mentions.Contains(ur.UserId) && operatorRoles.Contains(r.Name!) && u.PartnerId == null
                select ur.UserId).Distinct().ToListAsync(ct);
            if (mentions.Except(operators).Any()) throw new DomainException("Only operators can be mentioned in a note.", "Mentions");
        }

        var note = new InternalNote(partnerId, actor.UserId, body, now);
        foreach (var id in mentions) note.Mention(id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.InternalNotes.Add(note);
        await db.SaveChangesAsync(ct);
        db.Audit(actor, now, "note.added", nameof(InternalNote), note.Id, partnerId, new { body = note.Body, mentions });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return note.Id;
    }

    public async Task<IReadOnlyList<NoteView>> NotesAsync(Actor actor, int partnerId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        var notes = await db.InternalNotes.AsNoTracking().Include(n => n.Mentions)
            .Where(n => n.PartnerId == partnerId).OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).ToListAsync(ct);
        var userIds = notes.Select(n => n.AuthorId).Concat(notes.SelectMany(n => n.Mentions.Select(m => m.UserId))).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return notes.Select(n => new NoteView(n.Id, n.PartnerId, n.AuthorId, names.GetValueOrDefault(n.AuthorId) ?? n.AuthorId, n.Body, n.CreatedAt,
            n.Mentions.Select(m => new MentionView(m.UserId, names.GetValueOrDefault(m.UserId) ?? m.UserId)).ToList())).ToList();
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
