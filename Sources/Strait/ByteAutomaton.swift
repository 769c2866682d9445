/// A byte-level deterministic automaton, as the token runtime sees it.
///
/// Two kinds implement it: the lazily built derivative DFA of a compiled grammar
/// (states created on first visit) and a frozen transition table (an eagerly explored
/// DFA, or one loaded from a saved automaton file).
public protocol ByteAutomaton: Sendable {
  /// The initial state.
  var startState: UInt32 { get }
  /// The state after reading `byte` in `state`.
  ///
  /// - Throws: ``StraitError/stateBudgetExceeded(states:)`` when a lazy DFA would grow
  ///   past its budget.
  func nextState(_ state: UInt32, _ byte: UInt8) throws(StraitError) -> UInt32
  /// Whether `state` accepts (the document may end here).
  func isAccepting(_ state: UInt32) -> Bool
  /// Whether no continuation from `state` can ever be accepted.
  func isDead(_ state: UInt32) -> Bool
  /// States created so far.
  var stateCount: Int { get }
}

extension ByteAutomaton {
  /// Runs `bytes` from `state`; nil as soon as the automaton is dead.
  @inlinable
  func run(_ bytes: UnsafeBufferPointer<UInt8>, from state: UInt32) throws(StraitError) -> UInt32? {
    var s = state
    for b in bytes {
      s = try nextState(s, b)
      if isDead(s) { return nil }
    }
    return s
  }
}
