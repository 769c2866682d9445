/// A member name read by the parser whose object is still open.
struct JSONPendingKey {
  /// The decoded name.
  var name: String
  /// A cheap digest of the decoded UTF-8 bytes; equal names have equal digests.
  var digest: UInt64
  /// Byte offset of the name's opening quote.
  var offset: Int
  /// Whether every byte of the name is ASCII.
  var isASCII: Bool
}

extension UnsafeStack where Element == JSONPendingKey {
  /// Whether the names from `start` to the top are certainly all different.
  ///
  /// A cheap test for the common case (an object with ASCII names): each name's digest
  /// sets one bit of a 64-bit filter, and only a name whose bit is already set is compared
  /// with the earlier digests. It answers false when it cannot tell: more than 32 names,
  /// a non-ASCII name (Swift compares strings by canonical equivalence, so different bytes
  /// can be equal names), or two equal digests. Then the caller checks exactly.
  @inline(__always)
  func certainlyDistinct(from start: Int) -> Bool {
    let n = count - start
    if n < 2 { return true }
    if n > 32 { return false }
    var filter: UInt64 = 0
    var i = start
    while i < count {
      let key = self[i]
      if !key.isASCII { return false }
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
  /// of the same range, in order.
  func repeatedNames(from start: Int, to end: Int) -> [Int] {
    var seen = Set<String>(minimumCapacity: end - start)
    var repeated: [Int] = []
    for i in start..<end where !seen.insert(self[i].name).inserted {
      repeated.append(i)
    }
    return repeated
  }
}
