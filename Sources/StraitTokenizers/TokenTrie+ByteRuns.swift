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
///
/// Bounded: a long-lived process (a benchmark run, a server) meets an open-ended number of
/// sets; past ``capacity`` the oldest closure is dropped, so recent sets stay cached.
final class ByteRunClosureCache: Sendable {
  /// The most closures kept (each holds a bit per trie node and per token: ~50 KB for a
  /// 128k-token vocabulary).
  static let capacity = 256
  private struct Entries {
    var closures: [UInt128: ByteRunClosure] = [:]
    /// Keys in insertion order, a ring once full: `order[next]` is the oldest.
    var order: [UInt128] = []
    var next = 0
  }
  private let entries = Mutex(Entries())

  func closure(for key: UInt128, make: () -> ByteRunClosure) -> ByteRunClosure {
    if let known = entries.withLock({ $0.closures[key] }) { return known }
    let made = make()
    entries.withLock { e in
      guard e.closures[key] == nil else { return }
      if e.order.count < Self.capacity {
        e.order.append(key)
      } else {
        e.closures[e.order[e.next]] = nil
        e.order[e.next] = key
        e.next = (e.next + 1) % Self.capacity
      }
      e.closures[key] = made
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

  /// Visits only the nodes whose prefix is a run (and their children), in preorder: a
  /// subtree whose edge byte is out of the set is skipped whole, so a narrow set costs a
  /// small part of the trie. A run node is closed when all its children are closed runs,
  /// which is known when the walk leaves its subtree.
  private func makeByteRunClosure(_ set: (UInt64, UInt64)) -> ByteRunClosure {
    @inline(__always) func isIn(_ b: UInt8) -> Bool {
      b < 64 ? set.0 & (1 << UInt64(b)) != 0 : b < 128 ? set.1 & (1 << UInt64(b - 64)) != 0 : false
    }
    let n = nodeCount
    var closedNodes = [UInt64](repeating: 0, count: (n + 63) / 64)
    var tokenWords = [UInt32](repeating: 0, count: (vocabularyCount + 31) / 32)
    var tokenCount = 0
    // The open run nodes on the path to the current node, with whether every child seen
    // so far is a closed run.
    var open: [(node: Int, end: Int, closed: Bool)] = []
    open.reserveCapacity(maxDepth)
    var i = 0
    while true {
      while let top = open.last, i >= top.end {
        open.removeLast()
        if top.closed {
          closedNodes[top.node >> 6] |= 1 << UInt64(top.node & 63)
        } else if !open.isEmpty {
          open[open.count - 1].closed = false
        }
      }
      guard i < n else { break }
      guard isIn(bytes[i]) else {
        if !open.isEmpty { open[open.count - 1].closed = false }
        i = Int(subtreeEnds[i])
        continue
      }
      for t in Int(tokenStarts[i])..<Int(tokenStarts[i + 1]) {
        let id = Int(tokenIDs[t])
        tokenWords[id >> 5] |= 1 << UInt32(id & 31)
        tokenCount += 1
      }
      open.append((i, Int(subtreeEnds[i]), true))
      i += 1
    }
    return ByteRunClosure(bytes: set, closedNodes: closedNodes, tokenWords: tokenWords, tokenCount: tokenCount)
  }
}
