using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Just enough SMTP (no TLS, no AUTH) to receive messages, or to refuse them: every mail with a 550 (<see cref="RejectMail"/>), every
/// mail with a transient 451 (<see cref="DeferMail"/>), or the recipients in <see cref="DeferredRecipients"/> with a transient 450.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private FakeSmtpServer(int port)
    {
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        loop = Task.Run(AcceptAsync);
    }

    public static FakeSmtpServer Start(int port = 0) => new(port);

    public int Port { get; }
    public bool RejectMail { get; set; }
    public bool DeferMail { get; set; }
    /// <summary>Addresses whose RCPT gets <see cref="DeferAnswer"/> (compared without case).</summary>
    public ConcurrentDictionary<string, bool> DeferredRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);
    public string DeferAnswer { get; set; } = "450 4.2.1 Mailbox busy, try again later";
    public ConcurrentQueue<(List<string> Recipients, string Data)> Messages { get; } = new();

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 fake.smtp ready");
        var recipients = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-fake.smtp");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 fake.smtp");
                    break;
                case "MAIL":
                    recipients = [];
                    await writer.WriteLineAsync(RejectMail ? "550 Requested action not taken: mailbox unavailable"
                        : DeferMail ? "451 4.3.0 Temporary local problem, try again later" : "250 OK");
                    break;
                case "RCPT":
                    var to = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                    if (DeferredRecipients.ContainsKey(to.Trim('<', '>')))
                    {
                        await writer.WriteLineAsync(DeferAnswer);
                        break;
                    }
                    recipients.Add(to);
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var body = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                        body.AppendLine(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine);
                    Messages.Enqueue((recipients, body.ToString()));
                    await writer.WriteLineAsync("250 OK: queued");
                    break;
                case "RSET":
                case "NOOP":
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 Command not implemented");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (stop.IsCancellationRequested) return;
        await stop.CancelAsync();
        listener.Stop();
        try { await loop; } catch (OperationCanceledException) { }
        stop.Dispose();
    }
}
