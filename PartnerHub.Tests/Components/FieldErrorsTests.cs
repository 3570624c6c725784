using PartnerHub.Domain;
using PartnerHub.Web.Components.Shared;

namespace PartnerHub.Tests.Components;

/// <summary>A form's record of the service's refusals: each at the field it names when the form shows it, otherwise form-level; cleared on edit.</summary>
public sealed class FieldErrorsTests
{
    [Fact]
    public void A_refusal_shows_at_the_field_it_names()
    {
        var errors = new FieldErrors();

        errors.Show(new DomainException("Name is required.", "Name"));

        Assert.True(errors.Has("Name"));
        Assert.Equal("Name is required.", errors.For("Name"));
        Assert.False(errors.Has("Email"));
        Assert.Null(errors.For("Email"));
        Assert.Null(errors.Form);
    }

    [Fact]
    public void A_refusal_without_a_field_or_at_a_field_the_form_does_not_show_is_form_level()
    {
        var errors = new FieldErrors("Title", "Body");

        errors.Show(new DomainException("Someone else changed this announcement."));
        Assert.Equal("Someone else changed this announcement.", errors.Form);

        errors.Show(new DomainException("Choose at least one creative.", "CreativeIds"));
        Assert.Equal("Choose at least one creative.", errors.Form);
        Assert.False(errors.Has("CreativeIds"));

        errors.Show(new DomainException("The title is too long.", "Title"));
        Assert.Equal("The title is too long.", errors.For("Title"));
    }

    [Fact]
    public void Set_puts_a_message_at_any_field_and_remove_takes_it_away()
    {
        var errors = new FieldErrors("Title");

        errors.Set("Audience", "No partner matches.");
        errors.Set("Title", "Give it a title.");
        Assert.Equal("No partner matches.", errors.For("Audience"));

        errors.Remove("Audience");

        Assert.False(errors.Has("Audience"));
        Assert.Equal("Give it a title.", errors.For("Title"));
    }

    [Fact]
    public void Clear_forgets_every_message_and_ClearFields_keeps_the_form_level_one()
    {
        var errors = new FieldErrors();
        errors.Show(new DomainException("Name is required.", "Name"));
        errors.Show(new DomainException("The segment was deleted."));

        errors.ClearFields();
        Assert.False(errors.Has("Name"));
        Assert.Equal("The segment was deleted.", errors.Form);

        errors.Set("Tags", "Too many tags.");
        errors.Clear();
        Assert.False(errors.Has("Tags"));
        Assert.Null(errors.Form);
    }
}
