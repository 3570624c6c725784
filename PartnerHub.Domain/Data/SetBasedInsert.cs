using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PartnerHub.Domain.Data;

/// <summary>
/// <c>INSERT INTO table (column, constants...) SELECT key, @constants... FROM (query)</c>: one statement, whatever the number of rows,
/// inside the caller's transaction. The table and column names come from the EF model and are quoted by the provider, so each
/// column list is written once (as the entity's properties) and the statement runs on every provider. EF writes the SELECT (with
/// its parameters); the caller's LINQ decides which rows (for example "not already in the table"). Returns the rows inserted.
/// </summary>
public static class SetBasedInsert
{
    public static async Task<int> InsertFromAsync<TEntity, TKey>(this AppDbContext db, IQueryable<TKey> keys,
        Expression<Func<TEntity, TKey>> keyColumn, IReadOnlyList<(LambdaExpression Column, object? Value)> constants, CancellationToken ct)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.ExecuteAsync(db.InsertFromStatement(keys, keyColumn, constants), ct);
    }

    /// <summary>Runs a statement made by <see cref="InsertFromStatement{TEntity,TKey}"/> inside the caller's transaction; returns the rows inserted.</summary>
    public static async Task<int> ExecuteAsync(this AppDbContext db, SetBasedStatement statement, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(statement);
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("A set-based insert runs inside the caller's transaction.");
        var previousTimeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        try
        {
            return await db.Database.ExecuteSqlRawAsync(statement.Sql, statement.Parameters, ct);
        }
        finally
        {
            db.Database.SetCommandTimeout(previousTimeout);
        }
    }

    /// <summary>
    /// The statement <see cref="InsertFromAsync{TEntity,TKey}"/> runs, in the context's dialect, without running it (no connection is
    /// opened), so a test can check the SQL of a provider whose engine is not available.
    /// </summary>
    public static SetBasedStatement InsertFromStatement<TEntity, TKey>(this AppDbContext db, IQueryable<TKey> keys,
        Expression<Func<TEntity, TKey>> keyColumn, IReadOnlyList<(LambdaExpression Column, object? Value)> constants)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(constants);
        var entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(LambdaExpression property)
        {
            var name = ((MemberExpression)property.Body).Member.Name;
            var column = entity.FindProperty(name)?.GetColumnName(table)
                ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{name} is not a mapped column.");
            return sql.DelimitIdentifier(column);
        }

        using DbCommand select = keys.Select(k => new { Id = k }).CreateDbCommand();
        var parameters = new List<object>();
        foreach (DbParameter source in select.Parameters)
        {
            var copy = select.CreateParameter();
            copy.ParameterName = source.ParameterName;
            copy.DbType = source.DbType;
            copy.Value = source.Value;
            if (source.Size != 0) copy.Size = source.Size;
            parameters.Add(copy);
        }
        var names = new List<string> { Column(keyColumn) };
        var values = new List<string> { "s." + sql.DelimitIdentifier("Id") };
        for (var i = 0; i < constants.Count; i++)
        {
            var p = select.CreateParameter();
            p.ParameterName = "@ph_c" + i;
            p.Value = constants[i].Value ?? DBNull.Value;
            parameters.Add(p);
            names.Add(Column(constants[i].Column));
            values.Add(p.ParameterName);
        }
        var statement = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", names)})\n"
            + $"SELECT {string.Join(", ", values)} FROM ({select.CommandText.Trim().TrimEnd(';')}) AS s";
        return new SetBasedStatement(statement, parameters);
    }

    /// <summary>A constant column for <see cref="InsertFromAsync{TEntity,TKey}"/>: <c>Set&lt;Row&gt;(r =&gt; r.ReadAt, now)</c>.</summary>
    public static (LambdaExpression Column, object? Value) Set<TEntity>(Expression<Func<TEntity, object?>> column, object? value) =>
        (Unwrap(column), value);

    /// <summary>Drops the boxing conversion C# adds around a value-typed property in an object-typed lambda.</summary>
    private static LambdaExpression Unwrap(LambdaExpression column) =>
        column.Body is UnaryExpression { NodeType: ExpressionType.Convert, Operand: MemberExpression member }
            ? Expression.Lambda(member, column.Parameters)
            : column;
}

/// <summary>A set-based INSERT ... SELECT and its parameters (provider parameter objects).</summary>
public sealed record SetBasedStatement(string Sql, IReadOnlyList<object> Parameters);
