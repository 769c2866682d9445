import Synchronization

/// A deterministic automaton over bytes, built on demand from a regular ``Term`` by
/// Brzozowski derivatives.
///
/// Each state stands for one term (its residual language); the transition from a state by
/// a byte is the state of the derivative. States and transitions are computed the first
/// time they are asked for and cached. Bytes are grouped into classes (the coarsest
/// partition of 0...255 that the term's byte sets respect), so a state has one transition
/// per class, not per byte.
///
/// Every state whose language is empty is the single ``dead`` state: liveness is decided
/// exactly (by a search for an accepting derivative, memoised) when a state is first
/// reached, so ``isDead(_:)`` is a comparison and a walk that avoids `dead` can always still
/// reach an accepting state — even through intersections and complements such as `a ∧ ¬a`.
///
/// ```swift
/// let store = TermStore()
/// let dfa = try LazyDFA(store: store, root: try compileRegex("^[0-9]{2}$", mode: .search, store: store))
/// var s = dfa.start
/// for b in "42".utf8 { s = try dfa.next(s, b) }
/// dfa.isAccepting(s)   // true
/// ```
///
/// Thread safety: every method may be called concurrently. Reading a computed transition
/// takes no lock (an acquiring atomic load); computing a new one takes the DFA's build
/// lock and the store's lock.
public final class LazyDFA: @unchecked Sendable {
  /// The dead state: empty language, transitions to itself. Always state 0.
  public static let dead = DFAState(rawValue: 0)

  /// The store owning the terms of the states.
  public let store: TermStore
  /// The term of the start state.
  public let root: Term
  /// The most states this DFA may create (including the dead state).
  public let stateBudget: Int
  /// The start state (``dead`` when the root's language is empty).
  public let start: DFAState
  /// The number of byte classes (1...256).
  public let byteClassCount: Int

  @usableFromInline let classMap: UnsafeMutablePointer<UInt8>
  @usableFromInline let table: StateTable
  let representatives: [UInt8]
  let builder: Mutex<Builder>
  let createdStates = Atomic<Int>(0)
  /// Shortest distances to acceptance found by ``sample(from:using:maxLength:)``.
  let distanceCache = Mutex<[DFAState: Int]>([:])

  /// The build state, behind one reference. Stored inline in the `Mutex` as a larger
  /// struct, release builds of Swift 6.3.1 wrote the `Atomic` declared after it past the
  /// end of the object (valgrind: invalid writes in `init`; the debug build was fine).
  final class Builder {
    /// A struct inside the class: each access to a class's stored property is a dynamic
    /// exclusivity check, while one mutating call on `state` is one check in all.
    var state = BuildState()
  }

  /// Everything the lazy DFA builds under its lock: the states' terms and the per-state
  /// byte partitions.
  struct BuildState {
    var terms: [Term] = []
    /// Term id → state.
    var stateOf = U64Table()
    /// Per state: the part of each byte class in the state's own, coarser partition (see
    /// ``localParts(firstPositionSets:representatives:)``); empty until the state's second
    /// transition is computed (many states of a trie walk get only one).
    var localClasses: [[UInt8]] = []
    /// Per state: whether one transition has been computed.
    var expanded: [Bool] = []
    var classParts = ClassPartitioner()
    /// Partitions already built, by their sorted set term ids: states that differ only in
    /// counters (a length bound, a word count) have the same first-position sets.
    var partitionIndex = U64Table()
    var partitionKeys: [[UInt32]] = []
    var partitions: [[UInt8]] = []
    /// Past this many, new partitions are built per state and not kept.
    static let maxCachedPartitions = 4096

    /// ``localParts(firstPositionSets:representatives:)`` of the sets `setTerms`, memoised.
    mutating func partition(of setTerms: [Term], store: TermStore, representatives reps: [UInt8]) -> [UInt8] {
      var ids = setTerms.map(\.id)
      ids.sort()
      var h = UInt64(ids.count) &* 0x9E37_79B9_7F4A_7C15
      for id in ids { h = (h ^ UInt64(id)) &* 0xFF51_AFD7_ED55_8CCD }
      h &>>= 1  // never UInt64.max, the table's empty key
      if let i = partitionIndex[h], partitionKeys[Int(i)] == ids { return partitions[Int(i)] }
      let sets = store.withArena { a in setTerms.map { ($0, a.byteSet(of: $0)) } }
      let parts = localParts(firstPositionSets: sets, representatives: reps)
      if partitionIndex[h] == nil && partitions.count < Self.maxCachedPartitions {
        partitionIndex[h] = UInt32(partitions.count)
        partitionKeys.append(ids)
        partitions.append(parts)
      }
      return parts
    }

