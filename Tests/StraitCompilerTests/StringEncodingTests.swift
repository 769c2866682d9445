import StraitCompiler
import StraitJSON
import Foundation
import Testing

/// Every JSON encoding of every ASCII character is accepted inside a string literal
/// (`const`, property names), and nothing else is: the encoder builds single ASCII
/// characters on a fast path that must keep the language of the general construction.
@Suite struct StringEncodingTests {
  /// The texts `"x<c>y"` in every encoding of `c` RFC 8259 allows.
  static func encodings(of c: UInt32) -> [String] {
    var bodies: [String] = []
    if c >= 0x20 && c != 0x22 && c != 0x5C { bodies.append(String(UnicodeScalar(UInt8(c)))) }
    let short: [UInt32: String] = [0x22: "\\\"", 0x5C: "\\\\", 0x2F: "\\/", 0x08: "\\b", 0x0C: "\\f", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"]
    if let s = short[c] { bodies.append(s) }
    let hex = String(c, radix: 16)
    let padded = String(repeating: "0", count: 4 - hex.count) + hex
    bodies.append("\\u" + padded.lowercased())
    bodies.append("\\u" + padded.uppercased())
    bodies.append("\\U" + padded)  // invalid: marked below
    return bodies.map { "\"x\($0)y\"" }
  }

  @Test func everyASCIICharacterInEveryEncoding() throws {
    for c in UInt32(0)..<0x80 {
      var key = "x"
      key.unicodeScalars.append(UnicodeScalar(UInt8(c)))
      key += "y"
      let schema = #"{"const": "# + JSONSerializer.quote(key) + "}"
      let g = try SchemaCompiler.compile(schemaText: schema)
      let texts = Self.encodings(of: c)
      for text in texts.dropLast() {
        #expect(try g.match(Array(text.utf8)).accepted, "\(schema) should accept \(text)")
      }
      // `\U` is not an escape; the neighbouring code point is another string; raw
      // control characters, `"` and `\` must be escaped.
      #expect(try !g.match(Array(texts.last!.utf8)).accepted)
      let other = String(format: "\"x\\u%04xy\"", (c + 1) % 0x80)
      #expect(try !g.match(Array(other.utf8)).accepted, "\(schema) should reject \(other)")
      if c < 0x20 || c == 0x22 || c == 0x5C {
        var raw = Array("\"x".utf8)
        raw.append(UInt8(c))
        raw += Array("y\"".utf8)
        #expect(try !g.match(raw).accepted, "\(schema) should reject the raw byte \(c)")
      }
    }
  }

  @Test func propertyNamesAcceptEscapedSpellings() throws {
    let g = try SchemaCompiler.compile(
      schemaText: #"{"type":"object","properties":{"a/b":{"type":"integer"}},"required":["a/b"],"additionalProperties":false}"#)
    for text in [#"{"a/b":1}"#, #"{"a\/b":1}"#, #"{"\u0061\u002Fb":1}"#, #"{"\u0061\u002fb": 1}"#] {
      #expect(try g.match(Array(text.utf8)).accepted, "should accept \(text)")
    }
    for text in [#"{"a\\b":1}"#, #"{"ab":1}"#, #"{"\u0062/b":1}"#] {
      #expect(try !g.match(Array(text.utf8)).accepted, "should reject \(text)")
    }
  }
}
