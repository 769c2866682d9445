/// The syntax tree of an ECMA-262 regular expression, reduced to what decides its language.
///
/// Character classes, escapes and `.` become ``charSet(_:)``; capture-group kinds and lazy
/// quantifiers disappear (they change which match is reported, not whether one exists).
public indirect enum RegexNode: Hashable, Sendable {
  /// The empty string (an empty pattern, branch or group).
  case empty
  /// One code point of the set.
  case charSet(CodePointSet)
  /// The parts in order.
  case concat([RegexNode])
  /// Any one of the branches.
  case alternation([RegexNode])
  /// `min` to `max` repetitions (`max == nil`: unbounded).
  case `repeat`(RegexNode, min: Int, max: Int?)
  /// A parenthesised group (capturing, non-capturing or named).
  case group(RegexNode)
  /// `^`: the start of the input (no multiline flag in JSON Schema).
  case startAnchor
  /// `$`: the end of the input.
  case endAnchor

  /// Whether the node contains `^` or `$`.
  public var containsAnchor: Bool {
    switch self {
    case .empty, .charSet: return false
    case .startAnchor, .endAnchor: return true
    case .concat(let ns), .alternation(let ns): return ns.contains { $0.containsAnchor }
    case .repeat(let n, _, _), .group(let n): return n.containsAnchor
    }
  }
}
