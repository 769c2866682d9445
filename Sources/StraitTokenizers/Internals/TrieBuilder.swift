/// Builds a ``TokenTrie``'s flat arrays by an MSD radix partition of the token ids.
///
/// A work stack holds groups of ids that share a prefix. Popping a group emits its node (so
/// nodes come out in preorder), keeps the ids whose bytes end at this depth as the node's
/// tokens, partitions the rest by their next byte (stable, so ids stay ascending), and pushes
/// a "close" entry and then the child groups in descending byte order. Popping the close
/// entry writes the node's `subtreeEnd`. No recursion: depth is bounded by the stack only.
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

  static func build(_ vocabulary: Vocabulary) -> Built {
    vocabulary.withUnsafeStorage { storage, offsets in
      build(count: vocabulary.count, storage: storage, offsets: offsets) { vocabulary.isSpecial($0) || !vocabulary.hasToken($0) }
    }
  }

  static func build(
    count: Int, storage: UnsafeBufferPointer<UInt8>, offsets: UnsafeBufferPointer<UInt32>,
    excluded: (Int) -> Bool
  ) -> Built {
    var perm: [Int32] = []
    perm.reserveCapacity(count)
    var maxDepth = 0
    for id in 0..<count where !excluded(id) {
      let length = Int(offsets[id + 1] &- offsets[id])
      guard length > 0 else { continue }
      perm.append(Int32(id))
      maxDepth = max(maxDepth, length)
    }
    var out = Built()
    out.maxDepth = maxDepth
    // A trie has at most as many nodes as bytes; reserve a typical share.
    let estimate = perm.count * 4
    out.bytes.reserveCapacity(estimate)
    out.depths.reserveCapacity(estimate)
    out.subtreeEnds.reserveCapacity(estimate)
    out.tokenStarts.reserveCapacity(estimate + 1)
    out.tokenIDs.reserveCapacity(perm.count)

    var scratch = [Int32](repeating: 0, count: perm.count)
    var counts = [Int](repeating: 0, count: 257)
    var stack: [Work] = []

    let base = storage.baseAddress
    perm.withUnsafeMutableBufferPointer { perm in
      scratch.withUnsafeMutableBufferPointer { scratch in
        counts.withUnsafeMutableBufferPointer { counts in
          guard let base else { return }
          @inline(__always) func length(_ id: Int32) -> Int {
            Int(offsets[Int(id) + 1] &- offsets[Int(id)])
          }
          @inline(__always) func byte(_ id: Int32, _ d: Int) -> UInt8 {
            base[Int(offsets[Int(id)]) + d]
          }

          /// Sorts perm[lo..<hi] (all longer than d) by the byte at d, stably, and pushes the
          /// child groups (depth d + 1) in descending byte order.
          func pushChildren(_ lo: Int, _ hi: Int, _ d: Int) {
            let m = hi - lo
            if m <= 24 {
              // Insertion sort: stable and cheap for the small groups deep in the trie.
              var i = lo + 1
              while i < hi {
                let id = perm[i]
                let key = byte(id, d)
                var j = i
                while j > lo, byte(perm[j - 1], d) > key {
                  perm[j] = perm[j - 1]
                  j -= 1
                }
                perm[j] = id
                i += 1
              }
            } else {
              for k in 0..<257 { counts[k] = 0 }
              for i in lo..<hi { counts[Int(byte(perm[i], d)) + 1] += 1 }
              for k in 1..<257 { counts[k] += counts[k - 1] }
              for i in lo..<hi {
                let id = perm[i]
                let k = Int(byte(id, d))
                scratch[lo + counts[k]] = id
                counts[k] += 1
              }
              for i in lo..<hi { perm[i] = scratch[i] }
            }
            // Runs of equal bytes are the children; push the last run first.
            var end = hi
            while end > lo {
              let b = byte(perm[end - 1], d)
              var start = end - 1
              while start > lo, byte(perm[start - 1], d) == b { start -= 1 }
              stack.append(Work(lo: Int32(start), hi: Int32(end), depth: Int32(d + 1)))
              end = start
            }
          }

          pushChildren(0, perm.count, 0)
          while let work = stack.popLast() {
            if work.hi < 0 {
              out.subtreeEnds[Int(work.lo)] = UInt32(out.bytes.count)
              continue
            }
            let lo = Int(work.lo)
            let hi = Int(work.hi)
            let d = Int(work.depth)
            let node = out.bytes.count
            out.bytes.append(byte(perm[lo], d - 1))
            out.depths.append(UInt32(d))
            out.subtreeEnds.append(UInt32(node + 1))
            out.tokenStarts.append(UInt32(out.tokenIDs.count))
            // Ids ending here move to the front (stable partition keeps both sides ascending).
            var ends = lo
            var rest = 0
            for i in lo..<hi {
              let id = perm[i]
              if length(id) == d {
                perm[ends] = id
                ends += 1
              } else {
                scratch[rest] = id
                rest += 1
              }
            }
            for k in 0..<rest { perm[ends + k] = scratch[k] }
            for i in lo..<ends { out.tokenIDs.append(UInt32(perm[i])) }
            if ends < hi {
              stack.append(Work(lo: Int32(node), hi: -1, depth: 0))
              pushChildren(ends, hi, d)
            }
          }
        }
      }
    }
    out.tokenStarts.append(UInt32(out.tokenIDs.count))
    return out
  }
}
