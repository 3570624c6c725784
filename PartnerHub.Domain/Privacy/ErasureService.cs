using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Privacy;

/// <summary>One part of an erasure: what, how many rows, and why it was erased or kept.</summary>
public sealed record ErasurePart(string What, long Count, string Why);

/// <summary>What an erasure did: the parts erased and the parts kept, each with the reason.</summary>
public sealed record ErasureOutcome(long ErasureId, DateTime ErasedAt, IReadOnlyList<ErasurePart> Erased, IReadOnlyList<ErasurePart> Kept);

/// <summary>A past erasure as the profile shows it.</summary>
public sealed record ErasureView(long Id, DateTime ErasedAt, string ErasedByName, string Reason, ErasureOutcome Outcome);

/// <summary>
/// A data subject's erasure (GDPR art. 17): pseudonymises the person behind a partner — name, email, contact and payment details,
/// their login accounts, the IP addresses recorded for them, the free text they wrote and their attachments, and every occurrence of
/// their identifiers in other rows — while the financial and compliance records the law requires stay for their retention period
/// (commission lines, payouts, deal terms and acceptances, acknowledgements, KYC records, the audit log). Audit entries are redacted,
/// not deleted: each redaction is recorded first (<see cref="AuditRedaction"/>) and listed in the erasure's own audit entry, so the
/// chain still verifies. Refused while a legal hold is in force and before the relationship has ended. One transaction.
/// </summary>
public sealed class ErasureService(IDbContextFactory<AppDbContext> factory, TimeProvider clock, AttachmentStore? attachments = null)
{
    public const string ErasedText = "[erased at the person's request]";
    public const int MinimumReasonLength = 10;
    /// <summary>The erasure's own audit entry (listing its redactions).</summary>
    public const string AuditAction = AuditRedaction.ErasureAction;

