/// About 1 MB of lines for one pattern, generated from a fixed seed: roughly half of the
/// lines match, the others are near misses (so neither engine can reject them at the
/// first byte).
struct MatchWorkload {
  enum Kind: String, CaseIterable, CustomStringConvertible {
    case email
    case dateTime
    case decimal

    var description: String { rawValue }
  }

  let pattern: String
  /// Every line, back to back (no separators).
  let bytes: [UInt8]
  /// `lines[i]` is the byte range of line i in ``bytes``.
  let lines: [Range<Int>]

  var lineCount: Int { lines.count }
  var byteCount: Int { bytes.count }

  static let targetBytes = 1_000_000

  init(_ kind: Kind) {
    var rng = SplitMix64(seed: 0xA7_0A7A)
    var bytes: [UInt8] = []
    var lines: [Range<Int>] = []
    bytes.reserveCapacity(Self.targetBytes + 256)
    switch kind {
    case .email: pattern = #"^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$"#
    case .dateTime: pattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"#
    case .decimal: pattern = #"[0-9]+(\.[0-9]+)?"#
    }
    while bytes.count < Self.targetBytes {
      let good = rng.next() % 2 == 0
      let line: String
      switch kind {
      case .email: line = Self.email(&rng, good: good)
      case .dateTime: line = Self.dateTime(&rng, good: good)
      case .decimal: line = Self.decimalLine(&rng, good: good)
      }
      let start = bytes.count
      bytes.append(contentsOf: line.utf8)
      lines.append(start..<bytes.count)
    }
    self.bytes = bytes
    self.lines = lines
  }

  /// Calls `body` with each line (a view into ``bytes``, no copy).
  func withLines(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
    try bytes.withUnsafeBufferPointer { all in
      guard let base = all.baseAddress else { return }
      for r in lines {
        try body(UnsafeBufferPointer(start: base + r.lowerBound, count: r.count))
      }
    }
  }

  // MARK: Generators

  static let lower = Array("abcdefghijklmnopqrstuvwxyz")
  static let digits = Array("0123456789")

  static func word(_ rng: inout SplitMix64, _ alphabet: [Character], _ min: Int, _ max: Int) -> String {
    let n = min + Int(rng.next() % UInt64(max - min + 1))
    return String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
  }

  static func email(_ rng: inout SplitMix64, good: Bool) -> String {
    let local = word(&rng, lower + digits + [".", "_", "-"], 3, 20)
    let host = word(&rng, lower, 3, 12) + "." + word(&rng, lower + ["-"], 2, 10)
    let tld = word(&rng, lower, 2, 6)
    if good { return "\(local)@\(host).\(tld)" }
    switch rng.next() % 4 {
    case 0: return "\(local)\(host).\(tld)"  // no @
    case 1: return "\(local)@\(host).\(tld.uppercased())"  // upper-case TLD
    case 2: return "\(local)@\(host).\(tld)1"  // digit in the TLD
    default: return "\(local) @\(host).\(tld)"  // space
    }
  }

  static func two(_ rng: inout SplitMix64, _ limit: UInt64) -> String {
    let v = rng.next() % limit
    return v < 10 ? "0\(v)" : "\(v)"
  }

  static func dateTime(_ rng: inout SplitMix64, good: Bool) -> String {
    let date = "\(1970 + rng.next() % 80)-\(two(&rng, 13))-\(two(&rng, 29))"
    let time = "\(two(&rng, 24)):\(two(&rng, 60)):\(two(&rng, 60))"
    let fraction = rng.next() % 2 == 0 ? "" : "." + word(&rng, digits, 1, 6)
    let zone = rng.next() % 2 == 0 ? "Z" : "\(rng.next() % 2 == 0 ? "+" : "-")\(two(&rng, 24)):\(two(&rng, 60))"
    if good { return "\(date)T\(time)\(fraction)\(zone)" }
    switch rng.next() % 3 {
    case 0: return "\(date) \(time)\(fraction)\(zone)"  // space instead of T
    case 1: return "\(date)T\(time)\(fraction)"  // no zone
    default: return "\(date)T\(time)\(fraction)\(zone)x"  // trailing garbage
    }
  }

  static func decimalLine(_ rng: inout SplitMix64, good: Bool) -> String {
    var words: [String] = []
    let n = 3 + Int(rng.next() % 8)
    for _ in 0..<n { words.append(word(&rng, lower, 2, 9)) }
    if good {
      let number = word(&rng, digits, 1, 6) + (rng.next() % 2 == 0 ? "" : "." + word(&rng, digits, 1, 4))
      words.insert(number, at: Int(rng.next() % UInt64(words.count + 1)))
    }
    return words.joined(separator: " ")
  }
}

/// A small seeded generator (SplitMix64), so the fixtures are the same in every run.
struct SplitMix64 {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
