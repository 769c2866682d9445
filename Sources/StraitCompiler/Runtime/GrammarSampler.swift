import StraitAutomata

/// Random documents of a compiled grammar: a random walk through its DFA.
///
/// At each step the next byte is drawn uniformly among the bytes that keep the DFA alive
/// (the DFA's dead state is exact, so every walk can still finish). In an accepting state
/// the walk stops with probability ``stopProbability``. After ``softLength`` bytes it
/// finishes along a shortest path to an accepting state (found by breadth-first search),
/// so every sample ends. Every sample is, by construction, accepted by the DFA.
///
/// ```swift
/// var rng = SystemRandomNumberGenerator()
/// let text = try GrammarSampler(grammar: g).sample(using: &rng)
/// ```
public struct GrammarSampler: Sendable {
  public let grammar: CompiledGrammar
  /// The probability of stopping in an accepting state (default 0.5).
  public var stopProbability: Double
  /// The length after which the walk heads for the nearest accepting state (default 256).
  public var softLength: Int
  /// The most DFA states one finishing search may visit (default 200,000).
  public var searchLimit: Int
  private let bytesOfClass: [[UInt8]]

  /// Creates a sampler.
  public init(grammar: CompiledGrammar, stopProbability: Double = 0.5, softLength: Int = 256, searchLimit: Int = 200_000) {
    self.grammar = grammar
    self.stopProbability = stopProbability
    self.softLength = softLength
    self.searchLimit = searchLimit
    var classes = [[UInt8]](repeating: [], count: grammar.dfa.byteClassCount)
    for b in 0...255 { classes[Int(grammar.dfa.byteClass(of: UInt8(b)))].append(UInt8(b)) }
    bytesOfClass = classes
  }

  /// Draws one document.
  ///
  /// - Parameter rng: the random source (use a seeded one for reproducible output).
  /// - Returns: the exact bytes of the document.
  /// - Throws: ``CompileError`` when the state budget is exhausted or no accepting state
  ///   is found within ``searchLimit`` states.
  /// - Complexity: O(length × byte classes) transitions, plus the finishing search.
  public func sample<R: RandomNumberGenerator>(using rng: inout R) throws(CompileError) -> [UInt8] {
    let dfa = grammar.dfa
    var s = dfa.start
    if dfa.isDead(s) {
      throw CompileError(pointer: "", keyword: nil, message: "no document satisfies this schema", kind: .unsatisfiable)
    }
    var out: [UInt8] = []
    while out.count < softLength {
      if dfa.isAccepting(s), Double.random(in: 0..<1, using: &rng) < stopProbability { return out }
      // Live classes and their byte counts.
      var live: [(cls: Int, next: DFAState)] = []
      var total = 0
      for c in 0..<bytesOfClass.count {
        let t = try step(s, c)
        if !dfa.isDead(t) {
          live.append((c, t))
          total += bytesOfClass[c].count
        }
      }
      if live.isEmpty {
        // Accepting with no continuation; a live state that is neither would mean the
        // DFA's dead state is not exact.
        if dfa.isAccepting(s) { return out }
        throw noAcceptingState()
      }
      var pick = Int.random(in: 0..<total, using: &rng)
      for (c, t) in live {
        let n = bytesOfClass[c].count
        if pick < n {
          out.append(bytesOfClass[c][pick])
          s = t
          break
        }
        pick -= n
      }
    }
    // Finish along a shortest path to acceptance.
    if dfa.isAccepting(s) { return out }
    var parent: [DFAState: (DFAState, Int)] = [s: (s, -1)]
    var queue = [s]
    var head = 0
    while head < queue.count {
      let u = queue[head]
      head += 1
      for c in 0..<bytesOfClass.count {
        let t = try step(u, c)
        if dfa.isDead(t) || parent[t] != nil { continue }
        parent[t] = (u, c)
        if dfa.isAccepting(t) {
          var path: [Int] = []
          var cur = t
          while let (p, cls) = parent[cur], cls >= 0 {
            path.append(cls)
            cur = p
          }
          for cls in path.reversed() {
            let bytes = bytesOfClass[cls]
            out.append(bytes[Int.random(in: 0..<bytes.count, using: &rng)])
          }
          return out
        }
        queue.append(t)
        if queue.count > searchLimit {
          throw CompileError(
            pointer: "", keyword: nil, message: "sampling: no accepting state within \(searchLimit) states",
            kind: .limit)
        }
      }
    }
    // Every reachable state searched and none accepts: never return a text the DFA rejects.
    throw noAcceptingState()
  }

  private func noAcceptingState() -> CompileError {
    CompileError(
      pointer: "", keyword: nil, message: "sampling: a live DFA state reaches no accepting state",
      kind: .limit)
  }

  private func step(_ s: DFAState, _ cls: Int) throws(CompileError) -> DFAState {
    do {
      return try grammar.dfa.next(s, bytesOfClass[cls][0])
    } catch {
      throw grammar.budgetError(error)
    }
  }
}
