/// Builds small GGUF files in tests (little endian), including deliberately broken ones.
struct GGUFWriter {
  enum Value {
    case u32(UInt32)
    case i32(Int32)
    case u64(UInt64)
    case bool(Bool)
    case string(String)
    case strings([String])
    case i32s([Int32])
    case f32s([Float])
    /// A raw value: the type code and its encoded bytes.
    case raw(type: UInt32, bytes: [UInt8])
  }

  var version: UInt32 = 3
  var pairs: [(String, Value)] = []

  static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
    withUnsafeBytes(of: v.littleEndian) { Array($0) }
  }

  static func string(_ s: String) -> [UInt8] { le(UInt64(s.utf8.count)) + Array(s.utf8) }

  func encode() -> [UInt8] {
    var out: [UInt8] = Array("GGUF".utf8) + Self.le(version) + Self.le(UInt64(0)) + Self.le(UInt64(pairs.count))
    for (key, value) in pairs {
      out += Self.string(key)
      switch value {
      case .u32(let v): out += Self.le(UInt32(4)) + Self.le(v)
      case .i32(let v): out += Self.le(UInt32(5)) + Self.le(v)
      case .u64(let v): out += Self.le(UInt32(10)) + Self.le(v)
      case .bool(let v): out += Self.le(UInt32(7)) + [v ? 1 : 0]
      case .string(let v): out += Self.le(UInt32(8)) + Self.string(v)
      case .strings(let v):
        out += Self.le(UInt32(9)) + Self.le(UInt32(8)) + Self.le(UInt64(v.count))
        for s in v { out += Self.string(s) }
      case .i32s(let v):
        out += Self.le(UInt32(9)) + Self.le(UInt32(5)) + Self.le(UInt64(v.count))
        for x in v { out += Self.le(x) }
      case .f32s(let v):
        out += Self.le(UInt32(9)) + Self.le(UInt32(6)) + Self.le(UInt64(v.count))
        for x in v { out += Self.le(x.bitPattern) }
      case .raw(let type, let bytes): out += Self.le(type) + bytes
      }
    }
    return out
  }

  /// A small valid SentencePiece ("llama") vocabulary.
  static func llama(tokens: [String]? = nil, types: [Int32]? = nil, extra: [(String, Value)] = []) -> GGUFWriter {
    let t = tokens ?? ["<unk>", "<s>", "</s>", "<0x41>", "▁a", "b"]
    var w = GGUFWriter()
    w.pairs = [
      ("general.architecture", .string("llama")),
      ("tokenizer.ggml.model", .string("llama")),
      ("tokenizer.ggml.tokens", .strings(t)),
      ("tokenizer.ggml.token_type", .i32s(types ?? [2, 3, 3, 6, 1, 1])),
      ("tokenizer.ggml.bos_token_id", .u32(1)),
      ("tokenizer.ggml.eos_token_id", .u32(2)),
    ] + extra
    return w
  }
}
