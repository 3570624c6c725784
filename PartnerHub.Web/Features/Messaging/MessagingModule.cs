using Microsoft.Extensions.Options;
using PartnerHub.Domain.Files;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Web.Features.Messaging;

/// <summary>Messaging: threads, messages, search, attachments (stored under <c>Files:Root</c>) and their download endpoint, replies by email.</summary>
public static class MessagingModule
{
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration config, string contentRoot) => services
        .AddScoped<MessagingService>()
        .AddScoped<RecordConversations>()
        .AddScoped<RecordPicker>()
        .AddScoped<SavedReplies>()
        .AddScoped<NoteService>()
        .AddScoped<PartnerContextQuery>()
        .AddScoped<ReceiptService>()
        .AddScoped<ThreadQueries>()
        .AddScoped<InboxQueries>()
        .AddScoped<ThreadTriage>()
        .AddSingleton<MessageSearch>()
        .AddSingleton<SharedInboxRows>()
        .AddSingleton(sp => AttachmentStore.For(sp.GetRequiredService<IOptions<StorageOptions>>().Value, contentRoot))
        .AddSingleton<MessageNotifier>()
        .AddSingleton<IMessageSignal>(sp => sp.GetRequiredService<MessageNotifier>())
        .AddSingleton(config.GetSection(InboundMailOptions.Section).Get<InboundMailOptions>() ?? new InboundMailOptions())
        .AddSingleton<InboundMailProcessor>();

    /// <summary>The reply-by-email poll (<see cref="InboundMailJob"/>), when a mailbox is configured.</summary>
    public static void RegisterJobs(Quartz.IQuartzBuilder q, IConfiguration config) => InboundMailJob.Register(q, config);

    public static IEndpointRouteBuilder MapMessaging(this IEndpointRouteBuilder app) => app.MapAttachmentEndpoints();
}
