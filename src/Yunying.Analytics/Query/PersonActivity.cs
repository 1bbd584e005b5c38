using System.Numerics;
using System.Runtime.CompilerServices;
using Yunying.Core.Results;

namespace Yunying.Analytics.Query;

/// <summary>
/// Which persons were active in which (group, bucket), counted exactly: "group" is whatever an analysis
/// splits by (period × breakdown slot for trends), "bucket" a time bucket. Workers mark from many threads
/// through their own <see cref="Marker"/>; afterwards the analysis counts distinct persons per bucket and
/// per group, or visits each active (group, person) with its buckets in order (rolling windows,
/// stickiness, lifecycle…).
/// <para>With at most 64 buckets and a modest person space, each (group, person) is one 64-bit mask in a
/// shared array (set with an atomic OR only when a bit is new): one cache line per run of a person's rows,
/// and counting is one pass over the masks. Otherwise each worker emits (group, person, bucket) as packed
/// 64-bit keys, deduplicated against the previous key (segments are sorted by distinct id and time, so runs
/// are long), and the keys are radix-sorted once; memory then grows with the rows, not the cells.</para>
/// </summary>
public sealed class PersonActivity
{
    /// <summary>Largest mask array (in 64-bit words) before falling back to sorted keys: 128 MB.</summary>
    private const long MaxMaskWords = 16L << 20;

    private readonly ulong[]? _masks;
    private readonly List<List<long>> _keyLists = [];
    private readonly Lock _gate = new();
    private readonly int _personBits;
    private readonly int _bucketBits;
    private long[]? _sorted;

    private PersonActivity(int groups, int buckets, int personSpace, bool masks, int personBits, int bucketBits)
    {
        Groups = groups;
        Buckets = buckets;
        PersonSpace = personSpace;
        _personBits = personBits;
        _bucketBits = bucketBits;
        if (masks)
        {
            _masks = new ulong[(long)groups * personSpace];
        }
    }

    public int Groups { get; }

    public int Buckets { get; }

    public int PersonSpace { get; }

    /// <summary>Whether the 64-bit-mask layout is in use (else sorted keys).</summary>
    public bool UsesMasks => _masks is not null;

    /// <summary>Prepares for <paramref name="groups"/> × <paramref name="buckets"/> cells over <paramref name="personSpace"/> persons.</summary>
    public static Result<PersonActivity> Create(int groups, int buckets, int personSpace)
    {
        var personBits = RadixSort.BitsFor(personSpace);
        var bucketBits = RadixSort.BitsFor(buckets);
        var useMasks = buckets <= 64 && (long)groups * personSpace <= MaxMaskWords;
        if (!useMasks && RadixSort.BitsFor(groups) + personBits + bucketBits > 62)
        {
            return QueryErrors.TooLarge("Too many buckets × groups × persons to count exactly; narrow the range, the interval or the breakdown limit.");
        }

        return new PersonActivity(groups, buckets, personSpace, useMasks, personBits, bucketBits);
    }

    /// <summary>A marker for one worker thread (not thread-safe itself; make one per worker).</summary>
    public Marker CreateMarker()
    {
        List<long>? keys = null;
        if (_masks is null)
        {
            keys = [];
            lock (_gate)
            {
                _keyLists.Add(keys);
            }
        }

        return new Marker(this, keys);
    }

    /// <summary>Distinct persons per cell into <paramref name="perCell"/> (<c>group * width + bucket</c>) and per group over all buckets into <paramref name="perGroup"/>.</summary>
    public void CountDistinct(Span<double> perCell, int width, Span<double> perGroup)
    {
        if (_masks is { } masks)
        {
            Span<long> counts = stackalloc long[64];
            for (var g = 0; g < Groups; g++)
            {
                var row = masks.AsSpan(g * PersonSpace, PersonSpace);
                long persons = 0;
                counts.Clear();
                foreach (var mask in row)
                {
                    if (mask == 0)
                    {
                        continue;
                    }

                    persons++;
                    var bits = mask;
                    while (bits != 0)
                    {
                        counts[BitOperations.TrailingZeroCount(bits)]++;
                        bits &= bits - 1;
                    }
                }

                perGroup[g] = persons;
                for (var b = 0; b < Buckets; b++)
                {
                    perCell[(g * width) + b] = counts[b];
                }
            }

            return;
        }

        var keys = Sorted();
        var bucketMask = (1L << _bucketBits) - 1;
        var previous = -1L;
        var previousGroupPerson = -1L;
        foreach (var key in keys)
        {
            if (key == previous)
            {
                continue;
            }

            previous = key;
            var groupPerson = key >> _bucketBits;
            var group = (int)(groupPerson >> _personBits);
            perCell[(group * width) + (int)(key & bucketMask)]++;
            if (groupPerson != previousGroupPerson)
            {
                perGroup[group]++;
                previousGroupPerson = groupPerson;
            }
        }
    }

