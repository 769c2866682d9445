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
  /// - Parameters:
  ///   - value: the value to write.
  ///   - style: the layout (default `.compact`).
  /// - Returns: the JSON text.
  /// - Complexity: O(size of the output). Iterative: any nesting depth is fine.
  public static func serialize(_ value: JSONValue, style: Style = .compact) -> String {
    String(decoding: serializeBytes(value, style: style), as: UTF8.self)
  }

  /// Serializes `value` as UTF-8 bytes.
  ///
  /// - Parameters:
  ///   - value: the value to write.
  ///   - style: the layout (default `.compact`).
  /// - Returns: the JSON text's bytes.
  /// - Complexity: O(size of the output). Iterative: any nesting depth is fine.
  public static func serializeBytes(_ value: JSONValue, style: Style = .compact) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(64)
    write(value, style: style, into: &out)
    return out
  }

  /// Appends the JSON string literal for `string` (with quotes) to `out`.
  ///
  /// - Parameters:
  ///   - string: the string to quote.
  ///   - out: the buffer to append to.
  public static func writeString(_ string: String, into out: inout [UInt8]) {
    var string = string
    string.withUTF8 { utf8 in
      out.append(UInt8(ascii: "\""))
      var runStart = 0
      var i = 0
      while i < utf8.count {
        let b = utf8[i]
        // Only `"`, `\` and C0 controls are escaped; everything else is copied in runs.
        if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
          i += 1
          continue
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
        appendEscape(b, into: &out)
        i += 1
        runStart = i
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
      out.append(UInt8(ascii: "\""))
    }
  }

  private static func appendEscape(_ b: UInt8, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\\"))
    switch b {
    case UInt8(ascii: "\""): out.append(b)
    case UInt8(ascii: "\\"): out.append(b)
    case 0x08: out.append(UInt8(ascii: "b"))
    case 0x09: out.append(UInt8(ascii: "t"))
    case 0x0A: out.append(UInt8(ascii: "n"))
    case 0x0C: out.append(UInt8(ascii: "f"))
    case 0x0D: out.append(UInt8(ascii: "r"))
    default:
      @inline(__always) func hex(_ d: UInt8) -> UInt8 { d < 10 ? 0x30 + d : 0x61 + d - 10 }
      out.append(UInt8(ascii: "u"))
      out.append(UInt8(ascii: "0"))
      out.append(UInt8(ascii: "0"))
      out.append(hex(b >> 4))
      out.append(hex(b & 0xF))
    }
  }

  /// The JSON string literal for `string`, with quotes.
  ///
  /// - Parameter string: the string to quote.
  /// - Returns: `"…"` with the escaping described above.
  public static func quote(_ string: String) -> String {
    var out: [UInt8] = []
    writeString(string, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  private static func newline(_ depth: Int, into out: inout [UInt8]) {
    out.append(0x0A)
    out.append(contentsOf: repeatElement(0x20, count: depth * 2))
  }

  /// A container being written, with the position of its next element.
  private enum Frame {
    case array([JSONValue], next: Int)
    case object(JSONObject, next: Int)
  }

  /// Writes `root` with an explicit stack, so deep values cannot overflow the call stack.
  private static func write(_ root: JSONValue, style: Style, into out: inout [UInt8]) {
    var stack: [Frame] = []
    var pending: JSONValue? = root
    while true {
      if let value = pending {
        pending = nil
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): n.withUTF8 { out.append(contentsOf: $0) }
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
          out.append(UInt8(ascii: "["))
          if elements.isEmpty {
            out.append(UInt8(ascii: "]"))
          } else {
            stack.append(.array(elements, next: 0))
          }
        case .object(let members):
          out.append(UInt8(ascii: "{"))
          if members.isEmpty {
            out.append(UInt8(ascii: "}"))
          } else {
            stack.append(.object(members, next: 0))
          }
        }
      }
      guard let frame = stack.last else { return }
      let depth = stack.count
      switch frame {
      case .array(let elements, let next):
        if next == elements.count {
          if style == .pretty { newline(depth - 1, into: &out) }
          out.append(UInt8(ascii: "]"))
          stack.removeLast()
          continue
        }
        if next > 0 { separator(style, into: &out) }
        if style == .pretty { newline(depth, into: &out) }
        pending = elements[next]
        stack[depth - 1] = .array(elements, next: next + 1)
      case .object(let members, let next):
        if next == members.count {
          if style == .pretty { newline(depth - 1, into: &out) }
          out.append(UInt8(ascii: "}"))
          stack.removeLast()
          continue
        }
        if next > 0 { separator(style, into: &out) }
        if style == .pretty { newline(depth, into: &out) }
        writeString(members.keys[next], into: &out)
        out.append(UInt8(ascii: ":"))
        if style != .compact { out.append(0x20) }
        pending = members.values[next]
        stack[depth - 1] = .object(members, next: next + 1)
      }
    }
  }

  @inline(__always)
  private static func separator(_ style: Style, into out: inout [UInt8]) {
    out.append(UInt8(ascii: ","))
    if style == .python { out.append(0x20) }
  }
}
