using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerHub.Domain.Data.Sqlite.Migrations
{
    /// <summary>
    /// Full-text search over message text (SQLite FTS5). <c>MessagesFts</c> is an external-content
    /// index: it stores only the index, reads the text from <c>Messages</c>, and three triggers keep it
    /// in step with every insert, edit of <c>Body</c> and delete, whichever code path writes the row.
    /// </summary>
    public partial class MessageSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // unicode61 with remove_diacritics 2: "é" finds "e" and back, in every script unicode61 knows.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "MessagesFts" USING fts5(
                    "Body",
                    content='Messages',
                    content_rowid='Id',
                    tokenize='unicode61 remove_diacritics 2'
                );
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_Messages_Fts_Insert" AFTER INSERT ON "Messages"
                BEGIN
                    INSERT INTO "MessagesFts"(rowid, "Body") VALUES (new."Id", new."Body");
                END;
                """);
            // The external-content 'delete' command needs the old text to remove exactly its tokens.
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_Messages_Fts_Update" AFTER UPDATE OF "Body" ON "Messages"
                BEGIN
                    INSERT INTO "MessagesFts"("MessagesFts", rowid, "Body") VALUES ('delete', old."Id", old."Body");
                    INSERT INTO "MessagesFts"(rowid, "Body") VALUES (new."Id", new."Body");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_Messages_Fts_Delete" AFTER DELETE ON "Messages"
                BEGIN
                    INSERT INTO "MessagesFts"("MessagesFts", rowid, "Body") VALUES ('delete', old."Id", old."Body");
                END;
                """);
            // Messages written before this migration are indexed once, here.
            migrationBuilder.Sql("""INSERT INTO "MessagesFts"("MessagesFts") VALUES ('rebuild');""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_Messages_Fts_Insert\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_Messages_Fts_Update\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_Messages_Fts_Delete\";");
            migrationBuilder.Sql("DROP TABLE IF EXISTS \"MessagesFts\";");
        }
    }
}
