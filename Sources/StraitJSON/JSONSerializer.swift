/// Writes ``JSONValue``s as JSON text.
///
/// Escaping (the exact choice, stable across versions): `"` → `\"`, `\` → `\\`;
/// U+0008, U+0009, U+000A, U+000C, U+000D → `\b`, `\t`, `\n`, `\f`, `\r`; every other
/// control character below U+0020 → `\u00xx` (lowercase hex); everything else — `/`,
/// U+007F, non-ASCII, U+2028/U+2029 — is written as raw UTF-8. This is the escaping of
/// Python's `json.dumps(..., ensure_ascii=False)`. Numbers are written exactly as
/// parsed; object members in their stored order.
///
/// ```swift
/// JSONSerializer.serialize(value)                    // {"a":[1,2]}
/// JSONSerializer.serialize(value, style: .pretty)    // two-space indentation
/// JSONSerializer.serialize(value, style: .python)    // {"a": [1, 2]}
/// ```
public enum JSONSerializer {
  /// Layout of the output.
  public enum Style: Sendable {
    /// No whitespace at all.
    case compact
    /// Two-space indentation, one member or element per line, `": "` after names.
    case pretty
    /// One line with `", "` and `": "` separators, as Python's `json.dumps` default.
    case python
  }

  /// Serializes `value` as a String.
  ///
  /// - Complexity: O(size of the output). Recursion depth equals the value's nesting depth.
  public static func serialize(_ value: JSONValue, style: Style = .compact) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(64)
    write(value, style: style, depth: 0, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Serializes `value` as UTF-8 bytes.
  public static func serializeBytes(_ value: JSONValue, style: Style = .compact) -> [UInt8] {
    var out: [UInt8] = []
    write(value, style: style, depth: 0, into: &out)
    return out
  }

  /// Appends the JSON string literal for `string` (with quotes) to `out`.
  public static func writeString(_ string: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for b in string.utf8 {
      switch b {
      case UInt8(ascii: "\""): out.append(0x5C); out.append(b)
      case UInt8(ascii: "\\"): out.append(0x5C); out.append(b)
      case 0x08: out.append(0x5C); out.append(UInt8(ascii: "b"))
      case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
      case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
      case 0x0C: out.append(0x5C); out.append(UInt8(ascii: "f"))
      case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
      case 0..<0x20:
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
        out.append(hex[Int(b >> 4)])
        out.append(hex[Int(b & 0xF)])
      default: out.append(b)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  /// The JSON string literal for `string`, with quotes.
  public static func quote(_ string: String) -> String {
    var out: [UInt8] = []
    writeString(string, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  private static func newline(_ depth: Int, into out: inout [UInt8]) {
    out.append(0x0A)
    for _ in 0..<(depth * 2) { out.append(0x20) }
  }

  private static func write(_ value: JSONValue, style: Style, depth: Int, into out: inout [UInt8]) {
    switch value {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
    case .number(let n): n.withUTF8 { out.append(contentsOf: $0) }
    case .string(let s): writeString(s, into: &out)
    case .array(let elements):
      out.append(UInt8(ascii: "["))
      for (i, element) in elements.enumerated() {
        if i > 0 {
          out.append(UInt8(ascii: ","))
          if style == .python { out.append(0x20) }
        }
        if style == .pretty { newline(depth + 1, into: &out) }
        write(element, style: style, depth: depth + 1, into: &out)
      }
      if style == .pretty && !elements.isEmpty { newline(depth, into: &out) }
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      var first = true
      for (key, member) in members {
        if !first {
          out.append(UInt8(ascii: ","))
          if style == .python { out.append(0x20) }
        }
        first = false
        if style == .pretty { newline(depth + 1, into: &out) }
        writeString(key, into: &out)
        out.append(UInt8(ascii: ":"))
        if style != .compact { out.append(0x20) }
        write(member, style: style, depth: depth + 1, into: &out)
      }
      if style == .pretty && !members.isEmpty { newline(depth, into: &out) }
      out.append(UInt8(ascii: "}"))
    }
  }
}
