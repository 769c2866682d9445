/// Turns a token's text, as a tokenizer file stores it, into the bytes its decoder emits.
///
/// - ``Mode/byteLevel``: every character is mapped back through ``ByteLevelAlphabet``; a token
///   with a character outside the alphabet is kept as its UTF-8 text (what Hugging Face's
///   `ByteLevel` decoder does).
/// - ``Mode/pieces``: SentencePiece style. With byte fallback, a token spelled exactly `<0xNN>`
///   is the byte `0xNN`; otherwise each replacement (normally `▁` → space) is applied.
/// - ``Mode/raw``: the text's UTF-8 bytes.
struct TokenTextDecoder: Sendable {
  enum Mode: Sendable { case byteLevel, pieces, raw }

  var mode: Mode
  /// Whether `<0xNN>` tokens are single bytes (the `ByteFallback` decoder).
  var byteFallback = false
  /// Substring replacements applied in order (the `Replace` / `Metaspace` decoders).
  var replacements: [(from: [UInt8], to: [UInt8])] = []
  /// Whether the decoder strips one leading space from the whole output.
  var stripsLeadingSpace = false

  static let metaspace: [UInt8] = [0xE2, 0x96, 0x81]  // "▁" U+2581

  /// SentencePiece defaults: `▁` → space, byte fallback.
  static var sentencePiece: TokenTextDecoder {
    TokenTextDecoder(
      mode: .pieces, byteFallback: true, replacements: [(metaspace, [0x20])],
      stripsLeadingSpace: true)
  }

  /// Appends the bytes of `text` (valid UTF-8) to `out`.
  func decode(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    switch mode {
    case .raw:
      out.append(contentsOf: text)
    case .byteLevel:
      Self.decodeByteLevel(text, into: &out)
    case .pieces:
      if byteFallback, let byte = Self.fallbackByte(text) {
        out.append(byte)
      } else if replacements.isEmpty {
        out.append(contentsOf: text)
      } else if replacements.count == 1 {
        Self.replace(text, replacements[0].from, replacements[0].to, into: &out)
      } else {
        var current = Array(text)
        for (from, to) in replacements {
          var next: [UInt8] = []
          current.withUnsafeBufferPointer { Self.replace($0, from, to, into: &next) }
          current = next
        }
        out.append(contentsOf: current)
      }
    }
  }

  /// Convenience for tests and small inputs.
  func decode(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    var copy = text
    copy.withUTF8 { decode($0, into: &out) }
    return out
  }

  @inline(__always)
  static func decodeByteLevel(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    let mark = out.count
    let table = ByteLevelAlphabet.byteOfCodePoint
    var i = 0
    let n = text.count
    while i < n {
      let b0 = text[i]
      var cp: Int
      if b0 < 0x80 {
        cp = Int(b0)
        i += 1
      } else if b0 & 0xE0 == 0xC0, i + 1 < n {
        cp = Int(b0 & 0x1F) << 6 | Int(text[i + 1] & 0x3F)
        i += 2
      } else {
        cp = Int.max  // three or more bytes: never in the alphabet
      }
      guard cp < table.count, table[cp] >= 0 else {
        // Not byte-level text: the decoder keeps the token's own UTF-8.
        out.removeSubrange(mark...)
        out.append(contentsOf: text)
        return
      }
      out.append(UInt8(truncatingIfNeeded: table[cp]))
    }
  }

  /// The byte of a `<0xNN>` token, parsed as Hugging Face's `ByteFallback` does
  /// (`u8::from_str_radix` on the two characters, so `<0x+A>` is 0x0A).
  static func fallbackByte(_ t: UnsafeBufferPointer<UInt8>) -> UInt8? {
    guard t.count == 6, t[0] == 0x3C, t[1] == 0x30, t[2] == 0x78, t[5] == 0x3E else { return nil }
    if t[3] == 0x2B {  // "+"
      return hexValue(t[4])
    }
    guard let hi = hexValue(t[3]), let lo = hexValue(t[4]) else { return nil }
    return hi << 4 | lo
  }

  @inline(__always)
  static func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case 0x30...0x39: return c - 0x30
    case 0x41...0x46: return c - 0x41 + 10
    case 0x61...0x66: return c - 0x61 + 10
    default: return nil
    }
  }

  @inline(__always)
  static func replace(
    _ text: UnsafeBufferPointer<UInt8>, _ from: [UInt8], _ to: [UInt8], into out: inout [UInt8]
  ) {
    let n = text.count
    let m = from.count
    guard m > 0, n >= m else {
      out.append(contentsOf: text)
      return
    }
    let first = from[0]
    var i = 0
    while i < n {
      let b = text[i]
      if b == first, i + m <= n {
        var match = true
        var k = 1
        while k < m {
          if text[i + k] != from[k] {
            match = false
            break
          }
          k += 1
        }
        if match {
          out.append(contentsOf: to)
          i += m
          continue
        }
      }
      out.append(b)
      i += 1
    }
  }
}