    /// The partition of the byte classes that the derivative of a term respects, from the
    /// byte sets at its first positions (``TermArena/firstPositionSets(of:)``): classes with
    /// the same part have the same derivative, so one derivative fills all their cells.
    /// Each set splits the parts it cuts. Inside a JSON string of a large grammar this is
    /// about a dozen parts out of the grammar's many dozens of classes.
    ///
    /// - Returns: the part of each class, numbered from 0.
    mutating func localParts(firstPositionSets sets: [(Term, ByteSet)], representatives reps: [UInt8]) -> [UInt8] {
      let n = reps.count
      let parts = classParts.parts(of: sets, representatives: reps)
      var partOf = [UInt8](repeating: 0, count: n)
      for (i, p) in parts.enumerated() {
        for c in p.members { partOf[Int(c)] = UInt8(i) }
      }
      return partOf
    }

    mutating func append(_ term: Term) {
      stateOf[UInt64(term.id)] = UInt32(terms.count)
      terms.append(term)
      localClasses.append([])
      expanded.append(false)
    }

    /// The body of ``LazyDFA/computeTransition(_:classIndex:)``, under the build lock.
    mutating func transition(_ s: DFAState, classIndex cls: Int, in dfa: LazyDFA) throws(DFAError) -> UInt32 {
      let table = dfa.table
      let reps = dfa.representatives
      let budget = dfa.stateBudget
      let cell = table.cell(Int(s.rawValue), cls)
      let known = cell.pointee.load(ordering: .acquiring)
      if known != 0 { return known - 1 }  // another thread got here first
      let term = terms[Int(s.rawValue)]
      let rep = reps[cls]
      let state = Int(s.rawValue)
      let knownParts = localClasses[state]
      let wantParts = knownParts.isEmpty && expanded[state]
      expanded[state] = true
      // The byte sets of the state's partition come out of the arena; the partition is
      // built here, under the build lock (the arena closure does not capture `self`).
      let (d, live, accepting, sets) = try dfa.store.withArena {
        (a: inout TermArena) throws(DFAError) -> (Term, Bool, Bool, [Term]) in
        let sets = wantParts ? a.firstPositionSets(of: term) : []
        let d = a.derivative(term, rep)
        guard let live = a.isLive(d, representatives: reps, limit: budget) else {
          throw .livenessSearchExceeded(terms: budget)
        }
        return (d, live, a.isNullable(d), sets)
      }
      var parts = knownParts
      if wantParts {
        parts = partition(of: sets, store: dfa.store, representatives: reps)
        localClasses[state] = parts
      }
      let target: UInt32
      if !live {
        target = 0
      } else if let t = stateOf[UInt64(d.id)] {
        target = t
      } else {
        let n = terms.count
        guard n < budget else { throw .stateBudgetExceeded(states: budget) }
        table.prepare(state: n, accepting: accepting)
        append(d)
        dfa.createdStates.store(n + 1, ordering: .releasing)
        target = UInt32(n)
      }
      // Every class of the same part has the same derivative: fill them all.
      if parts.isEmpty {
        cell.pointee.store(target + 1, ordering: .releasing)
      } else {
        let part = parts[cls]
        for c in parts.indices where parts[c] == part {
          table.cell(state, c).pointee.store(target + 1, ordering: .releasing)
        }
      }
      return target
    }
  }

  /// Creates a lazy DFA for `root`, computing only its byte classes and its start state.
  ///
  /// - Parameters:
  ///   - store: the store that built `root`.
  ///   - root: the language to recognise.
  ///   - stateBudget: the most states to create; reaching it makes ``next(_:_:)`` throw.
  ///     Also bounds each liveness search (in terms visited).
  /// - Throws: ``DFAError/livenessSearchExceeded(terms:)`` when deciding whether the root
  ///   language is empty needs more than `stateBudget` terms.
  /// - Complexity: O(n + 256·s) for n terms reachable in `root` and s distinct byte sets,
  ///   plus the liveness search when `root` contains intersection or complement.
  public init(store: TermStore, root: Term, stateBudget: Int = 100_000) throws(DFAError) {
    precondition(stateBudget >= 2, "a DFA needs room for the dead and start states")
    self.store = store
    self.root = root
    self.stateBudget = stateBudget
    let (classOf, count) = store.withArena { $0.byteClasses(of: root) }
    byteClassCount = count
    classMap = .allocate(capacity: 256)
    var reps = [UInt8](repeating: 0, count: count)
    for b in (0..<256).reversed() {
      classMap[b] = classOf[b]
      reps[Int(classOf[b])] = UInt8(b)
    }
    representatives = reps
    table = StateTable(classCount: count, stateBudget: stateBudget)

    let b = Builder()
    // State 0: dead, every transition loops.
    table.prepare(state: 0, accepting: false)
    for c in 0..<count { table.cell(0, c).pointee.store(1, ordering: .relaxed) }
    b.state.append(store.empty)
    let limit = stateBudget
    let info = store.withArena { a -> (Bool?, Bool) in
      (a.isLive(root, representatives: reps, limit: limit), a.isNullable(root))
    }
    guard let live = info.0 else {
      classMap.deallocate()
      throw .livenessSearchExceeded(terms: limit)
    }
    if live {
      table.prepare(state: 1, accepting: info.1)
      b.state.append(root)
      start = DFAState(rawValue: 1)
    } else {
      start = Self.dead
    }
    createdStates.store(b.state.terms.count, ordering: .releasing)
    builder = Mutex(b)
  }

