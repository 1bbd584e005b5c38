using Yunying.Events.Reading;

namespace Yunying.Analytics.People;

/// <summary>Builds (and caches) the <see cref="PersonMap"/> of a snapshot.</summary>
public interface IPersonResolver
{
    /// <summary>The person map of <paramref name="snapshot"/>; repeated calls with the same snapshot are cheap.</summary>
    PersonMap Resolve(ProjectSnapshot snapshot);
}
