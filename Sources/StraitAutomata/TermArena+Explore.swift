/// The derivative automaton of a term, fully built: what ``TermStore/explore(_:stateLimit:)``
/// returns.
package struct ExploredAutomaton: Sendable {
  /// The byte class of each byte (as ``LazyDFA``'s classes: bytes of one class have the same
  /// transitions from every state).
  package var classOf: [UInt8]
  /// The number of byte classes.
  package var classCount: Int
  /// `transitions[state * classCount + class]`: the target state, or -1 for ∅.
  package var transitions: [Int32]
  /// Whether each state accepts. State 0 is the start.
  package var accepting: [Bool]

  /// The number of states.
  package var stateCount: Int { accepting.count }
}

extension TermArena {
  /// See ``TermStore/explore(_:stateLimit:)``.
  mutating func explore(_ root: Term, stateLimit: Int) -> ExploredAutomaton? {
    let (classOf, classCount) = byteClasses(of: root)
    var reps = [UInt8](repeating: 0, count: classCount)
    for b in (0..<256).reversed() { reps[Int(classOf[b])] = UInt8(b) }
    var stateOf = U64Table()
    stateOf[UInt64(root.id)] = 0
    var states: [Term] = [root]
    var transitions: [Int32] = []
    var accepting: [Bool] = []
    var classParts = ClassPartitioner()
    var k = 0
    while k < states.count {
      let s = states[k]
      k += 1
      accepting.append(isNullable(s))
      var row = [Int32](repeating: -1, count: classCount)
      // Classes that agree on every byte set at the first positions of `s` have the same
      // derivative (see `LazyDFA`): one derivative per part of that partition.
      let sets = firstPositionSets(of: s).map { ($0, byteSet(of: $0)) }
      let parts = classParts.parts(of: sets, representatives: reps)
      for p in parts {
        let members = p.members
        let d = derivative(s, reps[Int(members[0])])
        if d == Self.emptyTerm { continue }
        let target: UInt32
        if let known = stateOf[UInt64(d.id)] {
          target = known
        } else {
          if states.count >= stateLimit { return nil }
          target = UInt32(states.count)
          stateOf[UInt64(d.id)] = target
          states.append(d)
        }
        for c in members { row[Int(c)] = Int32(target) }
      }
      transitions.append(contentsOf: row)
    }
    return ExploredAutomaton(
      classOf: classOf, classCount: classCount, transitions: transitions, accepting: accepting)
  }
}
