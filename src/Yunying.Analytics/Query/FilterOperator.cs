namespace Yunying.Analytics.Query;

/// <summary>The comparison of a <see cref="PropertyFilter"/>, parsed from its operator name.</summary>
public enum FilterOperator
{
    Exact,
    IsNot,
    IContains,
    NotIContains,
    Regex,
    NotRegex,
    Gt,
    Gte,
    Lt,
    Lte,
    Between,
    NotBetween,
    IsSet,
    IsNotSet,
    In,
    NotIn,
}
