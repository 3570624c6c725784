using Bogus;
using PartnerHub.Domain;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Domain;

/// <summary>The creative's life: draft, published, deprecated; when it can be downloaded; tracking links and landing URLs.</summary>
public class CreativeRulesTests
{
    private static Creative NewCreative(int seed = Fakes.Seed)
    {
        var f = new Faker { Random = new Randomizer(seed) };
        return new Creative($"{f.Company.CompanyName()} {f.PickRandom("300x250", "728x90", "160x600")}", f.PickRandom(CreativeType.Banner, CreativeType.LandingPage),
            f.PickRandom<Vertical>(), Fakes.Now, "manager-1");
    }

    [Fact]
    public void A_new_creative_is_a_draft_that_cannot_be_downloaded()
    {
        var creative = NewCreative();

        Assert.Equal(CreativeStatus.Draft, creative.Status);
        Assert.False(creative.CanDownload(Fakes.Now));
        Assert.False(creative.CanDownload(Fakes.Now.AddYears(1)));
    }

    [Fact]
    public void Publishing_a_draft_makes_it_downloadable_and_records_when()
    {
        var creative = NewCreative();

        creative.Publish(Fakes.Now.AddHours(1));

        Assert.Equal(CreativeStatus.Published, creative.Status);
        Assert.Equal(Fakes.Now.AddHours(1), creative.PublishedAt);
        Assert.True(creative.CanDownload(Fakes.Now.AddYears(5)));
    }

    [Fact]
    public void A_creative_cannot_be_published_twice_or_after_deprecation()
    {
        var creative = NewCreative();
        creative.Publish(Fakes.Now);

        Assert.Throws<DomainException>(() => creative.Publish(Fakes.Now.AddHours(1)));
        creative.Deprecate(Fakes.Now.AddDays(1), Fakes.Now.AddDays(10));
        Assert.Throws<DomainException>(() => creative.Publish(Fakes.Now.AddDays(2)));
        Assert.Equal(CreativeStatus.Deprecated, creative.Status);
        Assert.Equal(Fakes.Now, creative.PublishedAt);
    }

    [Fact]
    public void A_draft_cannot_be_deprecated_and_stays_a_draft()
    {
        var creative = NewCreative();

        Assert.Throws<DomainException>(() => creative.Deprecate(Fakes.Now, Fakes.Now.AddDays(3)));

        Assert.Equal(CreativeStatus.Draft, creative.Status);
        Assert.Null(creative.DeprecatedAt);
        Assert.Null(creative.DownloadsStopAt);
    }

    [Fact]
    public void A_deprecated_creative_is_downloadable_until_the_date_and_not_from_it()
    {
        var creative = NewCreative();
        creative.Publish(Fakes.Now);
        var stop = Fakes.Now.AddDays(14);

        creative.Deprecate(Fakes.Now.AddDays(1), stop);

        Assert.Equal(Fakes.Now.AddDays(1), creative.DeprecatedAt);
        Assert.True(creative.CanDownload(stop.AddTicks(-1)));
        Assert.False(creative.CanDownload(stop));
        Assert.False(creative.CanDownload(stop.AddDays(1)));
    }

    [Fact]
    public void Deprecating_twice_is_refused_and_keeps_the_first_date()
    {
        var creative = NewCreative();
        creative.Publish(Fakes.Now);
        creative.Deprecate(Fakes.Now.AddDays(1), Fakes.Now.AddDays(5));

        Assert.Throws<DomainException>(() => creative.Deprecate(Fakes.Now.AddDays(2), Fakes.Now.AddDays(30)));

        Assert.Equal(Fakes.Now.AddDays(5), creative.DownloadsStopAt);
    }

    [Fact]
    public void Visibility_keeps_each_segment_once_and_drops_the_ones_removed()
    {
        var creative = NewCreative();

        creative.SetVisibility([3, 5, 3]);
        Assert.Equal([3, 5], creative.Visibility.Select(v => v.SegmentId).Order());

        creative.SetVisibility([5, 8]);
        Assert.Equal([5, 8], creative.Visibility.Select(v => v.SegmentId).Order());

        creative.SetVisibility([]);
        Assert.Empty(creative.Visibility);
    }

    [Theory]
    [InlineData("https://luckyriver.example/welcome", 42, "https://luckyriver.example/welcome?ref=P42")]
    [InlineData("https://luckyriver.example/welcome?utm_source=aff", 42, "https://luckyriver.example/welcome?utm_source=aff&ref=P42")]
    [InlineData("https://luckyriver.example/welcome?", 7, "https://luckyriver.example/welcome?ref=P7")]
    [InlineData("https://northgate.example/open#step-2", 1001, "https://northgate.example/open?ref=P1001#step-2")]
    [InlineData("  https://summitfunded.example/challenge  ", 5, "https://summitfunded.example/challenge?ref=P5")]
    public void The_tracking_link_is_the_landing_URL_with_the_partners_reference(string landing, int partnerId, string expected)
    {
        Assert.Equal(expected, CreativeLinks.TrackingLink(landing, partnerId));
        Assert.Equal(CreativeLinks.TrackingLink(landing, partnerId), CreativeLinks.TrackingLink(landing, partnerId));
    }

    [Fact]
    public void Two_partners_get_different_links_and_copy_without_a_landing_URL_gets_none()
    {
        Assert.NotEqual(CreativeLinks.TrackingLink("https://a.example/", 1), CreativeLinks.TrackingLink("https://a.example/", 2));
        Assert.Null(CreativeLinks.TrackingLink(null, 1));
        Assert.Null(CreativeLinks.TrackingLink("  ", 1));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://files.example/banner.png")]
    [InlineData("/relative/path")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("luckyriver.example/welcome")]
    public void A_landing_URL_must_be_an_absolute_http_address(string url)
    {
        var ex = Assert.Throws<DomainException>(() => CreativeLinks.ValidLandingUrl(url));

        Assert.Equal(nameof(Creative.LandingUrl), ex.Field);
    }

    [Fact]
    public void A_landing_URL_is_trimmed_and_empty_means_none()
    {
        Assert.Equal("https://goalline.example/welcome", CreativeLinks.ValidLandingUrl(" https://goalline.example/welcome "));
        Assert.Null(CreativeLinks.ValidLandingUrl(""));
        Assert.Throws<DomainException>(() => CreativeLinks.ValidLandingUrl("https://a.example/" + new string('x', 400)));
    }
}
