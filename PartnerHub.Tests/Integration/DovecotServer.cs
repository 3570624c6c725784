using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Debian's dovecot (<c>/usr/sbin/dovecot</c>, package dovecot-imapd) as a real IMAP server for the tests: its own configuration,
/// base_dir and Maildir in a temporary folder, one passwd-file user with a plain-text login, listening on a free loopback port,
/// no TLS. Started in the foreground (<c>-F -c</c>) as the current user (as root, the mail is owned by the <c>dovecot</c> user,
/// since dovecot refuses uid 0 for mail); <see cref="StartAsync"/> returns once a login succeeds; disposing stops it (SIGTERM,
/// then kill) and deletes the folder. Mails are delivered with IMAP APPEND, as a mail server would leave them.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/dovecot";
    public const string UserName = "inbound";
    public const string Password = "inbound-secret";

    private readonly Process process;

    private DovecotServer(string directory, int port, Process process)
    {
        Directory = directory;
        Port = port;
        this.process = process;
    }

    public string Directory { get; }
    public int Port { get; }
    public string Host => "127.0.0.1";

    /// <summary>The app's settings for this mailbox.</summary>
    public InboundMailOptions Options(string replyDomain = "reply.partnerhub.test") => new()
    {
        Host = Host, Port = Port, UserName = UserName, Password = Password, Security = "None", ReplyDomain = replyDomain,
        Folder = "INBOX", ProcessedFolder = "Processed", PollSeconds = 1,
    };

    public static async Task<DovecotServer> StartAsync()
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("dovecot runs on Linux.");
        if (!File.Exists(Binary)) throw new InvalidOperationException($"{Binary} is missing: apt-get install -y dovecot-imapd (.ci/run does).");
        var dir = Path.Combine(Path.GetTempPath(), $"partnerhub-dovecot-{Guid.NewGuid():N}");
        var mail = Path.Combine(dir, "mail");
        System.IO.Directory.CreateDirectory(Path.Combine(dir, "run"));
        System.IO.Directory.CreateDirectory(Path.Combine(dir, "state"));
        System.IO.Directory.CreateDirectory(mail);
        var open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                   | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        // dovecot's auth process reads the passwd file as its own user: the folder must be traversable.
        File.SetUnixFileMode(dir, open);
        var root = Environment.UserName == "root";
        if (root) File.SetUnixFileMode(mail, open | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
        var users = Path.Combine(dir, "users");
        await File.WriteAllTextAsync(users, $"{UserName}:{{PLAIN}}{Password}::::::\n");
        var port = FreePort();
        var mailUser = root ? "dovecot" : Environment.UserName;
        var internalUsers = root ? "" : $"default_internal_user = {Environment.UserName}\ndefault_login_user = {Environment.UserName}\n";
        var config = Path.Combine(dir, "dovecot.conf");
        await File.WriteAllTextAsync(config, $$"""
            base_dir = {{dir}}/run
            state_dir = {{dir}}/state
            log_path = {{dir}}/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:{{mail}}/%u
            first_valid_uid = 1
            {{internalUsers}}
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{users}}
            }
            userdb {
              driver = static
              args = uid={{mailUser}} gid={{mailUser}} home={{mail}}/%u
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            namespace inbox {
              inbox = yes
            }
            """);
        var process = Process.Start(new ProcessStartInfo(Binary, ["-F", "-c", config])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        }) ?? throw new InvalidOperationException("dovecot did not start.");
        var server = new DovecotServer(dir, port, process);
        try
        {
            await Poll.UntilAsync(server.CanLogInAsync, 30, () => $"dovecot did not accept a login on port {port}: {server.Log()}");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public string Log()
    {
        var path = Path.Combine(Directory, "dovecot.log");
        return File.Exists(path) ? File.ReadAllText(path) : "(no log)";
    }

    private async Task<bool> CanLogInAsync()
    {
        if (process.HasExited) throw new InvalidOperationException($"dovecot exited ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()} {Log()}");
        try
        {
            using var client = await ConnectAsync();
            await client.DisconnectAsync(true);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or IOException or ImapProtocolException or AuthenticationException or ImapCommandException)
        {
            return false;
        }
    }

    public async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient { Timeout = 10_000 };
        try
        {
            await client.ConnectAsync(Host, Port, SecureSocketOptions.None);
            await client.AuthenticateAsync(UserName, Password);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Delivers mails into the INBOX (IMAP APPEND), unseen.</summary>
    public async Task AppendAsync(params MimeMessage[] mails)
    {
        using var client = await ConnectAsync();
        foreach (var mail in mails) await client.Inbox.AppendAsync(mail, MessageFlags.None);
        await client.DisconnectAsync(true);
    }

    /// <summary>How many mails a folder holds (0 when it does not exist), and how many of them are seen.</summary>
    public async Task<(int Count, int Seen)> CountAsync(string folder)
    {
        using var client = await ConnectAsync();
        IMailFolder f;
        try
        {
            f = folder.Equals("INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(folder);
        }
        catch (FolderNotFoundException)
        {
            return (0, 0);
        }
        await f.OpenAsync(FolderAccess.ReadOnly);
        var seen = (await f.SearchAsync(SearchQuery.Seen)).Count;
        var count = f.Count;
        await client.DisconnectAsync(true);
        return (count, seen);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            _ = Kill(process.Id, 15); // SIGTERM: dovecot stops its children and exits
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a child still closing a file; the temp folder is cleaned by the system
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