    /// <summary>Calls <paramref name="visit"/> once per active (group, person) with the person's buckets ascending, groups ascending.</summary>
    public void VisitPersons(PersonVisitor visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        Span<int> buckets = stackalloc int[64];
        if (_masks is { } masks)
        {
            for (var g = 0; g < Groups; g++)
            {
                for (var p = 0; p < PersonSpace; p++)
                {
                    var bits = masks[((long)g * PersonSpace) + p];
                    if (bits == 0)
                    {
                        continue;
                    }

                    var n = 0;
                    while (bits != 0)
                    {
                        buckets[n++] = BitOperations.TrailingZeroCount(bits);
                        bits &= bits - 1;
                    }

                    visit(g, p, buckets[..n]);
                }
            }

            return;
        }

        var keys = Sorted();
        var bucketMask = (1L << _bucketBits) - 1;
        var personMask = (1L << _personBits) - 1;
        var list = new List<int>();
        var i = 0;
        while (i < keys.Length)
        {
            var groupPerson = keys[i] >> _bucketBits;
            list.Clear();
            for (; i < keys.Length && keys[i] >> _bucketBits == groupPerson; i++)
            {
                var bucket = (int)(keys[i] & bucketMask);
                if (list.Count == 0 || list[^1] != bucket)
                {
                    list.Add(bucket);
                }
            }

            visit((int)(groupPerson >> _personBits), (int)(groupPerson & personMask), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        }
    }

    private long[] Sorted()
    {
        if (_sorted is not null)
        {
            return _sorted;
        }

        var total = 0;
        foreach (var list in _keyLists)
        {
            total += list.Count;
        }

        var keys = new long[total];
        var at = 0;
        foreach (var list in _keyLists)
        {
            list.CopyTo(keys, at);
            at += list.Count;
        }

        RadixSort.Sort(keys, new long[keys.Length], RadixSort.BitsFor(Groups) + _personBits + _bucketBits);
        _sorted = keys;
        return keys;
    }

    /// <summary>Marks for one worker: remembers its last mark so a run of the same (group, person, bucket) costs one comparison.</summary>
    public sealed class Marker
    {
        private readonly PersonActivity _owner;
        private readonly List<long>? _keys;
        private readonly ulong[]? _masks;
        private long _last = -1;

        internal Marker(PersonActivity owner, List<long>? keys)
        {
            _owner = owner;
            _keys = keys;
            _masks = owner._masks;
        }

        /// <summary>Records that <paramref name="person"/> was active in (<paramref name="group"/>, <paramref name="bucket"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Mark(int group, int person, int bucket)
        {
            if (_masks is { } masks)
            {
                var index = ((long)group * _owner.PersonSpace) + person;
                var bit = 1UL << bucket;
                var key = (index << 6) | (long)bucket;
                if (key == _last)
                {
                    return;
                }

                _last = key;
                ref var word = ref masks[index];
                if ((Volatile.Read(ref word) & bit) == 0)
                {
                    Interlocked.Or(ref word, bit);
                }

                return;
            }

            var packed = ((((long)group << _owner._personBits) | (long)person) << _owner._bucketBits) | (long)bucket;
            if (packed != _last)
            {
                _keys!.Add(packed);
                _last = packed;
            }
        }
    }
}

/// <summary>Receives one active (group, person) and the buckets the person was active in, ascending.</summary>
public delegate void PersonVisitor(int group, int person, ReadOnlySpan<int> buckets);
