/// Builds a ``TokenTrie``'s flat arrays by an MSD radix partition of the token ids.
///
/// A work stack holds groups of ids that share a prefix. Popping a group emits its node (so
/// nodes come out in preorder), keeps the ids whose bytes end at this depth as the node's
/// tokens, partitions the rest by their next byte (stable, so ids stay ascending), and pushes
/// a "close" entry and then the child groups in descending byte order. Popping the close
/// entry writes the node's `subtreeEnd`. No recursion: depth is bounded by the stack only.
///
/// The output goes to buffers sized by the total token bytes (an upper bound on the node
/// count) and is copied into exact-size arrays at the end.
enum TrieBuilder {
  struct Built {
    var bytes: [UInt8] = []
    var depths: [UInt32] = []
    var subtreeEnds: [UInt32] = []
    var tokenStarts: [UInt32] = []
    var tokenIDs: [UInt32] = []
    var maxDepth = 0
  }

  /// A group of ids `perm[lo..<hi]` sharing a `depth`-byte prefix, or (hi < 0) the close entry
  /// of node `lo`.
  private struct Work {
    var lo: Int32
    var hi: Int32
    var depth: Int32
  }

  /// Scratch and output buffers of one build.
  private struct Buffers {
    var perm: UnsafeMutableBufferPointer<Int32>
    var scratch: UnsafeMutableBufferPointer<Int32>
    var counts: UnsafeMutableBufferPointer<Int>
    var nodeBytes: UnsafeMutableBufferPointer<UInt8>
    var depths: UnsafeMutableBufferPointer<UInt32>
    var ends: UnsafeMutableBufferPointer<UInt32>
    var tokenStarts: UnsafeMutableBufferPointer<UInt32>
    var tokenIDs: UnsafeMutableBufferPointer<UInt32>

    init(ids: Int, nodes: Int) {
      perm = .allocate(capacity: ids)
      scratch = .allocate(capacity: ids)
      counts = .allocate(capacity: 257)
      nodeBytes = .allocate(capacity: nodes)
      depths = .allocate(capacity: nodes)
      ends = .allocate(capacity: nodes)
      tokenStarts = .allocate(capacity: nodes + 1)
      tokenIDs = .allocate(capacity: ids)
    }

    func deallocate() {
      perm.deallocate()
      scratch.deallocate()
      counts.deallocate()
      nodeBytes.deallocate()
      depths.deallocate()
      ends.deallocate()
      tokenStarts.deallocate()
      tokenIDs.deallocate()
    }
  }

  static func build(_ vocabulary: Vocabulary) -> Built {
    vocabulary.withUnsafeStorage { storage, offsets in
      build(count: vocabulary.count, storage: storage, offsets: offsets) {
        vocabulary.isSpecial($0) || !vocabulary.hasToken($0)
      }
    }
  }

