using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Tests.Integration;

/// <summary>What the thread page does when a user opens a thread: mark the page read, then load it.</summary>
public static class ThreadReading
{
    public static async Task<ThreadView> OpenThreadAsync(this IDbContextFactory<AppDbContext> factory, TimeProvider clock, Actor actor,
        long threadId, long? beforeMessageId = null, int take = 50)
    {
        await new ReceiptService(factory, clock).MarkReadAsync(actor, threadId, beforeMessageId, take);
        return await new MessagingService(factory, clock).GetThreadAsync(actor, threadId, beforeMessageId, take);
    }
}
