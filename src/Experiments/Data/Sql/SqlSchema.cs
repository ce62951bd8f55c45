using System.Data.Common;
using System.Numerics;

namespace MarketLab.Experiments.Data.Sql;

/// <summary>
/// The columns of a relation with their types, read with a zero-row query before any statistic is computed, so a
/// missing column or a text metric column is reported by name instead of failing inside the engine.
/// </summary>
public sealed class SqlSchema
{
    private readonly Dictionary<string, (Type Type, string DbType)> _columns;

    private SqlSchema(string where, List<(string Name, Type Type, string DbType)> columns)
    {
        Where = where;
        Columns = columns.Select(c => c.Name).ToList();
        _columns = new Dictionary<string, (Type, string)>(StringComparer.Ordinal);
        foreach (var c in columns) _columns.TryAdd(c.Name, (c.Type, c.DbType));
    }

    /// <summary>The relation and source, for messages.</summary>
    public string Where { get; }

    public IReadOnlyList<string> Columns { get; }

    public static async Task<SqlSchema> LoadAsync(DbConnection connection, SqlSource source, SqlRelation relation, CancellationToken cancellationToken)
    {
        string where = $"{relation.Describe()} of {source.Describe()}";
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {relation.FromItem(source.Dialect)} LIMIT 0";
        try
        {
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var columns = new List<(string, Type, string)>();
            for (int i = 0; i < reader.FieldCount; i++)
                columns.Add((reader.GetName(i), reader.GetFieldType(i), reader.GetDataTypeName(i)));
            return new SqlSchema(where, columns);
        }
        catch (DbException e) when (relation.Table is not null)
        {
            string tables = await SqlCatalog.ListTablesAsync(connection, cancellationToken).ConfigureAwait(false);
            throw new SqlSourceException($"{where}: the table does not exist or cannot be read ({FirstLine(e.Message)}); tables: {tables}", e);
        }
        catch (DbException e)
        {
            throw new SqlSourceException($"{where}: the query failed: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>The column's engine type name; the error names the column, its role and the columns present.</summary>
    public string Require(string column, string role)
    {
        if (_columns.TryGetValue(column, out var info)) return info.DbType;
        string? near = Columns.FirstOrDefault(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase));
        string hint = near is null ? "" : $" (did you mean '{near}'? names are case-sensitive)";
        throw new SqlSourceException($"{Where}: column '{column}' ({role}) does not exist{hint}; columns: {string.Join(", ", Columns)}");
    }

    /// <summary>Like <see cref="Require"/>, and the column must hold numbers (integers, decimals or floats).</summary>
    public void RequireNumeric(string column, string role)
    {
        string dbType = Require(column, role);
        Type type = _columns[column].Type;
        if (!IsNumeric(type))
            throw new SqlSourceException($"{Where}: column '{column}' ({role}) has type {dbType.ToUpperInvariant()}, not a number; a metric column must be numeric (cast or parse it in --query)");
    }

    internal static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static bool IsNumeric(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(decimal) || type == typeof(long) || type == typeof(int)
        || type == typeof(short) || type == typeof(sbyte) || type == typeof(byte) || type == typeof(ushort) || type == typeof(uint)
        || type == typeof(ulong) || type == typeof(BigInteger) || type == typeof(Int128) || type == typeof(UInt128);
}