  static func build(
    count: Int, storage: UnsafeBufferPointer<UInt8>, offsets: UnsafeBufferPointer<UInt32>,
    excluded: (Int) -> Bool
  ) -> Built {
    var ids = 0
    var totalBytes = 0
    var maxDepth = 0
    for id in 0..<count where !excluded(id) {
      let length = Int(offsets[id + 1] &- offsets[id])
      guard length > 0 else { continue }
      ids += 1
      totalBytes += length
      maxDepth = max(maxDepth, length)
    }
    guard ids > 0, let base = storage.baseAddress, let offsets = offsets.baseAddress else {
      return Built(tokenStarts: [0])
    }
    var b = Buffers(ids: ids, nodes: totalBytes)
    defer { b.deallocate() }
    var k = 0
    for id in 0..<count where !excluded(id) && offsets[id + 1] != offsets[id] {
      b.perm[k] = Int32(id)
      k += 1
    }

    var stack: [Work] = []
    stack.reserveCapacity(4096)
    var nodeCount = 0
    var tokenCount = 0
    pushChildren(&b, &stack, lo: 0, hi: ids, depth: 0, base: base, offsets: offsets)
    while let work = stack.popLast() {
      if work.hi < 0 {
        b.ends[Int(work.lo)] = UInt32(truncatingIfNeeded: nodeCount)
        continue
      }
      let lo = Int(work.lo)
      let hi = Int(work.hi)
      let d = Int(work.depth)
      let node = nodeCount
      nodeCount += 1
      let first = Int(b.perm[lo])
      b.nodeBytes[node] = base[Int(offsets[first]) + d - 1]
      b.depths[node] = UInt32(truncatingIfNeeded: d)
      b.ends[node] = UInt32(truncatingIfNeeded: node + 1)
      b.tokenStarts[node] = UInt32(truncatingIfNeeded: tokenCount)
      // Ids ending here move to the front; a stable partition keeps both sides ascending.
      var endsHere = lo
      var rest = 0
      for i in lo..<hi {
        let id = b.perm[i]
        if Int(offsets[Int(id) + 1] &- offsets[Int(id)]) == d {
          b.perm[endsHere] = id
          endsHere += 1
          b.tokenIDs[tokenCount] = UInt32(truncatingIfNeeded: id)
          tokenCount += 1
        } else {
          b.scratch[rest] = id
          rest += 1
        }
      }
      if endsHere < hi {
        for i in 0..<rest { b.perm[endsHere + i] = b.scratch[i] }
        stack.append(Work(lo: Int32(node), hi: -1, depth: 0))
        pushChildren(&b, &stack, lo: endsHere, hi: hi, depth: d, base: base, offsets: offsets)
      }
    }
    b.tokenStarts[nodeCount] = UInt32(truncatingIfNeeded: tokenCount)

    return Built(
      bytes: Array(UnsafeBufferPointer(rebasing: b.nodeBytes[..<nodeCount])),
      depths: Array(UnsafeBufferPointer(rebasing: b.depths[..<nodeCount])),
      subtreeEnds: Array(UnsafeBufferPointer(rebasing: b.ends[..<nodeCount])),
      tokenStarts: Array(UnsafeBufferPointer(rebasing: b.tokenStarts[..<(nodeCount + 1)])),
      tokenIDs: Array(UnsafeBufferPointer(rebasing: b.tokenIDs[..<tokenCount])),
      maxDepth: maxDepth)
  }

  /// Sorts `perm[lo..<hi]` (ids all longer than `depth`) by their byte at `depth`, stably, and
  /// pushes the child groups (depth + 1) in descending byte order.
  @inline(__always)
  private static func pushChildren(
    _ b: inout Buffers, _ stack: inout [Work], lo: Int, hi: Int, depth d: Int,
    base: UnsafePointer<UInt8>, offsets: UnsafePointer<UInt32>
  ) {
    let perm = b.perm
    @inline(__always) func key(_ id: Int32) -> UInt8 { base[Int(offsets[Int(id)]) + d] }
    if hi - lo <= 24 {
      // Insertion sort: stable and cheap for the small groups deep in the trie.
      var i = lo + 1
      while i < hi {
        let id = perm[i]
        let k = key(id)
        var j = i
        while j > lo, key(perm[j - 1]) > k {
          perm[j] = perm[j - 1]
          j -= 1
        }
        perm[j] = id
        i += 1
      }
    } else {
      let counts = b.counts
      let scratch = b.scratch
      for c in 0..<257 { counts[c] = 0 }
      for i in lo..<hi { counts[Int(key(perm[i])) + 1] += 1 }
      for c in 1..<257 { counts[c] += counts[c - 1] }
      for i in lo..<hi {
        let id = perm[i]
        let c = Int(key(id))
        scratch[counts[c]] = id
        counts[c] += 1
      }
      for i in lo..<hi { perm[i] = scratch[i - lo] }
    }
    // Runs of equal bytes are the children; push the last run first.
    var end = hi
    while end > lo {
      let k = key(perm[end - 1])
      var start = end - 1
      while start > lo, key(perm[start - 1]) == k { start -= 1 }
      stack.append(Work(lo: Int32(start), hi: Int32(end), depth: Int32(d + 1)))
      end = start
    }
  }
}
