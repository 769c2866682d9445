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
}
