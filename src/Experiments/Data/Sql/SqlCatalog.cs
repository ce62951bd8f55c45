using System.Data.Common;

namespace MarketLab.Experiments.Data.Sql;

/// <summary>Lists a source's tables from information_schema (both engines have it), for error messages.</summary>
internal static class SqlCatalog
{
    public static async Task<string> ListTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = "SELECT table_schema, table_name FROM information_schema.tables "
                + "WHERE table_schema NOT IN ('information_schema', 'pg_catalog') ORDER BY table_schema, table_name";
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var names = new List<string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && names.Count < 50)
            {
                string schema = reader.GetString(0), name = reader.GetString(1);
                names.Add(schema is "main" or "public" or "temp" ? name : $"{schema}.{name}");
            }
            return names.Count == 0 ? "(none)" : string.Join(", ", names);
        }
        catch (DbException)
        {
            return "(could not be listed)";
        }
    }
}
