/// Which tokens can sit inside a JSON string as they are, precomputed per trie.
///
/// The body of a JSON string is a run of characters other than `"`, `\` and the control
/// characters, in valid UTF-8. In a grammar state that loops over any such run (a free
/// string), every token whose bytes are a prefix of such a run stays alive, whatever follows.
/// The runtime uses this to fill most of a string state's mask with one copy and to walk only
/// the subtrees that hold a quote, a backslash, a control byte or a broken UTF-8 sequence.
public struct StringBodyClosure: Sendable {
  /// The states of the string-body automaton: 0 between characters, then one state per
  /// pending UTF-8 continuation shape; ``dead`` for a byte that cannot continue.
  public static let stateCount = 8
  /// The dead state of the string-body automaton.
  public static let dead: UInt8 = 0xFF

  /// `transitions[state * 256 + byte]`: the next state (``dead`` when none).
  public let transitions: [UInt8]
  /// The longest token the closure covers, in bytes: the trie's deepest node for
  /// ``TokenTrie/stringBody``, ``shortDepthLimit`` for ``TokenTrie/shortStringBody``.
  public let depthLimit: Int
  /// The depth limit of the short closure: states whose string-body runs cannot be proven
  /// alive for a whole long token (a length-bounded string) are proven for this many
  /// bytes only, and the longer tokens are walked.
  public static let shortDepthLimit = 16
  /// The depth limits of the closures of length-bounded strings (``TokenTrie/stringBody(coveringRunsOf:)``):
  /// a string with n characters left takes the deepest one up to n. Dense where most
  /// tokens are (up to 16 bytes), sparse beyond.
  public static let boundedDepthLimits = [2, 3, 4, 5, 6, 7, 8, 10, 12, 14, shortDepthLimit, 20, 24, 32, 48, 64]
  /// One bit per trie node: the node and every node below it are string-body prefixes no
  /// deeper than ``depthLimit``.
  public let closedNodes: [UInt64]
  /// One bit per token id (`ceil(vocabularyCount / 32)` words): the token's bytes are a
  /// string-body prefix of at most ``depthLimit`` bytes.
  public let tokenWords: [UInt32]
  /// The number of tokens set in ``tokenWords``.
  public let tokenCount: Int
  /// For each byte, the class of its column of ``transitions``: bytes of one class move the
  /// string-body automaton alike from every state.
  public let byteClasses: [UInt8]

  /// Whether node `i` and its whole subtree are string-body prefixes.
  @inlinable public func isClosed(_ i: Int) -> Bool { closedNodes[i &>> 6] & (1 &<< UInt64(i & 63)) != 0 }

  /// The string-body automaton: ASCII 0x20...0x7F except `"` and `\`, and well-formed
  /// UTF-8 sequences of U+0080...U+10FFFF without surrogates.
  static func makeTransitions() -> [UInt8] {
    var t = [UInt8](repeating: dead, count: stateCount * 256)
    func set(_ state: Int, _ bytes: ClosedRange<Int>, _ next: UInt8) {
      for b in bytes { t[state * 256 + b] = next }
    }
    // 0: boundary; 1/2/3: that many continuation bytes left; 4: after E0; 5: after ED;
    // 6: after F0; 7: after F4.
    set(0, 0x20...0x7F, 0)
    t[0x22] = dead
    t[0x5C] = dead
    set(0, 0xC2...0xDF, 1)
    set(0, 0xE0...0xE0, 4)
    set(0, 0xE1...0xEC, 2)
    set(0, 0xED...0xED, 5)
    set(0, 0xEE...0xEF, 2)
    set(0, 0xF0...0xF0, 6)
    set(0, 0xF1...0xF3, 3)
    set(0, 0xF4...0xF4, 7)
    set(1, 0x80...0xBF, 0)
    set(2, 0x80...0xBF, 1)
    set(3, 0x80...0xBF, 2)
    set(4, 0xA0...0xBF, 1)
    set(5, 0x80...0x9F, 1)
    set(6, 0x90...0xBF, 2)
    set(7, 0x80...0x8F, 2)
    return t
  }

  /// Bytes used by the bit sets (the transition table is shared by all closures of a trie).
  public var memoryBytes: Int { closedNodes.count * 8 + tokenWords.count * 4 }

  init(
    transitions: [UInt8], byteClasses: [UInt8], depthLimit: Int, closedNodes: [UInt64], tokenWords: [UInt32],
    tokenCount: Int
  ) {
    self.transitions = transitions
    self.byteClasses = byteClasses
    self.depthLimit = depthLimit
    self.closedNodes = closedNodes
    self.tokenWords = tokenWords
    self.tokenCount = tokenCount
  }

  /// Computes the closures of the given depth limits (ascending) over the arrays of a trie
  /// (see ``TokenTrie`` for the layout).
  ///
  /// - Complexity: O(nodes + tokens), plus copying the bit sets once per limit.
  static func build(
    bytes: [UInt8], depths: [UInt32], subtreeEnds: [UInt32], tokenStarts: [UInt32],
    tokenIDs: [UInt32], maxDepth: Int, vocabularyCount: Int, depthLimits: [Int]
  ) -> [StringBodyClosure] {
    let transitions = Self.makeTransitions()
    // Preorder: the string-body state of each node from its parent's (one per depth).
    var stateAt = [UInt8](repeating: 0, count: maxDepth + 1)
    var isBody = [Bool](repeating: false, count: bytes.count)
    for i in 0..<bytes.count {
      let depth = Int(depths[i])
      let parent = stateAt[depth - 1]
      let state = parent == Self.dead ? Self.dead : transitions[Int(parent) * 256 + Int(bytes[i])]
      stateAt[depth] = state
      isBody[i] = state != Self.dead
    }
    let byteClasses = Self.columnClasses(transitions)
    let sets = TrieRunSets.build(
      depths: depths, subtreeEnds: subtreeEnds, tokenStarts: tokenStarts, tokenIDs: tokenIDs,
      vocabularyCount: vocabularyCount, isRun: isBody, depthLimits: depthLimits)
    return zip(depthLimits, sets).map { limit, set in
      StringBodyClosure(
        transitions: transitions, byteClasses: byteClasses, depthLimit: limit, closedNodes: set.closedNodes,
        tokenWords: set.tokenWords, tokenCount: set.tokenCount)
    }
  }

  /// For each byte, the class of its column of `transitions`.
  static func columnClasses(_ transitions: [UInt8]) -> [UInt8] {
    var columns: [[UInt8]: UInt8] = [:]
    var classes = [UInt8](repeating: 0, count: 256)
    for b in 0..<256 {
      let column = (0..<Self.stateCount).map { transitions[$0 * 256 + b] }
      if let c = columns[column] {
        classes[b] = c
      } else {
        let c = UInt8(columns.count)
        columns[column] = c
        classes[b] = c
      }
    }
    return classes
  }
}
