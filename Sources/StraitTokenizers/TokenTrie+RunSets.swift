/// The bit sets behind the trie's shortcuts (``StringBodyClosure``, ``ByteRunClosure``):
/// given which nodes spell a *run* (a prefix a grammar state is known to accept whatever
/// follows, up to some length), the tokens that are runs and the subtrees that hold nothing
/// else, for several depth limits at once.
struct TrieRunSets {
  /// One bit per node: the node and its whole subtree are runs no deeper than the limit.
  var closedNodes: [UInt64]
  /// One bit per token id: the token is a run no longer than the limit.
  var tokenWords: [UInt32]
  var tokenCount: Int

  /// The sets for each limit of `depthLimits` (ascending), from `isRun` (per node, in the
  /// trie's preorder; a run's prefixes are runs).
  ///
  /// Each node and token is placed once, under the smallest limit that takes it, and each
  /// limit's sets are the previous limit's plus its own: the trie is built with sixteen
  /// limits, and a pass over every node per limit doubled the build time.
  ///
  /// - Complexity: O(nodes + tokens + limits × (nodes + vocabulary) / 32).
  static func build(
    depths: [UInt32], subtreeEnds: [UInt32], tokenStarts: [UInt32], tokenIDs: [UInt32],
    vocabularyCount: Int, isRun: [Bool], depthLimits: [Int]
  ) -> [TrieRunSets] {
    let n = depths.count
    guard let deepestLimit = depthLimits.last else { return [] }
    // badBefore[i]: nodes before i that are not runs, so the subtree [i, end) is all runs
    // when badBefore[end] == badBefore[i].
    var badBefore = [UInt32](repeating: 0, count: n + 1)
    for i in 0..<n { badBefore[i + 1] = badBefore[i] + (isRun[i] ? 0 : 1) }
    // closedDepth[i]: the deepest node of the subtree of i when it is all runs.
    var closedDepth = [UInt32](repeating: UInt32.max, count: n)
    var deepest = [UInt32](repeating: 0, count: n)
    for i in stride(from: n - 1, through: 0, by: -1) {
      var m = depths[i]
      var child = i + 1
      let end = Int(subtreeEnds[i])
      while child < end {
        m = max(m, deepest[child])
        child = Int(subtreeEnds[child])
      }
      deepest[i] = m
      if badBefore[end] == badBefore[i] { closedDepth[i] = m }
    }
    // The first limit taking a depth (depthLimits.count: none).
    let maxDepth = Int(depths.max() ?? 0)
    var limitFor = [Int](repeating: depthLimits.count, count: maxDepth + 1)
    for d in stride(from: min(maxDepth, deepestLimit), through: 0, by: -1) {
      limitFor[d] = depthLimits.firstIndex { $0 >= d } ?? depthLimits.count
    }
    @inline(__always) func bucket(_ depth: UInt32) -> Int {
      depth == UInt32.max || Int(depth) > maxDepth ? depthLimits.count : limitFor[Int(depth)]
    }
    // Nodes grouped by the limit that closes them, and run nodes by the limit that takes
    // their tokens (a counting sort each).
    func group(_ key: (Int) -> Int) -> (starts: [Int], nodes: [Int32]) {
      var starts = [Int](repeating: 0, count: depthLimits.count + 2)
      for i in 0..<n { starts[key(i) + 1] += 1 }
      for k in 0..<depthLimits.count + 1 { starts[k + 1] += starts[k] }
      var next = starts
      var nodes = [Int32](repeating: 0, count: n)
      for i in 0..<n {
        let k = key(i)
        nodes[next[k]] = Int32(i)
        next[k] += 1
      }
      return (starts, nodes)
    }
    let closing = group { bucket(closedDepth[$0]) }
    let taking = group { isRun[$0] ? bucket(depths[$0]) : depthLimits.count }
    var current = TrieRunSets(
      closedNodes: [UInt64](repeating: 0, count: (n + 63) / 64),
      tokenWords: [UInt32](repeating: 0, count: (vocabularyCount + 31) / 32), tokenCount: 0)
    var out: [TrieRunSets] = []
    out.reserveCapacity(depthLimits.count)
    for k in 0..<depthLimits.count {
      for j in closing.starts[k]..<closing.starts[k + 1] {
        let i = Int(closing.nodes[j])
        current.closedNodes[i >> 6] |= 1 << UInt64(i & 63)
      }
      for j in taking.starts[k]..<taking.starts[k + 1] {
        let i = Int(taking.nodes[j])
        for t in Int(tokenStarts[i])..<Int(tokenStarts[i + 1]) {
          let id = Int(tokenIDs[t])
          current.tokenWords[id >> 5] |= 1 << UInt32(id & 31)
          current.tokenCount += 1
        }
      }
      out.append(current)
    }
    return out
  }
}
