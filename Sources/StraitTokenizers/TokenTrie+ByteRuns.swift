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
    // inRun[d]: the prefix of the node at depth d is a run of the set.
    var inRun = [Bool](repeating: true, count: maxDepth + 1)
    var isRun = [Bool](repeating: false, count: nodeCount)
    for i in 0..<nodeCount {
      let d = Int(depths[i])
      inRun[d] = inRun[d - 1] && isIn(bytes[i])
      isRun[i] = inRun[d]
    }
    let sets = TrieRunSets.build(
      depths: depths, subtreeEnds: subtreeEnds, tokenStarts: tokenStarts, tokenIDs: tokenIDs,
      vocabularyCount: vocabularyCount, isRun: isRun, depthLimits: [maxDepth])
    return ByteRunClosure(
      bytes: set, closedNodes: sets[0].closedNodes, tokenWords: sets[0].tokenWords, tokenCount: sets[0].tokenCount)
  }
}
