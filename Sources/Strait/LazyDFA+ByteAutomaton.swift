import StraitAutomata

/// The derivative DFA of a compiled grammar, seen as a ``ByteAutomaton``.
public struct LazyByteAutomaton: ByteAutomaton {
  /// The lazily built DFA.
  public let dfa: LazyDFA

  public init(_ dfa: LazyDFA) { self.dfa = dfa }

  @inlinable public var startState: UInt32 { dfa.start.rawValue }

  @inlinable
  public func nextState(_ state: UInt32, _ byte: UInt8) throws(StraitError) -> UInt32 {
    do {
      return try dfa.next(DFAState(rawValue: state), byte).rawValue
    } catch {
      throw StraitError(error)
    }
  }

  @inlinable public func isAccepting(_ state: UInt32) -> Bool { dfa.isAccepting(DFAState(rawValue: state)) }
  @inlinable public func isDead(_ state: UInt32) -> Bool { state == LazyDFA.dead.rawValue }
  public var stateCount: Int { dfa.stateCount }
}

extension StraitError {
  /// Maps a DFA construction error onto the runtime's error.
  @usableFromInline
  init(_ error: DFAError) {
    switch error {
    case .stateBudgetExceeded(let n): self = .stateBudgetExceeded(states: n)
    case .livenessSearchExceeded: self = .compile(error.description)
    }
  }
}
