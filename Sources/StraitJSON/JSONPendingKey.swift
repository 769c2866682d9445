/// A member name read by the parser whose object is still open.
///
/// The name is kept as a pointer to its decoded bytes: into the input when it has no
/// escapes, else into a copy that lives until the end of the parse (see
/// `JSONReader.escapedNames`). The `String` is only created when its object's names are
/// not those of a recent object (``JSONKeyShapeCache``), which for records is once per
/// document. Holding no reference, a pending key is trivial to push and to pop.
struct JSONPendingKey {
  /// The name's decoded UTF-8 bytes (``JSONNameWords/length`` of them), valid during the
  /// parse.
  var utf8: UnsafePointer<UInt8>
  /// Length and words of the decoded bytes (exact for names of up to 16 bytes).
  var words: JSONNameWords
  /// A cheap digest of the decoded UTF-8 bytes; equal names have equal digests.
  var digest: UInt64
  /// Byte offset of the name's opening quote.
  var offset: Int

  /// The name's decoded bytes.
  var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: utf8, count: words.length) }

  /// The decoded name (created on each call).
  var name: String { String(validatedUTF8: bytes) }

  /// The decoded name, shared through `cache`.
  @inline(__always)
  func name(_ cache: inout JSONNameCache) -> String {
    cache.name(bytes, words: words)
  }

  /// Whether the name's bytes are exactly those of `other`.
  @inline(__always)
  func hasBytes(of other: String) -> Bool {
    JSONObject.sameName(other, bytes)
  }

  /// Whether the two names have the same bytes (the same code points: member names are
  /// compared exactly, as RFC 8259 and JSON Schema compare them).
  @inline(__always)
  func hasSameName(as other: JSONPendingKey) -> Bool {
    words == other.words && (words.length <= 16 || JSONObject.equalBytes(bytes, other.bytes))
  }
}

extension UnsafeStack where Element == JSONPendingKey {
  /// Whether the names from `start` to the top are certainly all different.
  ///
  /// Names are equal exactly when their bytes are, so different digests prove different
  /// names. Up to 32 names: each digest sets one bit of a 64-bit filter, and only a name
  /// whose bit is already set is compared with the earlier digests. More names: the
  /// digests go into `table`. It answers false when two digests are equal (a repeated
  /// name, or rarely a collision), and the caller then checks exactly.
  @inline(__always)
  func certainlyDistinct(from start: Int, table: inout JSONDigestTable) -> Bool {
    let n = count - start
    if n < 2 { return true }
    if n > 32 { return table.allDistinct(self, from: start) }
    var filter: UInt64 = 0
    var i = start
    while i < count {
      let key = self[i]
      let bit: UInt64 = 1 &<< ((key.digest &* 0x9E37_79B9_7F4A_7C15) &>> 58)
      if filter & bit != 0 {
        var j = start
        while j < i {
          if self[j].digest == key.digest { return false }
          j += 1
        }
      }
      filter |= bit
      i += 1
    }
    return true
  }

  /// The positions (absolute) of names from `start` to `end` that repeat an earlier name
  /// of the same range (the same bytes), in order.
  func repeatedNames(from start: Int, to end: Int) -> [Int] {
    // Earlier positions by digest; equal digests are confirmed on the bytes.
    var seen: [UInt64: [Int]] = [:]
    seen.reserveCapacity(end - start)
    var repeated: [Int] = []
    for i in start..<end {
      let key = self[i]
      if let earlier = seen[key.digest] {
        if earlier.contains(where: { self[$0].hasSameName(as: key) }) {
          repeated.append(i)
          continue
        }
        seen[key.digest]?.append(i)
      } else {
        seen[key.digest] = [i]
      }
    }
    return repeated
  }
}

/// A reusable open-addressing set of name digests, for telling apart the names of large
/// objects in O(n).
struct JSONDigestTable {
  private var slots: UnsafeMutablePointer<UInt64>?
  private var capacity = 0

  /// Whether the names from `start` to the top of `keys` have distinct digests.
  mutating func allDistinct(_ keys: UnsafeStack<JSONPendingKey>, from start: Int) -> Bool {
    let n = keys.count - start
    var size = 64
    while size < 2 * n { size *= 2 }
    if size > capacity {
      slots?.deallocate()
      slots = .allocate(capacity: size)
      capacity = size
    }
    guard let slots else { return false }
    slots.update(repeating: 0, count: size)
    let shift = UInt64(64 - size.trailingZeroBitCount)
    let mask = size - 1
    for i in start..<keys.count {
      let key = keys[i]
      // 0 marks an empty slot; a digest of 0 is stored as 1 (a false "equal" only sends
      // the object to the exact check).
      let digest = key.digest == 0 ? 1 : key.digest
      var slot = Int(truncatingIfNeeded: (digest &* 0x9E37_79B9_7F4A_7C15) &>> shift)
      while slots[slot] != 0 {
        if slots[slot] == digest { return false }
        slot = (slot + 1) & mask
      }
      slots[slot] = digest
    }
    return true
  }

  /// Frees the table.
  func release() { slots?.deallocate() }
}