  deinit { classMap.deallocate() }

  /// The state after reading `byte` in state `s`.
  ///
  /// - Parameters:
  ///   - s: a state of this DFA.
  ///   - byte: the next input byte.
  /// - Returns: the next state; ``dead`` when no continuation can be accepted any more.
  /// - Throws: ``DFAError`` when a new state is needed and the budget is exhausted, or
  ///   its liveness cannot be decided within the budget.
  /// - Complexity: O(1) and lock-free for a computed transition; otherwise one derivative
  ///   plus, for terms with intersection or complement, a memoised liveness search.
  @inlinable
  public func next(_ s: DFAState, _ byte: UInt8) throws(DFAError) -> DFAState {
    let cls = Int(classMap[Int(byte)])
    let v = table.cell(Int(s.rawValue), cls).pointee.load(ordering: .acquiring)
    if _fastPath(v != 0) { return DFAState(rawValue: v &- 1) }
    return try computeTransition(s, classIndex: cls)
  }

  /// The transition from state `s` by `byte` if it has been computed already: the target's
  /// raw value plus one, or 0 when it has not (then call ``next(_:_:)``).
  ///
  /// For hot loops (the runtime's trie walk) that must not pay for a call per step.
  ///
  /// - Complexity: O(1), lock-free.
  @inlinable @inline(__always)
  public func cachedTransition(_ s: UInt32, _ byte: UInt8) -> UInt32 {
    table.cell(Int(s), Int(classMap[Int(byte)])).pointee.load(ordering: .acquiring)
  }

  /// The transition cells of one state, for loops that read many transitions from the
  /// same state (a trie walk reads one per child of a node).
  @frozen
  public struct TransitionRow {
    @usableFromInline let cells: UnsafeMutablePointer<Atomic<UInt32>>
    @inlinable init(cells: UnsafeMutablePointer<Atomic<UInt32>>) { self.cells = cells }
  }

  /// The row of state `s` (a state of this DFA), valid for the DFA's lifetime: rows are
  /// never moved.
  ///
  /// - Complexity: O(1), lock-free.
  @inlinable @inline(__always)
  public func transitionRow(_ s: UInt32) -> TransitionRow { TransitionRow(cells: table.cell(Int(s), 0)) }

  /// ``cachedTransition(_:_:)`` through the state's row.
  @inlinable @inline(__always)
  public func cachedTransition(_ row: TransitionRow, _ byte: UInt8) -> UInt32 {
    (row.cells + Int(classMap[Int(byte)])).pointee.load(ordering: .acquiring)
  }

  /// The slow path of ``next(_:_:)``: computes, caches and publishes one transition.
  @usableFromInline @inline(never)
  func computeTransition(_ s: DFAState, classIndex cls: Int) throws(DFAError) -> DFAState {
    let raw = try builder.withLock { (b: inout Builder) throws(DFAError) -> UInt32 in
      try b.state.transition(s, classIndex: cls, in: self)
    }
    return DFAState(rawValue: raw)
  }

  /// Whether `s` accepts (its term is nullable).
  ///
  /// - Complexity: O(1).
  @inlinable
  public func isAccepting(_ s: DFAState) -> Bool { table.isAccepting(Int(s.rawValue)) }

  /// Whether the language of `s` is empty (exact: only ``dead`` has an empty language).
  ///
  /// - Complexity: O(1).
  @inlinable
  public func isDead(_ s: DFAState) -> Bool { s.rawValue == 0 }

  /// The number of states created so far (including the dead state).
  public var stateCount: Int { createdStates.load(ordering: .acquiring) }

  /// The byte class of `byte` (0..<``byteClassCount``): bytes of one class have the same
  /// transitions from every state.
  @inlinable
  public func byteClass(of byte: UInt8) -> UInt8 { classMap[Int(byte)] }

  /// One byte of each class, indexed by class.
  public var classRepresentatives: [UInt8] { representatives }

  /// The term (residual language) of `s`.
  public func term(of s: DFAState) -> Term {
    builder.withLock { $0.state.terms[Int(s.rawValue)] }
  }

  /// The state after reading `bytes` from `state` (stops early at ``dead``).
  ///
  /// - Complexity: O(n) transitions for n bytes.
  @inlinable
  public func run(_ bytes: some Sequence<UInt8>, from state: DFAState) throws(DFAError) -> DFAState {
    var s = state
    for b in bytes {
      s = try next(s, b)
      if s.rawValue == 0 { return s }
    }
    return s
  }

  /// Whether the DFA accepts the whole of `bytes`.
  ///
  /// - Complexity: O(n) transitions for n bytes.
  @inlinable
  public func matches(_ bytes: some Sequence<UInt8>) throws(DFAError) -> Bool {
    isAccepting(try run(bytes, from: start))
  }
}
