import Foundation
import StraitJSON

/// The documents a benchmark parses, generated deterministically from a seed.
struct Workload {
  enum Kind: CustomStringConvertible {
    /// One document of about 10 MB.
    case records10MB
    /// 10,000 documents of one record each.
    case small10k

    var description: String {
      switch self {
      case .records10MB: "records10MB"
      case .small10k: "small10k"
      }
    }
  }

  let documents: [[UInt8]]
  let byteCount: Int

  init(_ kind: Kind) {
    var generator = RecordGenerator(seed: 0x5EED)
    switch kind {
    case .records10MB:
      var records: [JSONValue] = []
      var size = 0
      while size < 10_000_000 {
        let record = generator.record(id: records.count)
        size += JSONSerializer.serializeBytes(record, style: .python).count + 2
        records.append(record)
      }
      documents = [JSONSerializer.serializeBytes(.array(records), style: .python)]
    case .small10k:
      documents = (0..<10_000).map { JSONSerializer.serializeBytes(generator.record(id: $0), style: .python) }
    }
    byteCount = documents.reduce(0) { $0 + $1.count }
  }
}

/// Realistic records: the shape of an API listing or a log export.
struct RecordGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  /// SplitMix64.
  private mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z &>> 31)
  }

  private mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
  }

  private mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

  private static let words = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
    "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
    "café", "naïve", "Zürich", "東京", "données", "résumé",
  ]

  private mutating func word() -> String { Self.words[int(0...(Self.words.count - 1))] }

  private mutating func number(_ value: Double) -> JSONValue {
    .number(JSONNumber(value) ?? JSONNumber(0))
  }

  mutating func record(id: Int) -> JSONValue {
    let hex = String(next(), radix: 16)
    var notes: JSONValue = .null
    if int(0...9) >= 3 {
      notes = .string(
        (0..<int(3...25)).map { _ in word() }.joined(separator: " ")
          + (int(0...9) == 0 ? "\n\t\"quoted\"" : ""))
    }
    let history: [JSONValue] = (0..<int(0...3)).map { _ in
      ["t": .number(JSONNumber(1_700_000_000 + int(0...10_000_000))), "v": .number(JSONNumber(int(-50...50)))]
    }
    return [
      "id": .number(JSONNumber(id)),
      "uuid": .string(String(hex.prefix(8)) + "-" + String(hex.dropFirst(8).prefix(4)) + "-" + String(hex.suffix(4))),
      "name": .string(word().capitalized + " " + word().capitalized),
      "email": .string("user\(id)@example.com"),
      "active": .bool(int(0...1) == 1),
      "score": number(((unit() * 2000 - 1000) * 10_000).rounded() / 10_000),
      "ratio": number(unit()),
      "count": .number(JSONNumber(int(0...1_000_000))),
      "tags": .array((0..<int(0...5)).map { _ in .string(word()) }),
      "address": [
        "street": .string("\(int(1...9999)) \(word().capitalized) St"),
        "city": .string(word()),
        "zip": .string(String(int(10000...99999))),
        "geo": ["lat": number(unit() * 180 - 90), "lon": number(unit() * 360 - 180)],
      ],
      "notes": notes,
      "history": .array(history),
    ]
  }
}
