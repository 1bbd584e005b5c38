using System.Buffers.Binary;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query;

/// <summary>
/// One page of persons out of a set of person ordinals, ordered as their ids' text sorts (so pages are stable
/// from one snapshot to the next); what every analysis's <c>people</c> option answers with.
/// </summary>
internal static class PersonPage
{
    /// <summary>Largest page a <c>people</c> option may ask for.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>The <c>limit</c> and <c>offset</c> checks every <c>people</c> option shares.</summary>
    public static Error? Check(int limit, int offset)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return QueryErrors.Invalid("people.limit", $"people.limit is between 1 and {MaxLimit}.");
        }

        return offset < 0 ? QueryErrors.Invalid("people.offset", "people.offset is 0 or more.") : null;
    }

    /// <summary>Counts the distinct <paramref name="persons"/> and takes one page of their ids.</summary>
    public static (long Total, Guid[] Page) Take(IEnumerable<int> persons, QueryContext context, int offset, int limit)
    {
        var ids = context.Persons.PersonIds;
        var seen = new HashSet<int>();
        var keys = new List<UInt128>();
        var found = new List<Guid>();
        Span<byte> bytes = stackalloc byte[16];
        foreach (var person in persons)
        {
            if (!seen.Add(person) || person >= ids.Count)
            {
                continue;
            }

            var id = ids[person];
            id.TryWriteBytes(bytes, bigEndian: true, out _);
            keys.Add(BinaryPrimitives.ReadUInt128BigEndian(bytes));
            found.Add(id);
        }

        var keyArray = keys.ToArray();
        var idArray = found.ToArray();
        Array.Sort(keyArray, idArray);
        return (seen.Count, [.. idArray.Skip(offset).Take(limit)]);
    }
}
