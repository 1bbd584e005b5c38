using Yunying.Analytics.Transfer;
using Yunying.Core.Results;

namespace Yunying.Analytics.Cohorts;

/// <summary>
/// Reads the distinct ids of a static cohort from CSV: the column headed <c>distinct_id</c> (or
/// <c>user_id</c>, <c>id</c>) when the first row is such a header, otherwise the first column of every row.
/// Blank cells are skipped.
/// </summary>
public static class CohortCsv
{
    private static readonly string[] IdHeaders = ["distinct_id", "distinctid", "user_id", "userid", "id"];

    public static async Task<Result<IReadOnlyList<string>>> ReadDistinctIdsAsync(TextReader reader, CancellationToken cancellationToken)
    {
        var records = new CsvRecordReader(reader);
        var ids = new List<string>();
        var column = 0;
        var first = true;
        while (true)
        {
            var (fields, line, error) = await records.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return Error.Validation("cohort.csv_invalid", $"line {line}: {error}", "csv");
            }

            if (fields is null)
            {
                return ids;
            }

            if (first)
            {
                first = false;
                var header = fields.FindIndex(f => IdHeaders.Contains(f.Trim().ToLowerInvariant()));
                if (header >= 0)
                {
                    column = header;
                    continue;
                }
            }

            if (column < fields.Count && fields[column].Trim() is { Length: > 0 } id)
            {
                ids.Add(id);
            }
        }
    }
}
