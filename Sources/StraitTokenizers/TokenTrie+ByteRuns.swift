import Synchronization

/// The tokens made only of bytes from one ASCII set, and the trie subtrees holding nothing
/// else: for a grammar state that loops on every byte of the set (inside a string with a
/// pattern such as `^[a-z0-9-]+$`, or the digits of a number), all of them are allowed at
/// once, and a walk skips those subtrees.
public struct ByteRunClosure: Sendable {
  /// The bytes (below 0x80) the runs are made of, as two 64-bit words.
  public let bytes: (UInt64, UInt64)
  /// One bit per trie node: the node and every node below it spell runs of the set.
  public let closedNodes: [UInt64]
  /// One bit per token id (`ceil(vocabularyCount / 32)` words): the token is a run of the set.
  public let tokenWords: [UInt32]
  /// The number of tokens set in ``tokenWords``.
  public let tokenCount: Int

  /// Bytes used by the bit sets.
  public var memoryBytes: Int { closedNodes.count * 8 + tokenWords.count * 4 }
}

/// The closures made so far, per byte set (a trie is shared by every grammar of its
/// vocabulary, and the same character classes come back from schema to schema).
final class ByteRunClosureCache: Sendable {
  /// The most closures kept; past it, new ones are computed for each call.
  static let capacity = 64
  private let closures = Mutex<[UInt128: ByteRunClosure]>([:])

  func closure(for key: UInt128, make: () -> ByteRunClosure) -> ByteRunClosure {
    if let known = closures.withLock({ $0[key] }) { return known }
    let made = make()
    closures.withLock { cache in
      if cache.count < Self.capacity { cache[key] = made }
    }
    return made
  }
}

extension TokenTrie {
  /// The closure of the ASCII bytes in `bytes` (bit b of word b / 64; bytes from 0x80 are
  /// not allowed), computed on first use and cached for the trie.
  ///
  /// - Complexity: O(nodes + tokens) the first time for a set.
  public func byteRunClosure(_ bytes: (UInt64, UInt64)) -> ByteRunClosure {
    let key = UInt128(bytes.1) << 64 | UInt128(bytes.0)
    return byteRunClosures.closure(for: key) { makeByteRunClosure(bytes) }
  }

  private func makeByteRunClosure(_ set: (UInt64, UInt64)) -> ByteRunClosure {
    @inline(__always) func isIn(_ b: UInt8) -> Bool {
      b < 64 ? set.0 & (1 << UInt64(b)) != 0 : b < 128 ? set.1 & (1 << UInt64(b - 64)) != 0 : false
    }
    let n = nodeCount
    var closed = [UInt64](repeating: 0, count: (n + 63) / 64)
    var tokens = [UInt32](repeating: 0, count: (vocabularyCount + 31) / 32)
    var count = 0
    withUnsafeView { t in
      // inRun[d]: the prefix of the node at depth d is a run of the set.
      var inRun = [Bool](repeating: true, count: t.maxDepth + 1)
      // badBefore[i]: nodes before i whose prefix is not a run.
      var badBefore = [UInt32](repeating: 0, count: n + 1)
      for i in 0..<n {
        let d = Int(t.depths[i])
        let ok = inRun[d - 1] && isIn(t.bytes[i])
        inRun[d] = ok
        badBefore[i + 1] = badBefore[i] + (ok ? 0 : 1)
        if ok {
          for k in Int(t.tokenStarts[i])..<Int(t.tokenStarts[i + 1]) {
            let id = Int(t.tokenIDs[k])
            tokens[id >> 5] |= 1 << UInt32(id & 31)
            count += 1
          }
        }
      }
      for i in 0..<n where badBefore[Int(t.subtreeEnds[i])] == badBefore[i] {
        closed[i >> 6] |= 1 << UInt64(i & 63)
      }
    }
    return ByteRunClosure(bytes: set, closedNodes: closed, tokenWords: tokens, tokenCount: count)
  }
}
