using PartnerHub.Domain;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Domain;

/// <summary>Traffic quality flags, KYC requirements and creatives: the smaller records partners are told about.</summary>
public class RecordsTests
{
    [Fact]
    public void KYC_requirement_due_before_it_is_requested_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() =>
            new KycRequirement(1, KycDocumentType.ProofOfAddress, Fakes.Now, Fakes.Now, "compliance-1"));

        Assert.Equal("DueAt", ex.Field);
    }

    [Fact]
    public void KYC_requirement_is_overdue_only_while_nothing_acceptable_was_submitted()
    {
        var requirement = new KycRequirement(1, KycDocumentType.ProofOfIdentity, Fakes.Now, Fakes.Now.AddDays(14), "compliance-1");
        var late = Fakes.Now.AddDays(15);
        Assert.True(requirement.IsOverdue(late));

        requirement.Submit(late);
        Assert.False(requirement.IsOverdue(late));

        requirement.Review(approved: false, "compliance-1", late.AddHours(1));
        Assert.True(requirement.IsOverdue(late.AddHours(2)));
    }

    [Fact]
    public void Traffic_flag_closes_once_with_a_resolution()
    {
        var flag = new TrafficQualityFlag(1, FlagSeverity.Warning, "Click-to-registration ratio 0.1 %", "ctr", Fakes.Now, "compliance-1");

        Assert.Equal("Status", Assert.Throws<DomainException>(() => flag.Close(FlagStatus.Open, "x", "compliance-1", Fakes.Now)).Field);
        flag.Close(FlagStatus.Resolved, "Traffic source removed", "compliance-1", Fakes.Now.AddDays(1));

        Assert.Equal(FlagStatus.Resolved, flag.Status);
        Assert.Throws<DomainException>(() => flag.Close(FlagStatus.Dismissed, "again", "compliance-1", Fakes.Now.AddDays(2)));
    }

    [Fact]
    public void Deprecated_creative_stays_downloadable_until_the_cut_off()
    {
        var creative = new Creative("Spring banner 728x90", CreativeType.Banner, Vertical.IGamingAffiliate, Fakes.Now, "manager-1");
        Assert.False(creative.CanDownload(Fakes.Now));
        creative.Publish(Fakes.Now);
        Assert.True(creative.CanDownload(Fakes.Now));

        creative.Deprecate(Fakes.Now.AddDays(1), downloadsStopAt: Fakes.Now.AddDays(8));

        Assert.True(creative.CanDownload(Fakes.Now.AddDays(7)));
        Assert.False(creative.CanDownload(Fakes.Now.AddDays(8)));
    }

    [Fact]
    public void Creative_downloads_cannot_stop_in_the_past()
    {
        var creative = new Creative("Landing page", CreativeType.LandingPage, null, Fakes.Now, "manager-1");
        creative.Publish(Fakes.Now);

        var ex = Assert.Throws<DomainException>(() => creative.Deprecate(Fakes.Now.AddDays(2), Fakes.Now.AddDays(1)));

        Assert.Equal("DownloadsStopAt", ex.Field);
        Assert.Equal(CreativeStatus.Published, creative.Status);
    }
}
