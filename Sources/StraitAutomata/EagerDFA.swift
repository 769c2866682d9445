/// A DFA with every reachable state computed, as a dense transition table.
///
/// Made by ``LazyDFA/explore(maxStates:)`` and reduced by ``minimized()`` (Hopcroft). State 0
/// is the dead state, as in ``LazyDFA``; states are numbered in breadth-first order from the
/// start state, so two minimal DFAs of the same language over the same byte classes are
/// equal as values.
///
/// - Complexity: ``next(_:_:)`` is O(1); the table takes `stateCount × classCount` words.
public struct EagerDFA: Hashable, Sendable {
  /// The number of states (including the dead state 0).
  public let stateCount: Int
  /// The number of byte classes.
  public let classCount: Int
  /// The class of each byte (256 entries).
  public let classMap: [UInt8]
  /// `transitions[state * classCount + class]` is the next state.
  public let transitions: [UInt32]
  /// Whether each state accepts.
  public let accepting: [Bool]
  /// The start state (0 when the language is empty).
  public let start: UInt32

  /// The dead state.
  public static let dead: UInt32 = 0

  /// Wraps a dense table (as made by ``LazyDFA/explore(maxStates:)``).
  ///
  /// - Parameters:
  ///   - classMap: the class of each of the 256 bytes.
  ///   - classCount: the number of classes.
  ///   - transitions: `stateCount × classCount` next states, row by row; state 0 must be
  ///     dead (non-accepting, all transitions to 0).
  ///   - accepting: whether each state accepts (its count is the state count).
  ///   - start: the start state.
  public init(
    classMap: [UInt8], classCount: Int, transitions: [UInt32], accepting: [Bool], start: UInt32
  ) {
    precondition(classMap.count == 256 && transitions.count == accepting.count * classCount)
    self.classMap = classMap
    self.classCount = classCount
    self.transitions = transitions
    self.accepting = accepting
    self.stateCount = accepting.count
    self.start = start
  }

  /// The state after `byte` in `state`.
  @inlinable
  public func next(_ state: UInt32, _ byte: UInt8) -> UInt32 {
    transitions[Int(state) * classCount + Int(classMap[Int(byte)])]
  }

  /// Whether the whole of `bytes` is accepted.
  ///
  /// - Complexity: O(n) for n bytes.
  public func matches(_ bytes: some Sequence<UInt8>) -> Bool {
    var s = start
    for b in bytes {
      s = next(s, b)
      if s == Self.dead { return false }
    }
    return accepting[Int(s)]
  }

  /// Whether both DFAs accept the same byte strings (classes may differ).
  ///
  /// - Complexity: O(n·m·c) in the worst case for n and m states and c distinct pairs of
  ///   classes; usually the size of the reachable product.
  public func isEquivalent(to other: EagerDFA) -> Bool {
    // One representative byte per pair of classes.
    var reps: [UInt8] = []
    var seenPairs = Set<Int>()
    for b in 0..<256 where seenPairs.insert(Int(classMap[b]) << 8 | Int(other.classMap[b])).inserted {
      reps.append(UInt8(b))
    }
    var seen: Set<UInt64> = []
    var stack: [(UInt32, UInt32)] = [(start, other.start)]
    seen.insert(UInt64(start) << 32 | UInt64(other.start))
    while let (a, b) = stack.popLast() {
      if accepting[Int(a)] != other.accepting[Int(b)] { return false }
      for r in reps {
        let na = next(a, r)
        let nb = other.next(b, r)
        if seen.insert(UInt64(na) << 32 | UInt64(nb)).inserted { stack.append((na, nb)) }
      }
    }
    return true
  }
}

extension LazyDFA {
  /// Computes every state reachable from the start state (breadth-first).
  ///
  /// - Parameter maxStates: stop with an error past this many states (default: the budget).
  /// - Returns: the dense DFA, numbered in breadth-first order (dead = 0).
  /// - Throws: ``DFAError/stateBudgetExceeded(states:)`` when the reachable part is larger
  ///   than `maxStates` or the budget; ``DFAError/livenessSearchExceeded(terms:)``.
  /// - Complexity: O(states × classes) transitions, each computed once.
  public func explore(maxStates: Int? = nil) throws(DFAError) -> EagerDFA {
    let limit = min(maxStates ?? stateBudget, stateBudget)
    var number: [DFAState: UInt32] = [Self.dead: 0]
    var order: [DFAState] = [Self.dead]
    if start != Self.dead {
      number[start] = 1
      order.append(start)
    }
    var transitions: [UInt32] = []
    var head = 0
    while head < order.count {
      let s = order[head]
      head += 1
      for c in 0..<byteClassCount {
        let t = try next(s, representatives[c])
        if let n = number[t] {
          transitions.append(n)
        } else {
          guard order.count < limit else { throw .stateBudgetExceeded(states: limit) }
          number[t] = UInt32(order.count)
          transitions.append(UInt32(order.count))
          order.append(t)
        }
      }
    }
    return EagerDFA(
      classMap: (0..<256).map { classMap[$0] }, classCount: byteClassCount,
      transitions: transitions, accepting: order.map { isAccepting($0) },
      start: start == Self.dead ? 0 : 1)
  }
}
