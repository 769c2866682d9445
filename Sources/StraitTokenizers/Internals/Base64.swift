/// Standard base64 (RFC 4648 §4, `+` `/`, `=` padding) decoding for tiktoken rank files.
enum Base64 {
  /// 0...63 per alphabet byte; 64 for `=`; 255 for anything else.
  private static let table: [UInt8] = {
    var t = [UInt8](repeating: 255, count: 256)
    for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
      t[Int(c)] = UInt8(i)
    }
    t[Int(UInt8(ascii: "="))] = 64
    return t
  }()

  /// Appends the decoded bytes of `text` to `out`; false (with `out` partly written) when
  /// `text` is not canonical padded base64.
  static func decode(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
    let n = text.count
    guard n % 4 == 0 else { return false }
    let table = self.table
    var i = 0
    while i < n {
      let a = table[Int(text[i])]
      let b = table[Int(text[i + 1])]
      let c = table[Int(text[i + 2])]
      let d = table[Int(text[i + 3])]
      guard a < 64, b < 64 else { return false }
      out.append(a << 2 | b >> 4)
      if c == 64 {
        // "xx==": only in the last quad, and the unused bits must be zero.
        guard d == 64, i + 4 == n, b & 0x0F == 0 else { return false }
      } else {
        guard c < 64 else { return false }
        out.append(b << 4 | c >> 2)
        if d == 64 {
          guard i + 4 == n, c & 0x03 == 0 else { return false }
        } else {
          guard d < 64 else { return false }
          out.append(c << 6 | d)
        }
      }
      i += 4
    }
    return true
  }
}
