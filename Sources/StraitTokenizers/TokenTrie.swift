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

  /// The number of nodes (the root is not counted).
  @inlinable public var nodeCount: Int { bytes.count }

  /// The number of token ids in the trie.
  @inlinable public var tokenCount: Int { tokenIDs.count }

  /// Memory held by the trie's arrays, in bytes.
  public var memoryBytes: Int {
    bytes.capacity + (depths.capacity + subtreeEnds.capacity + tokenStarts.capacity + tokenIDs.capacity)
      * MemoryLayout<UInt32>.stride
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

extension TokenTrie {
  /// Borrowed pointers to the trie's arrays, for walkers (valid only inside
  /// ``TokenTrie/withUnsafeView(_:)``). See ``TokenTrie`` for the layout.
  public struct UnsafeView {
    /// The edge byte into each node.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// Each node's depth (≥ 1).
    public let depths: UnsafeBufferPointer<UInt32>
    /// The index after each node's subtree.
    public let subtreeEnds: UnsafeBufferPointer<UInt32>
    /// `nodeCount + 1` offsets into ``tokenIDs``.
    public let tokenStarts: UnsafeBufferPointer<UInt32>
    /// The ids ending at each node, node after node.
    public let tokenIDs: UnsafeBufferPointer<UInt32>
    /// The number of nodes.
    public var nodeCount: Int { bytes.count }
    /// The deepest node's depth (size a per-depth state stack `maxDepth + 1`).
    public let maxDepth: Int

    @usableFromInline
    init(
      bytes: UnsafeBufferPointer<UInt8>, depths: UnsafeBufferPointer<UInt32>,
      subtreeEnds: UnsafeBufferPointer<UInt32>, tokenStarts: UnsafeBufferPointer<UInt32>,
      tokenIDs: UnsafeBufferPointer<UInt32>, maxDepth: Int
    ) {
      self.bytes = bytes
      self.depths = depths
      self.subtreeEnds = subtreeEnds
      self.tokenStarts = tokenStarts
      self.tokenIDs = tokenIDs
      self.maxDepth = maxDepth
    }
  }

  /// Calls `body` with pointers to the flat arrays, for a walk without bounds checks or
  /// reference counting.
  ///
  /// - Complexity: O(1) plus `body`.
  @inlinable public func withUnsafeView<R>(_ body: (UnsafeView) throws -> R) rethrows -> R {
    try bytes.withUnsafeBufferPointer { b in
      try depths.withUnsafeBufferPointer { d in
        try subtreeEnds.withUnsafeBufferPointer { e in
          try tokenStarts.withUnsafeBufferPointer { s in
            try tokenIDs.withUnsafeBufferPointer { t in
              try body(
                UnsafeView(bytes: b, depths: d, subtreeEnds: e, tokenStarts: s, tokenIDs: t, maxDepth: maxDepth))
            }
          }
        }
      }
    }
  }

  /// The edge byte into `node`.
  public func byte(ofNode node: Int) -> UInt8 { bytes[node] }
  /// The depth of `node` (its prefix length).
  public func depth(ofNode node: Int) -> Int { Int(depths[node]) }
  /// The index just after the last descendant of `node`.
  public func subtreeEnd(ofNode node: Int) -> Int { Int(subtreeEnds[node]) }
  /// The ids whose bytes end exactly at `node`, ascending.
  public func tokenIDs(endingAt node: Int) -> ArraySlice<UInt32> {
    tokenIDs[Int(tokenStarts[node])..<Int(tokenStarts[node + 1])]
  }

  /// The node whose prefix is `prefix`, or nil (also nil for the empty prefix, the root).
  ///
  /// - Complexity: O(prefix length × siblings per level).
  public func node(forPrefix prefix: some Sequence<UInt8>) -> Int? {
    var i = 0
    var end = nodeCount  // the current subtree's node range is i..<end
    var found: Int? = nil
    for b in prefix {
      var match: Int? = nil
      while i < end {
        if bytes[i] == b {
          match = i
          break
        }
        i = Int(subtreeEnds[i])  // next sibling
      }
      guard let m = match else { return nil }
      found = m
      end = Int(subtreeEnds[m])
      i = m + 1
    }
    return found
  }

  /// The ids whose bytes are exactly `bytes` (empty when no token has them).
  public func tokenIDs(forBytes bytes: some Sequence<UInt8>) -> [Int] {
    guard let node = node(forPrefix: bytes) else { return [] }
    return tokenIDs(endingAt: node).map { Int($0) }
  }
}
