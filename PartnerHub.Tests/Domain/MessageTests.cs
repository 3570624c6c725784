using PartnerHub.Domain;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Tests.Domain;

public class MessageTests
{
    private const string Author = "manager-1";

    [Fact]
    public void Editing_within_five_minutes_keeps_the_earlier_text_as_a_revision()
    {
        var message = Fakes.OperatorMessages(Author).Generate();
        var original = message.Body;
        var at = message.SentAt.AddMinutes(2);

        message.Edit("Your March payout was sent today.", Author, at);

        Assert.Equal("Your March payout was sent today.", message.Body);
        Assert.Equal(at, message.EditedAt);
        var revision = Assert.Single(message.Revisions);
        Assert.Equal(original, revision.Body);
        Assert.Equal(message.SentAt, revision.WrittenAt);
        Assert.Equal(at, revision.ReplacedAt);
    }

    [Fact]
    public void Each_edit_adds_a_revision_dated_from_the_text_it_replaces()
    {
        var message = Fakes.OperatorMessages(Author).Generate();
        var firstEdit = message.SentAt.AddMinutes(1);
        var secondEdit = message.SentAt.AddMinutes(3);

        message.Edit("Second text", Author, firstEdit);
        message.Edit("Third text", Author, secondEdit);

        Assert.Equal("Third text", message.Body);
        Assert.Equal(2, message.Revisions.Count);
        var last = message.Revisions.Last();
        Assert.Equal("Second text", last.Body);
        Assert.Equal(firstEdit, last.WrittenAt);
        Assert.Equal(secondEdit, last.ReplacedAt);
    }

    [Fact]
    public void Editing_at_exactly_five_minutes_is_still_allowed()
    {
        var message = Fakes.OperatorMessages(Author).Generate();

        message.Edit("Corrected", Author, message.SentAt + Message.EditWindow);

        Assert.Equal("Corrected", message.Body);
    }

    [Fact]
    public void Editing_after_five_minutes_is_refused()
    {
        var message = Fakes.OperatorMessages(Author).Generate();
        var original = message.Body;

        Assert.Throws<DomainException>(() => message.Edit("Too late", Author, message.SentAt.AddMinutes(5).AddSeconds(1)));

        Assert.Equal(original, message.Body);
        Assert.Empty(message.Revisions);
        Assert.Null(message.EditedAt);
    }

    [Fact]
    public void Only_the_author_can_edit_a_message()
    {
        var message = Fakes.OperatorMessages(Author).Generate();
        var original = message.Body;

        Assert.Throws<DomainException>(() => message.Edit("Not mine", "manager-2", message.SentAt.AddMinutes(1)));

        Assert.Equal(original, message.Body);
        Assert.Empty(message.Revisions);
    }

    [Fact]
    public void Editing_to_the_same_text_adds_no_revision()
    {
        var message = Fakes.OperatorMessages(Author).Generate();

        message.Edit("  " + message.Body + "  ", Author, message.SentAt.AddMinutes(1));

        Assert.Empty(message.Revisions);
        Assert.Null(message.EditedAt);
    }

    [Fact]
    public void Retracting_hides_the_message_but_keeps_its_text()
    {
        var message = Fakes.OperatorMessages(Author).Generate();
        var body = message.Body;

        message.Retract("compliance-1", message.SentAt.AddHours(1));

        Assert.Equal(message.SentAt.AddHours(1), message.RetractedAt);
        Assert.Equal("compliance-1", message.RetractedById);
        Assert.Equal(body, message.Body);
    }

    [Fact]
    public void A_retracted_message_cannot_be_retracted_again_or_edited()
    {
        var message = Fakes.OperatorMessages(Author).Generate();
        var retractedAt = message.SentAt.AddMinutes(1);
        message.Retract(Author, retractedAt);

        Assert.Throws<DomainException>(() => message.Retract(Author, retractedAt.AddMinutes(1)));
        Assert.Throws<DomainException>(() => message.Edit("Changed my mind", Author, retractedAt.AddMinutes(1)));

        Assert.Equal(retractedAt, message.RetractedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t")]
    public void Empty_body_is_refused(string body)
    {
        var ex = Assert.Throws<DomainException>(() =>
            new Message(1, MessageAuthorKind.Partner, "partner-user", 5, body, Fakes.Now));

        Assert.Equal("Body", ex.Field);
    }

    [Fact]
    public void Editing_to_an_empty_body_is_refused()
    {
        var message = Fakes.OperatorMessages(Author).Generate();

        var ex = Assert.Throws<DomainException>(() => message.Edit(" ", Author, message.SentAt.AddMinutes(1)));

        Assert.Equal("Body", ex.Field);
    }

    [Fact]
    public void Body_longer_than_the_limit_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() =>
            new Message(1, MessageAuthorKind.Operator, Author, null, new string('x', Message.MaxBodyLength + 1), Fakes.Now));

        Assert.Equal("Body", ex.Field);
    }

    [Fact]
    public void Partner_message_leaves_the_thread_awaiting_a_reply_until_an_operator_answers()
    {
        var thread = MessageThread.Direct(5, Fakes.Now);

        thread.OnMessage(MessageAuthorKind.Partner, Fakes.Now.AddMinutes(1));
        thread.OnMessage(MessageAuthorKind.Partner, Fakes.Now.AddMinutes(2));
        Assert.Equal(Fakes.Now.AddMinutes(1), thread.AwaitingReplySince);

        thread.OnMessage(MessageAuthorKind.Operator, Fakes.Now.AddMinutes(3));
        Assert.Null(thread.AwaitingReplySince);
        Assert.Equal(Fakes.Now.AddMinutes(3), thread.LastMessageAt);
    }
}