    /// <summary>Why the partner cannot be erased now (a legal hold, an active relationship, already erased), or null.</summary>
    public async Task<string?> BlockerAsync(Actor actor, int partnerId, CancellationToken ct = default)
    {
        actor.RequireReviewer("erase a person's data");
        await using var db = await factory.CreateDbContextAsync(ct);
        var partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == partnerId, ct) ?? throw new NotFoundException("Partner not found.");
        return await BlockerAsync(db, partner, ct);
    }

    /// <summary>The erasure done on this partner, if any.</summary>
    public async Task<ErasureView?> FindAsync(Actor actor, int partnerId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        actor.RequireCanRead(partnerId);
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.PartnerErasures.AsNoTracking().Where(x => x.PartnerId == partnerId).OrderByDescending(x => x.Id).FirstOrDefaultAsync(ct);
        return e is null ? null : new ErasureView(e.Id, e.ErasedAt, e.ErasedByName, e.Reason, ReadSummary(e));
    }

    public async Task<ErasureOutcome> EraseAsync(Actor actor, int partnerId, string reason, CancellationToken ct = default)
    {
        actor.RequireReviewer("erase a person's data");
        var text = reason?.Trim() ?? "";
        if (text.Length < MinimumReasonLength)
            throw new DomainException($"Give the reason (at least {MinimumReasonLength} characters), e.g. the request's reference: it is kept in the audit log.", "Reason");
        if (text.Length > 500) throw new DomainException("Keep the reason under 500 characters.", "Reason");

        var now = clock.GetUtcNow().UtcDateTime;
        List<string> filesToDelete;
        ErasureOutcome outcome;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var partner = await db.Partners.FirstOrDefaultAsync(p => p.Id == partnerId, ct) ?? throw new NotFoundException("Partner not found.");
            if (await BlockerAsync(db, partner, ct) is { } blocker) throw new DomainException(blocker);

            var users = await db.Users.Where(u => u.PartnerId == partnerId).ToListAsync(ct);
            var userIds = users.Select(u => u.Id).ToList();
            var identifiers = Identifiers(partner, users);
            // The IP addresses recorded for them, wherever else they were copied (audit details).
            var ips = await db.AuditLog.Where(e => e.UserId != null && userIds.Contains(e.UserId) && e.IpAddress != null).Select(e => e.IpAddress!).Distinct().ToListAsync(ct);
            ips.AddRange(await db.AnnouncementAcknowledgements.Where(a => a.PartnerId == partnerId && a.IpAddress != null).Select(a => a.IpAddress!).Distinct().ToListAsync(ct));
            ips.AddRange(await db.DealTermsProposals.Where(p => p.PartnerId == partnerId && p.AnsweredFromIp != null).Select(p => p.AnsweredFromIp!).Distinct().ToListAsync(ct));
            identifiers.AddRange(ips.Distinct().Where(ip => ip is not ("127.0.0.1" or "::1")).Select(ip => new PersonalIdentifier(ip, "[erased ip]")));
            text = PersonalDataSweep.Replace(text, identifiers);
            var kept = await KeptAsync(db, partner, ct);

            // The erasure's row first: redactions point at it.
            var erasure = new PartnerErasure(partnerId, text, actor.UserId, actor.Name, now, "{}");
            db.PartnerErasures.Add(erasure);
            await db.SaveChangesAsync(ct);

            var erased = new List<ErasurePart>();
            // The person's own words and files.
            var ownMessages = db.Messages.Where(m => m.AuthorUserId != null && userIds.Contains(m.AuthorUserId));
            var attachmentRows = db.MessageAttachments.Where(a => ownMessages.Any(m => m.Id == a.MessageId));
            filesToDelete = await attachmentRows.Select(a => a.StoragePath).ToListAsync(ct);
            await attachmentRows.ExecuteDeleteAsync(ct);
            await db.MessageRevisions.Where(r => ownMessages.Any(m => m.Id == r.MessageId))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Body, ErasedText), ct);
            var messages = await ownMessages.ExecuteUpdateAsync(s => s.SetProperty(m => m.Body, ErasedText).SetProperty(m => m.ChannelNote, (string?)null), ct);
            erased.Add(new("Messages the person wrote (text and earlier versions)", messages, "Free text they wrote: replaced by \"" + ErasedText + "\"."));
            erased.Add(new("Attachments they sent", filesToDelete.Count, "Files and their names deleted."));

            // Where and how they were reached: IP addresses, email envelopes, answers' free text.
            var acks = await db.AnnouncementAcknowledgements.Where(a => a.PartnerId == partnerId && a.IpAddress != null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.IpAddress, (string?)null), ct);
            var erasedName = Partner.ErasedName(partnerId);
            var erasedEmail = Partner.ErasedEmail(partnerId);
            var proposals = await db.DealTermsProposals.Where(p => p.PartnerId == partnerId && (p.AnsweredFromIp != null || p.DeclineReason != null || p.AnsweredByName != null))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.AnsweredFromIp, (string?)null)
                    .SetProperty(p => p.AnsweredByName, p => p.AnsweredByName == null ? null : erasedName)
                    .SetProperty(p => p.DeclineReason, p => p.DeclineReason == null ? null : ErasedText), ct);
            var inbound = await db.InboundMails.Where(m => m.PartnerId == partnerId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.From, erasedEmail).SetProperty(m => m.Subject, ErasedText), ct);
            erased.Add(new("IP addresses of acknowledgements and deal-terms answers", acks + proposals,
                "Removed; the acknowledgement or answer itself, its time and version stay (below)."));
            erased.Add(new("Emails received from the person", inbound, "Sender address and subject replaced; the message they became is erased above."));
            var kyc = await db.KycRequirements.Where(k => k.PartnerId == partnerId && k.DocumentFileName != null)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.DocumentFileName, "kyc-document"), ct);
            if (kyc > 0) erased.Add(new("KYC documents' file names", kyc, "Renamed (a file name can carry the person's name); the documents are kept, below."));

            // Their accounts: pseudonymised, signed out and locked; external logins, tokens, claims and passkeys deleted.
            foreach (var (user, i) in users.Select((u, i) => (u, i)))
            {
                var email = string.Create(CultureInfo.InvariantCulture, $"erased-user-{i + 1}-partner-{partnerId}@erased.invalid");
                user.UserName = user.Email = email;
                user.NormalizedUserName = user.NormalizedEmail = email.ToUpperInvariant();
                user.DisplayName = Partner.ErasedName(partnerId);
                user.PhoneNumber = null;
                user.PhoneNumberConfirmed = user.EmailConfirmed = false;
                user.PasswordHash = null;
                user.SecurityStamp = Guid.NewGuid().ToString("N");
                user.LockoutEnabled = true;
                user.LockoutEnd = DateTimeOffset.MaxValue;
            }
            await db.UserLogins.Where(l => userIds.Contains(l.UserId)).ExecuteDeleteAsync(ct);
            await db.UserTokens.Where(t => userIds.Contains(t.UserId)).ExecuteDeleteAsync(ct);
            await db.UserClaims.Where(c => userIds.Contains(c.UserId)).ExecuteDeleteAsync(ct);
            await db.UserPasskeys.Where(k => userIds.Contains(k.UserId)).ExecuteDeleteAsync(ct);
            erased.Add(new("Login accounts", users.Count, "Name, email and phone replaced, password removed, signed out and locked."));
            partner.Pseudonymise(now);
            await db.SaveChangesAsync(ct);
            erased.Add(new("Profile", 1, "Name, company, email, phone and payout beneficiary replaced by a pseudonym: " + Partner.ErasedName(partnerId) + "."));

            // Everywhere else their identifiers appear (operators' messages, notes, notifications, emails, events...).
            var swept = await PersonalDataSweep.ReplaceAsync(db, identifiers, ct);
            erased.Add(new("Other rows naming the person", swept.Values.Sum(),
                "Name, email and phone replaced by the pseudonym" + (swept.Count == 0 ? "." : $" in {string.Join(", ", swept.OrderBy(x => x.Key).Select(x => $"{x.Key} ({x.Value})"))}.")));

            // The audit log: redacted, each redaction recorded before its entry changes.
            var redacted = await RedactAuditAsync(db, erasure.Id, partnerId, userIds, identifiers, now, ct);
            kept.Add(new("Audit entries naming the person (redacted)", redacted.Count,
                "The audit log is append-only and hash-chained: entries stay; the person's name, email and IP addresses in them were redacted, each redaction recorded so the chain still verifies."));

            outcome = new ErasureOutcome(erasure.Id, now, erased, kept);
            var summary = JsonSerializer.Serialize(outcome, AuditTrail.Json);
            await db.PartnerErasures.Where(x => x.Id == erasure.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Summary, summary), ct);
            db.Audit(actor, now, AuditAction, nameof(PartnerErasure), erasure.Id, partnerId, new
            {
                reason = text,
                erased = erased.Select(p => new { p.What, p.Count }),
                kept = kept.Select(p => new { p.What, p.Count }),
                redacted,
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        foreach (var path in filesToDelete)
        {
            try { attachments?.Delete(path); }
            catch (IOException) { /* already gone: the row, its only reference, is deleted */ }
        }
        return outcome;
    }

    /// <summary>
    /// Redacts the audit entries that name the person (their own entries, the partner's, and any whose details contain an identifier):
    /// records each redaction with the SHA-256 of the entry's content after it, then rewrites the entry. Returns entry id → that hash.
    /// </summary>
    private static async Task<SortedDictionary<long, string>> RedactAuditAsync(AppDbContext db, long erasureId, int partnerId, List<string> userIds,
        IReadOnlyList<PersonalIdentifier> identifiers, DateTime now, CancellationToken ct)
    {
        var candidateIds = new HashSet<long>(await db.AuditLog.Where(e => e.PartnerId == partnerId || (e.UserId != null && userIds.Contains(e.UserId)))
            .Select(e => e.Id).ToListAsync(ct));
        foreach (var id in identifiers.Where(i => i.Value.Length >= PersonalDataSweep.MinimumLength))
        {
            var pattern = "%" + id.Value.ToLowerInvariant() + "%";
            candidateIds.UnionWith(await db.AuditLog.Where(e => (e.Details != null && EF.Functions.Like(e.Details.ToLower(), pattern))
                || (e.UserName != null && EF.Functions.Like(e.UserName.ToLower(), pattern))).Select(e => e.Id).ToListAsync(ct));
        }
        var redacted = new SortedDictionary<long, string>();
        var changes = new List<AuditEntry>();
        foreach (var chunk in candidateIds.Order().Chunk(500))
        {
            foreach (var e in await db.AuditLog.AsNoTracking().Where(e => chunk.Contains(e.Id)).ToListAsync(ct))
            {
                var own = e.UserId is not null && userIds.Contains(e.UserId);
                var after = e.Redacted(
                    own ? Partner.ErasedName(partnerId) : e.UserName is null ? null : PersonalDataSweep.Replace(e.UserName, identifiers),
                    own ? null : e.IpAddress,
                    e.Details is null ? null : PersonalDataSweep.Replace(own ? RedactOwnDetails(e.Details) : e.Details, identifiers));
                if (after.UserName == e.UserName && after.IpAddress == e.IpAddress && after.Details == e.Details) continue;
                var hash = AuditChain.ContentHash(after);
                db.AuditRedactions.Add(new AuditRedaction(e.Id, erasureId, hash, now));
                redacted[e.Id] = hash;
                changes.Add(after);
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var after in changes)
        {
            await db.AuditLog.Where(e => e.Id == after.Id).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.UserName, after.UserName)
                .SetProperty(e => e.IpAddress, after.IpAddress)
                .SetProperty(e => e.Details, after.Details), ct);
        }
        return redacted;
    }

    /// <summary>Keys whose values in the person's own audit entries are free text or contact data (their words, file names, addresses).</summary>
    private static readonly HashSet<string> FreeTextKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "body", "text", "message", "fileName", "name", "ip", "ipAddress", "from", "to", "subject", "reason", "declineReason", "email", "phone",
        "company", "beneficiary", "title",
    };

    /// <summary>The details of an entry the person made, with every free-text value replaced (the structure, ids and numbers stay).</summary>
    private static string RedactOwnDetails(string details)
    {
        System.Text.Json.Nodes.JsonNode? root;
        try
        {
            root = System.Text.Json.Nodes.JsonNode.Parse(details);
        }
        catch (JsonException)
        {
            return ErasedText;
        }
        if (root is null) return details;
        Walk(root);
        return root.ToJsonString(AuditTrail.Json);

        static void Walk(System.Text.Json.Nodes.JsonNode node)
        {
            if (node is System.Text.Json.Nodes.JsonObject obj)
            {
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is System.Text.Json.Nodes.JsonValue v && v.GetValueKind() == JsonValueKind.String && FreeTextKeys.Contains(key))
                        obj[key] = ErasedText;
                    else if (value is not null) Walk(value);
                }
            }
            else if (node is System.Text.Json.Nodes.JsonArray array)
            {
                foreach (var item in array) if (item is not null) Walk(item);
            }
        }
    }

    /// <summary>The records that stay, with the reason and the law behind it.</summary>
    private static async Task<List<ErasurePart>> KeptAsync(AppDbContext db, Partner partner, CancellationToken ct)
    {
        var pid = partner.Id;
        var until = partner.EndedAt is { } ended ? $" (until {ended.AddYears(5):yyyy-MM-dd}, 5 years after the relationship ended)" : "";
        return
        [
            new("Commission lines", await db.CommissionLines.LongCountAsync(l => l.PartnerId == pid, ct),
                "Financial records: kept for the record-keeping period required by MiFID II art. 16(6) and AMLD4 art. 40" + until + "."),
            new("Payouts", await db.Payouts.LongCountAsync(p => p.PartnerId == pid, ct),
                "Financial records: kept for the same period; the beneficiary shown on the profile was erased."),
            new("Deal terms proposals and answers", await db.DealTermsProposals.LongCountAsync(p => p.PartnerId == pid, ct),
                "Evidence of the contractual terms in force and their acceptance: kept with the financial records, without the IP address or free text."),
            new("Announcement deliveries and acknowledgements", await db.AnnouncementRecipients.LongCountAsync(r => r.PartnerId == pid, ct),
                "Compliance evidence of what the partner was told and acknowledged (version and time): kept without IP addresses."),
            new("Conversations", await db.MessageThreads.LongCountAsync(t => t.PartnerId == pid, ct),
                "Communication records (MiFID II art. 16(7)): kept, with the person's own words erased and their identifiers replaced by the pseudonym."),
            new("KYC requirements and documents", await db.KycRequirements.LongCountAsync(k => k.PartnerId == pid, ct),
                "Customer due diligence records: AMLD4 art. 40 requires them for 5 years after the relationship ends" + until + ". The retention purge does not cover KYC records yet, so they stay until it does."),
        ];
    }

    private static List<PersonalIdentifier> Identifiers(Partner partner, IEnumerable<ApplicationUser> users)
    {
        var name = Partner.ErasedName(partner.Id);
        var email = Partner.ErasedEmail(partner.Id);
        var list = new List<PersonalIdentifier> { new(partner.Name, name), new(partner.Email, email) };
        if (partner.Company is { } company) list.Add(new(company, "[erased company]"));
        if (partner.Phone is { } phone) list.Add(new(phone, "[erased phone]"));
        if (partner.PayoutBeneficiary is { } beneficiary) list.Add(new(beneficiary, "[erased beneficiary]"));
        foreach (var u in users)
        {
            if (!string.IsNullOrWhiteSpace(u.DisplayName)) list.Add(new(u.DisplayName, name));
            if (u.Email is { } e) list.Add(new(e, email));
            if (u.UserName is { } n) list.Add(new(n, email));
            if (u.PhoneNumber is { } p) list.Add(new(p, "[erased phone]"));
        }
        return list.Where(i => !string.IsNullOrWhiteSpace(i.Value)).DistinctBy(i => i.Value.ToLowerInvariant()).ToList();
    }

    /// <summary>A legal hold first (it outranks everything), then the entity's own rule.</summary>
    private static async Task<string?> BlockerAsync(AppDbContext db, Partner partner, CancellationToken ct) =>
        partner.ErasedAt is null && await LegalHolds.IsHeldAsync(db, partner.Id, ct)
            ? "A legal hold is in force on this partner: nothing about them may be erased while it holds. Release the hold first (Compliance), with a reason."
            : partner.ErasureBlocker();

    private static ErasureOutcome ReadSummary(PartnerErasure e)
    {
        try
        {
            return JsonSerializer.Deserialize<ErasureOutcome>(e.Summary, AuditTrail.Json) ?? new ErasureOutcome(e.Id, e.ErasedAt, [], []);
        }
        catch (JsonException)
        {
            return new ErasureOutcome(e.Id, e.ErasedAt, [], []);
        }
    }
}
