using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Domain;

/// <summary>How the terms events read on the partner timeline (the payloads the terms service writes).</summary>
public class DealTermsTimelineTests
{
    [Fact]
    public void A_proposal_names_its_dates_and_a_short_notice_its_reason()
    {
        var (title, detail) = TimelineService.Describe(EventTypes.DealTermsProposed,
            """{"mode":"Propose","summary":"FX majors +1.00","effectiveFrom":"2026-03-16","deadline":"2026-03-23","shortNoticeReason":"Regulator"}""");

        Assert.Equal("Deal terms proposed (effective 16 Mar 2026, answer by 23 Mar 2026)", title);
        Assert.Equal("FX majors +1.00 · Short notice: Regulator", detail);
    }

    [Fact]
    public void Acceptance_shows_the_version_and_the_start_of_the_digest_and_a_decline_its_reason()
    {
        var accepted = TimelineService.Describe(EventTypes.DealTermsAccepted,
            """{"number":5,"acknowledged":false,"digest":"2cb06fa359c6223aa7ade3bce321c35f79566e797464e70d1893b729b7b5b5d7"}""");
        var declined = TimelineService.Describe(EventTypes.DealTermsDeclined, """{"reason":"Too low."}""");
        var expired = TimelineService.Describe(EventTypes.DealTermsExpired, """{"applied":true,"summary":"FX majors +1.00"}""");

        Assert.Equal(("Deal terms accepted (version 5)", "SHA-256 2cb06fa359c6…"), accepted);
        Assert.Equal(("Deal terms declined", "Reason: Too low."), declined);
        Assert.Equal(("Deal terms proposal expired; new terms applied", "FX majors +1.00"), expired);
    }
}
