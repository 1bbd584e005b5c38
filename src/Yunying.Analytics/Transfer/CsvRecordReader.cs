using System.Text;

namespace Yunying.Analytics.Transfer;

/// <summary>
/// RFC 4180 records: comma-separated, fields optionally in double quotes (<c>""</c> for a quote), and a quoted
/// field may span lines. Tracks the physical line each record starts on, for error messages.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private long _line;

    /// <summary>The next record and the line it starts on; null at the end. A quote left open at the end is an error.</summary>
    public async Task<(List<string>? Fields, long Line, string? Error)> ReadAsync(CancellationToken cancellationToken)
    {
        var text = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return (null, _line, null);
        }

        var start = ++_line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (true)
        {
            if (i >= text.Length)
            {
                if (!quoted)
                {
                    fields.Add(field.ToString());
                    return (fields, start, null);
                }

                // A quoted field goes on over the line break.
                text = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (text is null)
                {
                    return ([], start, "a quoted field is not closed");
                }

                _line++;
                field.Append('\n');
                i = 0;
                continue;
            }

            var c = text[i++];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i < text.Length && text[i] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
    }
}
