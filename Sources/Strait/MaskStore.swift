import Synchronization

/// A token mask as stored in a grammar's cache.
///
/// Masks are stored in the cheapest of three forms: the ids that are allowed (sparse),
/// the ids that are *not* allowed among the grammar's candidate tokens (for masks that
/// allow nearly everything), or dense words. Identical masks are stored once.
@usableFromInline
enum StoredMask: Hashable, Sendable {
  /// Only these ids are allowed (sorted).
  case allowed([Int32])
  /// All candidate ids are allowed except these (sorted).
  case allExcept([Int32])
  /// Dense `UInt32` words in the bitmask layout.
  case dense([UInt32])

  /// Bytes used by the payload.
  var payloadBytes: Int {
    switch self {
    case .allowed(let ids), .allExcept(let ids): ids.count * 4
    case .dense(let words): words.count * 4
    }
  }

  // `Hasher` would take each element through SipHash (most of a mask's insert time); one
  // multiply-xor pass over the payload's 64-bit words is enough for the dictionary.
  @usableFromInline
  func hash(into hasher: inout Hasher) {
    switch self {
    case .allowed(let ids):
      hasher.combine(0)
      hasher.combine(Self.payloadHash(ids))
    case .allExcept(let ids):
      hasher.combine(1)
      hasher.combine(Self.payloadHash(ids))
    case .dense(let words):
      hasher.combine(2)
      hasher.combine(Self.payloadHash(words))
    }
  }

  // Four independent lanes: one multiply-xor chain is bound by its latency, and a dense
  // mask is 16 KB.
  private static func payloadHash<T: FixedWidthInteger>(_ values: [T]) -> UInt64 {
    values.withUnsafeBytes { raw in
      let k: UInt64 = 0xFF51_AFD7_ED55_8CCD
      var h = (UInt64(raw.count) &* 0x9E37_79B9_7F4A_7C15, UInt64(1), UInt64(2), UInt64(3))
      var i = 0
      while i + 32 <= raw.count {
        h.0 = (h.0 ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
        h.1 = (h.1 ^ raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* k
        h.2 = (h.2 ^ raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* k
        h.3 = (h.3 ^ raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* k
        h.0 ^= h.0 >> 29
        h.1 ^= h.1 >> 29
        h.2 ^= h.2 >> 29
        h.3 ^= h.3 >> 29
        i += 32
      }
      var r = h.0 ^ (h.1 &* 0x9E37_79B9_7F4A_7C15).rotated(17) ^ (h.2 &* k).rotated(31) ^ (h.3 &* 0xC2B2_AE3D_27D4_EB4F).rotated(47)
      while i + 8 <= raw.count {
        r = (r ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
        r ^= r >> 29
        i += 8
      }
      while i < raw.count {
        r = (r ^ UInt64(raw[i])) &* k
        i += 1
      }
      return r ^ (r >> 32)
    }
  }
}

extension UInt64 {
  @inline(__always) fileprivate func rotated(_ n: UInt64) -> UInt64 { self << n | self >> (64 - n) }
}

/// Deduplicating storage of masks, shared by all matchers of a grammar.
///
/// Thread-safe: lookups and inserts take a mutex (uncontended cost: tens of ns, small
/// next to filling a 4,000-word bitmask).
final class MaskStore: Sendable {
  private struct State {
    var masks: [StoredMask] = []
    var index: [StoredMask: Int32] = [:]
    var bytes = 0
  }
  private let state = Mutex(State())

  /// Inserts `mask` (or finds the identical stored mask); returns its index.
  func intern(_ mask: StoredMask) -> Int32 {
    state.withLock { s in
      if let i = s.index[mask] { return i }
      let i = Int32(s.masks.count)
      s.masks.append(mask)
      s.index[mask] = i
      s.bytes += mask.payloadBytes
      return i
    }
  }

  /// The stored mask at `index`.
  func mask(at index: Int32) -> StoredMask {
    state.withLock { $0.masks[Int(index)] }
  }

  /// Number of distinct masks and their payload bytes.
  var statistics: (count: Int, bytes: Int) {
    state.withLock { ($0.masks.count, $0.bytes) }
  }
}
