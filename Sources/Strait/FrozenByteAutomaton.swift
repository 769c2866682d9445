/// A fully explored byte DFA in flat arrays: the eager form of a grammar's DFA, and
/// the form a saved automaton is loaded into.
///
/// State 0 is the dead state. Transitions are stored per byte class, so the table has
/// `stateCount × classCount` entries.
public struct FrozenByteAutomaton: ByteAutomaton {
  /// Byte → byte class.
  @usableFromInline let classMap: [UInt8]
  /// Number of byte classes.
  @usableFromInline let classCount: Int
  /// `table[state * classCount + class]` = next state.
  @usableFromInline let table: [UInt32]
  /// Whether each state accepts.
  @usableFromInline let accepting: [Bool]
  public let startState: UInt32

  init(classMap: [UInt8], classCount: Int, table: [UInt32], accepting: [Bool], startState: UInt32) {
    self.classMap = classMap
    self.classCount = classCount
    self.table = table
    self.accepting = accepting
    self.startState = startState
  }

  /// Explores every state reachable from the start of `lazy` (breadth first).
  ///
  /// - Throws: ``StraitError/stateBudgetExceeded(states:)`` when the DFA has more
  ///   states than its budget.
  /// - Complexity: O(states × byte classes) transitions.
  public init(exploring lazy: LazyByteAutomaton) throws(StraitError) {
    let dfa = lazy.dfa
    let reps = dfa.classRepresentatives
    let classes = reps.count
    var map = [UInt8](repeating: 0, count: 256)
    for b in 0..<256 { map[b] = dfa.byteClass(of: UInt8(b)) }
    var rows: [UInt32: [UInt32]] = [:]
    var queue: [UInt32] = [0, lazy.startState]
    var seen: Set<UInt32> = [0, lazy.startState]
    var head = 0
    while head < queue.count {
      let s = queue[head]
      head += 1
      var row = [UInt32](repeating: 0, count: classes)
      if s != 0 {
        for c in 0..<classes {
          let t = try lazy.nextState(s, reps[c])
          row[c] = t
          if seen.insert(t).inserted { queue.append(t) }
        }
      }
      rows[s] = row
    }
    // Lazy state ids are dense and start at 0, but exploration may have created states
    // that are unreachable from the start (none in practice); size the table to cover all.
    let count = Int((seen.max() ?? 0) + 1)
    var table = [UInt32](repeating: 0, count: count * classes)
    var accepting = [Bool](repeating: false, count: count)
    for (s, row) in rows {
      let base = Int(s) * classes
      for c in 0..<classes { table[base + c] = row[c] }
      accepting[Int(s)] = lazy.isAccepting(s)
    }
    self.init(classMap: map, classCount: classes, table: table, accepting: accepting, startState: lazy.startState)
  }

  @inlinable
  public func nextState(_ state: UInt32, _ byte: UInt8) throws(StraitError) -> UInt32 {
    table.withUnsafeBufferPointer { t in
      t[Int(state) &* classCount &+ Int(classMap.withUnsafeBufferPointer { $0[Int(byte)] })]
    }
  }

  /// The byte class of `byte` (bytes of one class have the same transitions everywhere).
  @inlinable public func byteClass(of byte: UInt8) -> Int { Int(classMap[Int(byte)]) }

  @inlinable public func isAccepting(_ state: UInt32) -> Bool { accepting[Int(state)] }
  @inlinable public func isDead(_ state: UInt32) -> Bool { state == 0 }
  public var stateCount: Int { accepting.count }

  /// All states other than the dead one.
  var liveStates: Range<UInt32> { 1..<UInt32(accepting.count) }
}
