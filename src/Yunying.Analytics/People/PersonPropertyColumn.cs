using Yunying.Events.Reading;

namespace Yunying.Analytics.People;

/// <summary>
/// One person property's current value for every person of a <see cref="PersonMap"/>, indexed by person
/// ordinal. <see cref="Kinds"/> says which array holds the value: <see cref="Strings"/> for strings and for
/// nested arrays and objects (as JSON text), <see cref="Numbers"/> for numbers; booleans and null are in the
/// kind alone; <see cref="PropertyValueKind.Missing"/> means the person does not have the property.
/// </summary>
public sealed class PersonPropertyColumn(string key, PropertyValueKind[] kinds, string?[] strings, double[] numbers)
{
    public string Key { get; } = key;

    public ReadOnlySpan<PropertyValueKind> Kinds => kinds;

    public ReadOnlySpan<string?> Strings => strings;

    public ReadOnlySpan<double> Numbers => numbers;
}
