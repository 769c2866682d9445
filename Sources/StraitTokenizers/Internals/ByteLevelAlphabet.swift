/// The GPT-2 byte-to-unicode table used by byte-level BPE (GPT-2, Llama 3, Qwen2.5).
///
/// Byte-level BPE writes every byte as a printable code point: the bytes `!`…`~`, `¡`…`¬` and
/// `®`…`ÿ` stand for themselves, the other 68 bytes (controls, space, DEL, NBSP, soft hyphen…)
/// are U+0100, U+0101, … in byte order. The decoder maps each code point back.
enum ByteLevelAlphabet {
  /// The code point that stands for each byte.
  static let codePointOfByte: [UInt32] = {
    var table = [UInt32](repeating: 0, count: 256)
    var next: UInt32 = 256
    for b in 0..<256 {
      if (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b) {
        table[b] = UInt32(b)
      } else {
        table[b] = next
        next += 1
      }
    }
    return table
  }()

  /// Code points 0..<324 mapped back to their byte, or -1 for code points that stand for no byte.
  static let byteOfCodePoint: [Int16] = {
    var table = [Int16](repeating: -1, count: 324)
    for (b, cp) in codePointOfByte.enumerated() { table[Int(cp)] = Int16(b) }
    return table
  }()

  /// The byte-level text of raw bytes (for tests and the inverse direction).
  static func encode(_ bytes: some Sequence<UInt8>) -> String {
    var s = String.UnicodeScalarView()
    for b in bytes {
      if let scalar = Unicode.Scalar(codePointOfByte[Int(b)]) { s.append(scalar) }
    }
    return String(s)
  }
}
