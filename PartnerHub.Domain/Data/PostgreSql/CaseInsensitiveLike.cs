using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PartnerHub.Domain.Data.PostgreSql;

/// <summary>
/// PostgreSQL's <c>LIKE</c> respects case, SQLite's (for ASCII) and SQL Server's (its default collation) do not. The features
/// write <c>EF.Functions.Like(column, pattern, "\\")</c> once for every engine; on PostgreSQL this rewrites each such call to
/// Npgsql's <c>EF.Functions.ILike</c> before translation, so a search box finds "Acme" when a user types "acme" here too.
/// </summary>
public sealed class CaseInsensitiveLike : ExpressionVisitor, IQueryExpressionInterceptor
{
    public static readonly CaseInsensitiveLike Instance = new();

    private static readonly MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
        [typeof(DbFunctions), typeof(string), typeof(string)])!;
    private static readonly MethodInfo LikeEscaped = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;
    private static readonly MethodInfo ILike = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.ILike),
        [typeof(DbFunctions), typeof(string), typeof(string)])!;
    private static readonly MethodInfo ILikeEscaped = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.ILike),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData) => Visit(queryExpression);

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        var visited = (MethodCallExpression)base.VisitMethodCall(node);
        if (visited.Method == Like) return Expression.Call(ILike, visited.Arguments);
        if (visited.Method == LikeEscaped) return Expression.Call(ILikeEscaped, visited.Arguments);
        return visited;
    }
}
