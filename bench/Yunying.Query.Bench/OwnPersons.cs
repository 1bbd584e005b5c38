using System.Reflection;
using Yunying.Analytics.People;
using Yunying.Events.Reading;

namespace Yunying.Query.Bench;

/// <summary>
/// A stand-in person map (every distinct id its own person) for when no resolver is registered. The map's
/// constructor belongs to the identity layer, so the stand-in reaches it by reflection.
/// </summary>
internal static class OwnPersons
{
    public static PersonMap Map(ProjectSnapshot snapshot)
    {
        var count = snapshot.DistinctIds.Count;
        var map = new int[count];
        for (var i = 0; i < count; i++)
        {
            map[i] = i;
        }

        Func<string, PersonPropertyColumn> load = key => new PersonPropertyColumn(key, new PropertyValueKind[count], new string?[count], new double[count]);
        var constructor = typeof(PersonMap).GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance).Single();
        return (PersonMap)constructor.Invoke([snapshot, map, count, new Guid[count], load]);
    }
}
