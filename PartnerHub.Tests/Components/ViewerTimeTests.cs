using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Web.Components.Shared;

namespace PartnerHub.Tests.Components;

public class ViewerTimeTests : MudTestContext
{
    private static readonly DateTime Summer = new(2026, 7, 1, 12, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(12, "12 min")]
    [InlineData(60, "1 h")]
    [InlineData(185, "3 h 5 min")]
    [InlineData(24 * 60, "1 d")]
    [InlineData((2 * 24 + 4) * 60 + 30, "2 d 4 h")]
    [InlineData(2058 * 60, "85 d 18 h")]
    public void Ages_read_as_days_and_hours_not_thousands_of_hours(int minutes, string expected) =>
        Assert.Equal(expected, ViewerTime.Age(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void Times_are_shown_in_the_viewers_zone_with_the_exact_utc_in_the_title()
    {
        Services.GetRequiredService<ViewerTime>().Use("Europe/London");
        var cut = Render<When>(p => p.Add(w => w.At, Summer));
        var time = cut.Find("time");
        Assert.Equal("1 Jul 2026 13:30", time.TextContent);
        Assert.StartsWith("1 Jul 2026 12:30 UTC", time.GetAttribute("title"));
        Assert.Contains("UTC+01:00", time.GetAttribute("title"));
    }

    [Fact]
    public void An_unknown_zone_falls_back_to_utc()
    {
        var viewer = new ViewerTime();
        viewer.Use("Mars/Olympus_Mons");
        Assert.Equal("1 Jul 2026 12:30", viewer.DateTime(Summer));
        Assert.Equal("UTC", viewer.Offset(Summer));
    }
}
