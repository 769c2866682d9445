/// A compact byte trie over the bytes of every non-special token of a ``Vocabulary``.
///
/// Built once per vocabulary and shared by every grammar compiled for it (immutable,
/// `Sendable`). The trie lives in flat arrays, one entry per node, no object per node. Nodes are
/// numbered in depth-first preorder with siblings in ascending byte order; the root (the empty
/// prefix) is implicit and is not a node, so node 0 is the first child of the root. For node `i`:
///
/// - `bytes[i]`: the byte on the edge into `i`;
/// - `depths[i]`: its depth (1 for children of the root) = the length of its prefix;
/// - `subtreeEnds[i]`: the index just after its last descendant, so a dead subtree is skipped in
///   O(1) by jumping to it (`i + 1` for a leaf);
/// - `tokenIDs[tokenStarts[i]..<tokenStarts[i + 1]]`: the ids whose bytes are exactly the
///   prefix of `i`, ascending (usually zero or one; several when tokens share bytes, such as a
///   byte-fallback `<0x41>` and `A`).
///
/// A grammar walks it once per automaton state, keeping one automaton state per depth:
///
/// ```swift
/// trie.withUnsafeView { t in
///   var states = [State](repeating: start, count: t.maxDepth + 1)
///   var i = 0
///   while i < t.nodeCount {
///     let d = Int(t.depths[i])
///     let next = dfa.next(states[d - 1], t.bytes[i])
///     if next.isDead { i = Int(t.subtreeEnds[i]); continue }   // prune the subtree
///     states[d] = next
///     for k in Int(t.tokenStarts[i])..<Int(t.tokenStarts[i + 1]) { allow(t.tokenIDs[k]) }
///     i += 1
///   }
/// }
/// ```
///
/// Left out: special tokens (``Vocabulary/isSpecial(_:)``), ids without a token, and tokens with
/// no bytes (they could never advance the output; the runtime decides about them).
public final class TokenTrie: Sendable {
  @usableFromInline let bytes: [UInt8]
  @usableFromInline let depths: [UInt32]
  @usableFromInline let subtreeEnds: [UInt32]
  @usableFromInline let tokenStarts: [UInt32]
  @usableFromInline let tokenIDs: [UInt32]

  /// The length of the longest token in the trie (the deepest node's depth).
  public let maxDepth: Int
  /// The ``Vocabulary/count`` of the vocabulary it was built from.
  public let vocabularyCount: Int
  /// The nodes and tokens that can sit inside a JSON string as they are.
  public let stringBody: StringBodyClosure
  /// The same, limited to tokens of at most ``StringBodyClosure/shortDepthLimit`` bytes.
  public let shortStringBody: StringBodyClosure
  /// The closures of ``StringBodyClosure/boundedDepthLimits`` below ``maxDepth``, by
  /// ascending limit (see ``stringBody(coveringRunsOf:)``).
  public let boundedStringBodies: [StringBodyClosure]
  /// One bit per token id in the trie (`ceil(vocabularyCount / 32)` words).
  public let tokenWords: [UInt32]
  /// The byte-run closures made so far (see ``byteRunClosure(_:)``).
  let byteRunClosures = ByteRunClosureCache()

  /// The number of nodes (the root is not counted).
  @inlinable public var nodeCount: Int { bytes.count }

  /// The number of token ids in the trie.
  @inlinable public var tokenCount: Int { tokenIDs.count }

  /// Memory held by the trie's arrays, in bytes (element storage; the arrays are exact-size).
  public var memoryBytes: Int {
    bytes.count + (depths.count + subtreeEnds.count + tokenStarts.count + tokenIDs.count)
      * MemoryLayout<UInt32>.stride + stringBody.memoryBytes + stringBody.transitions.count
      + boundedStringBodies.reduce(0) { $0 + $1.memoryBytes } + tokenWords.count * 4
  }

  init(
    bytes: [UInt8], depths: [UInt32], subtreeEnds: [UInt32], tokenStarts: [UInt32],
    tokenIDs: [UInt32], maxDepth: Int, vocabularyCount: Int
  ) {
    self.bytes = bytes
    self.depths = depths
    self.subtreeEnds = subtreeEnds
    self.tokenStarts = tokenStarts
    self.tokenIDs = tokenIDs
    self.maxDepth = maxDepth
    self.vocabularyCount = vocabularyCount
    var words = [UInt32](repeating: 0, count: (vocabularyCount + 31) / 32)
    for id in tokenIDs { words[Int(id) >> 5] |= 1 << (id & 31) }
    tokenWords = words
    let limits = StringBodyClosure.boundedDepthLimits.filter { $0 < maxDepth }
    let closures = StringBodyClosure.build(
      bytes: bytes, depths: depths, subtreeEnds: subtreeEnds, tokenStarts: tokenStarts,
      tokenIDs: tokenIDs, maxDepth: maxDepth, vocabularyCount: vocabularyCount,
      depthLimits: limits + [maxDepth])
    stringBody = closures[closures.count - 1]
    boundedStringBodies = Array(closures.dropLast())
    shortStringBody = boundedStringBodies.first { $0.depthLimit == StringBodyClosure.shortDepthLimit } ?? stringBody
  }

  /// The deepest closure whose tokens keep a state alive when every string-body run of at
  /// most `depth` bytes does: ``stringBody`` from ``maxDepth`` on; nil below the shallowest
  /// limit.
  public func stringBody(coveringRunsOf depth: Int) -> StringBodyClosure? {
    if depth >= maxDepth { return stringBody }
    return boundedStringBodies.last { $0.depthLimit <= depth }
  }

  /// Builds the trie of a vocabulary's non-special, non-empty tokens.
  ///
  /// - Complexity: O(total token bytes) time (an MSD radix partition that emits nodes in
  ///   preorder), O(nodes + tokens) memory.
  public convenience init(vocabulary: Vocabulary) {
    let built = TrieBuilder.build(vocabulary)
    self.init(
      bytes: built.bytes, depths: built.depths, subtreeEnds: built.subtreeEnds,
      tokenStarts: built.tokenStarts, tokenIDs: built.tokenIDs, maxDepth: built.maxDepth,
      vocabularyCount: vocabulary.count)
  }
}
