/// A set of Unicode scalar values, stored as sorted, disjoint, non-adjacent ranges.
///
/// Regex character classes (`[a-z]`, `\d`, `.`, `\p{L}`) are parsed to code-point sets;
/// the lowering to bytes (``TermStore/codePoints(_:)``) turns a set into the valid UTF-8
/// byte sequences of its members. Surrogates (U+D800–U+DFFF) may be present in a set (for
/// example from `\uD800`) but have no UTF-8 encoding and are dropped when lowered.
///
/// ```swift
/// let hex = CodePointSet(ranges: [0x30...0x39, 0x41...0x46, 0x61...0x66])
/// hex.contains(0x42)   // true
/// ```
public struct CodePointSet: Hashable, Sendable {
  /// The largest Unicode scalar value.
  public static let maxCodePoint: UInt32 = 0x10FFFF

  /// The member ranges: sorted, disjoint and non-adjacent (a canonical form, so `==`
  /// compares sets).
  public private(set) var ranges: [ClosedRange<UInt32>]

  /// Creates a set from arbitrary ranges (any order, may overlap); values above
  /// U+10FFFF are clipped.
  public init(ranges: some Sequence<ClosedRange<UInt32>>) {
    let sorted = ranges.compactMap { r -> ClosedRange<UInt32>? in
      guard r.lowerBound <= Self.maxCodePoint else { return nil }
      return r.lowerBound...min(r.upperBound, Self.maxCodePoint)
    }.sorted { $0.lowerBound < $1.lowerBound }
    var merged: [ClosedRange<UInt32>] = []
    merged.reserveCapacity(sorted.count)
    for r in sorted {
      if let last = merged.last, r.lowerBound <= last.upperBound &+ 1 {
        if r.upperBound > last.upperBound {
          merged[merged.count - 1] = last.lowerBound...r.upperBound
        }
      } else {
        merged.append(r)
      }
    }
    self.ranges = merged
  }

  /// The empty set.
  public init() { ranges = [] }

  /// The empty set.
  public static let empty = CodePointSet()

  /// Every Unicode scalar value (U+0000–U+10FFFF without the surrogates).
  public static let any = CodePointSet(ranges: [0...0xD7FF, 0xE000...0x10FFFF])

  /// The set holding only `codePoint`.
  public static func single(_ codePoint: UInt32) -> CodePointSet {
    CodePointSet(ranges: [codePoint...codePoint])
  }

  /// The set holding `lo...hi`.
  public static func range(_ lo: UInt32, _ hi: UInt32) -> CodePointSet {
    CodePointSet(ranges: [lo...hi])
  }

  /// The set of the scalars of `string`.
  public init(scalarsOf string: String) {
    self.init(ranges: string.unicodeScalars.map { $0.value...$0.value })
  }

  /// Whether the set has no member.
  public var isEmpty: Bool { ranges.isEmpty }

  /// The number of members.
  public var count: Int { ranges.reduce(0) { $0 + Int($1.upperBound - $1.lowerBound) + 1 } }

  /// Whether `codePoint` is a member.
  ///
  /// - Complexity: O(log r) for r ranges.
  public func contains(_ codePoint: UInt32) -> Bool {
    var lo = 0
    var hi = ranges.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if ranges[mid].upperBound < codePoint {
        lo = mid + 1
      } else {
        hi = mid
      }
    }
    return lo < ranges.count && ranges[lo].contains(codePoint)
  }

  /// The members of either set.
  public func union(_ other: CodePointSet) -> CodePointSet {
    CodePointSet(ranges: ranges + other.ranges)
  }

  /// The members of both sets.
  ///
  /// - Complexity: O(r + s) for r and s ranges.
  public func intersection(_ other: CodePointSet) -> CodePointSet {
    var result: [ClosedRange<UInt32>] = []
    var i = 0
    var j = 0
    while i < ranges.count, j < other.ranges.count {
      let a = ranges[i]
      let b = other.ranges[j]
      let lo = max(a.lowerBound, b.lowerBound)
      let hi = min(a.upperBound, b.upperBound)
      if lo <= hi { result.append(lo...hi) }
      if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
    }
    var set = CodePointSet()
    set.ranges = result
    return set
  }

  /// The scalar values (U+0000–U+10FFFF without surrogates) that are not members.
  ///
  /// - Complexity: O(r) for r ranges.
  public var inverted: CodePointSet {
    var result: [ClosedRange<UInt32>] = []
    var next: UInt32 = 0
    for r in ranges {
      if r.lowerBound > next { result.append(next...(r.lowerBound - 1)) }
      next = r.upperBound &+ 1
    }
    if next <= Self.maxCodePoint { result.append(next...Self.maxCodePoint) }
    var set = CodePointSet()
    set.ranges = result
    return set.intersection(.any)
  }

  /// The members of `self` that are not in `other`.
  public func subtracting(_ other: CodePointSet) -> CodePointSet {
    intersection(other.inverted.union(CodePointSet(ranges: [0xD800...0xDFFF])))
  }
}

extension CodePointSet: CustomStringConvertible {
  public var description: String {
    let parts = ranges.map { r in
      r.lowerBound == r.upperBound
        ? "U+\(String(r.lowerBound, radix: 16, uppercase: true))"
        : "U+\(String(r.lowerBound, radix: 16, uppercase: true))-U+\(String(r.upperBound, radix: 16, uppercase: true))"
    }
    return "[" + parts.joined(separator: ",") + "]"
  }
}
