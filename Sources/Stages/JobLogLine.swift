/// A line of a Ray job's log: one of the runtime's events, or anything else the job printed.
///
/// The runtime (`synapse_sdk.plugins.job_entry`) writes each event as `::synapse-event::`
/// followed by its JSON. The marker may come after other text on the same line: output the
/// plugin printed without a newline, or the `(task pid=…)` prefix Ray gives lines it
/// forwards from a task.
public enum JobLogLine: Sendable, Equatable {
  case event(ActionEvent, json: String)
  /// Output of the job, with the text before a marker when there was one.
  case output(String)

  public static let marker = "::synapse-event::"

  /// A line may hold output and an event; both are returned, output first.
  public static func parse(_ line: String) -> [JobLogLine] {
    guard let range = line.firstRange(of: marker) else { return [.output(line)] }
    let before = String(line[..<range.lowerBound])
    let json = String(line[range.upperBound...])
    guard let event = ActionEvent.parse(json) else { return [.output(line)] }
    return (before.isEmpty ? [] : [.output(before)]) + [.event(event, json: json)]
  }
}
