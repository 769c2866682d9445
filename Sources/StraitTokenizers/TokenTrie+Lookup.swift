extension TokenTrie {
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
