using Microsoft.EntityFrameworkCore;

namespace PartnerHub.Domain.Data.PostgreSql;

/// <summary>
/// What PostgreSQL has beyond the EF model, applied by <see cref="DatabaseInitializer"/> after the migrations (not in a
/// migration, so regenerating the PostgreSQL migrations set never loses it). Every statement is idempotent and runs in one
/// transaction under an advisory lock, so two nodes starting together apply it once:
/// <list type="bullet">
/// <item>message search: the <c>unaccent</c> extension, the text search configuration <see cref="SearchConfiguration"/>
/// (simple, lowercased and unaccented), the <c>Messages."SearchVector"</c> column kept by a trigger on every insert and
/// edit of <c>Body</c> (as SQLite's FTS5 triggers), rows written before it filled once, and its GIN index;</item>
/// <item>the audit log refuses UPDATE, DELETE and TRUNCATE in the database itself (as SQLite's triggers).</item>
/// </list>
/// </summary>
public static class PostgreSqlSchema
{
    public const string SearchConfiguration = "partnerhub_search";

    /// <summary>
    /// The text the vector is made of: the body with every run of characters that are not letters or digits turned into a space,
    /// so words split where FTS5's unicode61 splits them (PostgreSQL's parser would keep "a.b" or "x@y.z" as one token).
    /// </summary>
    private const string VectorOfNewBody =
        $"""to_tsvector('{SearchConfiguration}', regexp_replace(coalesce(NEW."Body", ''), '[^[:alnum:]]+', ' ', 'g'))""";

    public static readonly string Sql = $$"""
        SELECT pg_advisory_xact_lock(4711202615);

        CREATE EXTENSION IF NOT EXISTS unaccent;
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{{SearchConfiguration}}') THEN
                CREATE TEXT SEARCH CONFIGURATION {{SearchConfiguration}} (COPY = simple);
                ALTER TEXT SEARCH CONFIGURATION {{SearchConfiguration}}
                    ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
                    WITH unaccent, simple;
            END IF;
        END $$;

        ALTER TABLE "Messages" ADD COLUMN IF NOT EXISTS "SearchVector" tsvector;
        CREATE OR REPLACE FUNCTION partnerhub_messages_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW."SearchVector" := {{VectorOfNewBody}};
            RETURN NEW;
        END $$;
        CREATE OR REPLACE TRIGGER "TR_Messages_SearchVector" BEFORE INSERT OR UPDATE OF "Body" ON "Messages"
            FOR EACH ROW EXECUTE FUNCTION partnerhub_messages_search_vector();
        UPDATE "Messages" SET "Body" = "Body" WHERE "SearchVector" IS NULL;
        CREATE INDEX IF NOT EXISTS "IX_Messages_SearchVector" ON "Messages" USING GIN ("SearchVector");

        CREATE OR REPLACE FUNCTION partnerhub_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            -- Only an erasure's recorded redaction may change an entry, and only its user name, IP address and details.
            IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM "AuditRedactions" r WHERE r."EntryId" = OLD."Id")
               AND NEW."Id" = OLD."Id" AND NEW."At" = OLD."At" AND NEW."Action" = OLD."Action" AND NEW."EntityType" = OLD."EntityType"
               AND NEW."UserId" IS NOT DISTINCT FROM OLD."UserId" AND NEW."EntityId" IS NOT DISTINCT FROM OLD."EntityId"
               AND NEW."PartnerId" IS NOT DISTINCT FROM OLD."PartnerId" THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'The audit log is append-only.';
        END $$;
        CREATE OR REPLACE TRIGGER "TR_AuditLog_NoUpdate" BEFORE UPDATE ON "AuditLog"
            FOR EACH ROW EXECUTE FUNCTION partnerhub_audit_log_append_only();
        CREATE OR REPLACE TRIGGER "TR_AuditLog_NoDelete" BEFORE DELETE ON "AuditLog"
            FOR EACH ROW EXECUTE FUNCTION partnerhub_audit_log_append_only();
        CREATE OR REPLACE TRIGGER "TR_AuditLog_NoTruncate" BEFORE TRUNCATE ON "AuditLog"
            FOR EACH STATEMENT EXECUTE FUNCTION partnerhub_audit_log_append_only();
        """;

    public static async Task ApplyAsync(AppDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(Sql, ct);
        await transaction.CommitAsync(ct);
    }
}
