using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Files;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Tests.Integration;

/// <summary><c>Files:Root</c>: the folder every node mounts for uploaded files (attachments, creatives, KYC documents).</summary>
public class SharedFilesTests
{
    private static readonly byte[] PdfBytes = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n");

    [Theory]
    [InlineData("/shared/files", null, "/shared/files")]
    [InlineData("/shared/files", "/old/files", "/shared/files")]
    [InlineData(null, "/old/files", "/old/files")]
    [InlineData(null, null, StorageOptions.DefaultRoot)]
    public void Files_Root_is_read_first_then_the_earlier_Storage_Root(string? files, string? storage, string expected)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Files:Root"] = files,
            ["Storage:Root"] = storage,
        }).Build();

        Assert.Equal(expected, StorageOptions.From(config).Root);
    }

    [Fact]
    public async Task A_file_uploaded_on_one_node_is_read_on_another_from_the_shared_folder()
    {
        var shared = Directory.CreateTempSubdirectory("partnerhub-shared-files-").FullName;
        try
        {
            var settings = new Dictionary<string, string> { ["Files:Root"] = shared, ["Jobs:Enabled"] = "false" };
            await using var nodeA = new ClusterNode("files-a", settings: settings);
            await using var nodeB = new ClusterNode("files-b", settings: settings);
            var storeA = nodeA.Services.GetRequiredService<AttachmentStore>();
            var storeB = nodeB.Services.GetRequiredService<AttachmentStore>();

            var stored = await storeA.SaveAsync(new MemoryStream(PdfBytes), "statement.pdf", "application/pdf");
            await using var read = storeB.OpenRead(stored.StoragePath);
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);

            Assert.Equal(PdfBytes, copy.ToArray());
            Assert.Equal(Path.GetFullPath(shared), storeB.Root);
            Assert.Equal(Path.Combine(Path.GetFullPath(shared), CreativeStore.Folder), nodeB.Services.GetRequiredService<CreativeStore>().Root);
            Assert.Equal(Path.Combine(Path.GetFullPath(shared), KycDocumentStore.Folder), nodeB.Services.GetRequiredService<KycDocumentStore>().Root);
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
        }
    }
}
