/// The typed value of a scalar after YAML 1.1 implicit resolution.
///
/// Only the types PyYAML's `safe_load` produces for ordinary configuration
/// values are modelled. Timestamps (`2024-01-01`), merge keys (`<<`) and the
/// value key (`=`) stay `.string`, so callers see the raw text instead of a
/// silently different type.
public enum ResolvedScalar: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int)
  case float(Double)
  case string(String)
}
