using System.Globalization;
using PartnerHub.Domain.Partners;
using PartnerHub.Web.Features.Segments;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Web.Features.Notifications;

/// <summary>The editor's form model: a mutable copy of a <see cref="TriggerRuleDraft"/>.</summary>
internal sealed class RuleModel
{
    public string? Name { get; set; }
    public bool Enabled { get; set; }
    public bool Critical { get; set; }
    public bool Digest { get; set; }
    public bool RespectQuietHours { get; set; }
    public int? CooldownMinutes { get; set; }
    public bool Email { get; set; }
    public IReadOnlyCollection<Vertical> Verticals { get; set; } = [];
    public string? Tiers { get; set; }
    public decimal? MinAmount { get; set; }
    public decimal? MaxAmount { get; set; }
    public int? ConditionSegmentId { get; set; }
    public bool Partner { get; set; }
    public bool Manager { get; set; }
    public int UplineLevels { get; set; }
    public bool DerivedSubIbs { get; set; }
    public bool Conversation { get; set; }
    public bool Audience { get; set; }
    public int? RecipientSegmentId { get; set; }
    public string? Title { get; set; }
    public string? Body { get; set; }

    public void Load(TriggerRuleDraft d)
    {
        Name = d.Name;
        Enabled = d.Enabled;
        Critical = d.Critical;
        Digest = d.Digest;
        RespectQuietHours = d.RespectQuietHours;
        CooldownMinutes = d.CooldownMinutes;
        Email = d.Channels.HasFlag(NotificationChannels.Email);
        Verticals = d.Conditions.Verticals.ToHashSet();
        Tiers = string.Join(", ", d.Conditions.Tiers);
        MinAmount = d.Conditions.MinAmount;
        MaxAmount = d.Conditions.MaxAmount;
        ConditionSegmentId = d.Conditions.SegmentId;
        Partner = d.Recipients.Partner;
        Manager = d.Recipients.Manager;
        UplineLevels = d.Recipients.UplineLevels;
        DerivedSubIbs = d.Recipients.DerivedSubIbs;
        Conversation = d.Recipients.Conversation;
        Audience = d.Recipients.Audience;
        RecipientSegmentId = d.Recipients.SegmentId;
        Title = d.TitleTemplate;
        Body = d.BodyTemplate;
    }

    /// <summary>"1, 2" -> [1, 2]; false when something is not a whole number.</summary>
    public bool TryTiers(out List<int> tiers)
    {
        tiers = [];
        foreach (var part in (Tiers ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t)) return false;
            tiers.Add(t);
        }
        return true;
    }

    public TriggerRuleDraft ToDraft(List<int> tiers) => new()
    {
        Name = Name ?? "",
        Enabled = Enabled,
        Critical = Critical,
        Digest = Digest,
        RespectQuietHours = RespectQuietHours,
        CooldownMinutes = CooldownMinutes,
        Channels = NotificationChannels.InApp | (Email ? NotificationChannels.Email : NotificationChannels.None),
        Conditions = new RuleConditions
        {
            Verticals = Verticals.ToList(), Tiers = tiers, MinAmount = MinAmount, MaxAmount = MaxAmount, SegmentId = ConditionSegmentId,
        },
        Recipients = new RuleRecipients
        {
            Partner = Partner, Manager = Manager, UplineLevels = UplineLevels, DerivedSubIbs = DerivedSubIbs, Conversation = Conversation, Audience = Audience, SegmentId = RecipientSegmentId,
        },
        TitleTemplate = Title ?? "",
        BodyTemplate = Body ?? "",
    };
}
