extension CodePointSet {
  /// The UTF-8 encodings of the members as sequences of byte ranges.
  ///
  /// Every member's encoding is matched by exactly one sequence, and every byte string a
  /// sequence matches is the encoding of a member (the classic split of a scalar range at
  /// the encoding-length and continuation-byte boundaries). Surrogates are skipped.
  ///
  /// - Complexity: O(r) sequences for r ranges (at most a small constant per range).
  package var utf8Sequences: [[ClosedRange<UInt8>]] {
    var out: [[ClosedRange<UInt8>]] = []
    for r in intersection(.any).ranges {
      // Split at the boundaries between 1-, 2-, 3- and 4-byte encodings.
      var lo = r.lowerBound
      for limit: UInt32 in [0x7F, 0x7FF, 0xFFFF, 0x10FFFF] where lo <= r.upperBound && lo <= limit {
        let hi = min(r.upperBound, limit)
        Self.splitSameLength(lo, hi, into: &out)
        lo = hi &+ 1
      }
    }
    return out
  }

  /// Splits `lo...hi` (same encoded length) until each piece encodes as one range per byte.
  private static func splitSameLength(
    _ lo: UInt32, _ hi: UInt32, into out: inout [[ClosedRange<UInt8>]]
  ) {
    // An explicit work stack instead of recursion (depth is tiny, but keep it flat).
    var work: [(UInt32, UInt32)] = [(lo, hi)]
    var pieces: [(UInt32, UInt32)] = []
    while let (a, b) = work.popLast() {
      let length = encodedLength(a)
      var split = false
      for i in 1..<max(length, 1) {
        let m: UInt32 = (1 << (6 * UInt32(i))) - 1
        if a & ~m != b & ~m {
          if a & m != 0 {
            work.append(((a | m) + 1, b))
            work.append((a, a | m))
            split = true
            break
          }
          if b & m != m {
            work.append((b & ~m, b))
            work.append((a, (b & ~m) - 1))
            split = true
            break
          }
        }
      }
      if !split { pieces.append((a, b)) }
    }
    for (a, b) in pieces.sorted(by: { $0.0 < $1.0 }) {
      let ea = encode(a)
      let eb = encode(b)
      out.append(zip(ea, eb).map { $0...$1 })
    }
  }

  private static func encodedLength(_ c: UInt32) -> Int {
    c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4
  }

  /// The UTF-8 encoding of scalar value `c` (no validation of surrogates).
  package static func encode(_ c: UInt32) -> [UInt8] {
    switch encodedLength(c) {
    case 1: return [UInt8(c)]
    case 2: return [UInt8(0xC0 | (c >> 6)), UInt8(0x80 | (c & 0x3F))]
    case 3:
      return [UInt8(0xE0 | (c >> 12)), UInt8(0x80 | ((c >> 6) & 0x3F)), UInt8(0x80 | (c & 0x3F))]
    default:
      return [
        UInt8(0xF0 | (c >> 18)), UInt8(0x80 | ((c >> 12) & 0x3F)),
        UInt8(0x80 | ((c >> 6) & 0x3F)), UInt8(0x80 | (c & 0x3F)),
      ]
    }
  }
}
