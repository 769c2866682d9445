/// A state of a ``LazyDFA``: a small integer, meaningful only with the DFA that made it.
///
/// State 0 is always the dead state (``LazyDFA/dead``): its language is empty and every
/// transition from it leads back to it.
@frozen
public struct DFAState: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The state number (0 is dead; numbers are dense, in creation order).
  public let rawValue: UInt32

  /// Wraps a state number previously read from ``rawValue`` of the same DFA.
  @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

  public static func < (a: DFAState, b: DFAState) -> Bool { a.rawValue < b.rawValue }

  public var description: String { "s\(rawValue)" }
}

/// Why a DFA operation stopped.
public enum DFAError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The DFA would need more states than its budget (`states` is the budget).
  case stateBudgetExceeded(states: Int)
  /// Deciding whether a state's language is empty needed to visit more than `terms` terms.
  case livenessSearchExceeded(terms: Int)

  public var description: String {
    switch self {
    case .stateBudgetExceeded(let n):
      return "the automaton needs more than \(n) states (the state budget); simplify the "
        + "pattern or schema, or raise the budget"
    case .livenessSearchExceeded(let n):
      return "deciding whether a state can still accept visited more than \(n) terms; the "
        + "intersection/complement in this pattern or schema is too complex"
    }
  }
}
