/// Host name checks for `format: hostname` (RFC 1123, RFC 5890 A-labels) and
/// `idn-hostname` (best effort: IDNA2008 length and character rules, not the full
/// contextual and Bidi rules).
enum Hostname {
  /// - Parameter aLabels: apply the IDNA2008 A-label rules (draft 7 and later); without
  ///   them `ab--cd` is a plain RFC 1123 label (drafts 4 and 6).
  static func isHostname(_ s: String, aLabels: Bool = true) -> Bool {
    guard !s.isEmpty, s.utf8.count <= 253, s.unicodeScalars.allSatisfy(\.isASCII) else { return false }
    let labels = s.split(separator: ".", omittingEmptySubsequences: false)
    for label in labels {
      guard isASCIILabel(label, aLabels: aLabels) else { return false }
    }
    return true
  }

  static func isASCIILabel(_ label: Substring, aLabels: Bool = true) -> Bool {
    guard (1...63).contains(label.utf8.count), !label.hasPrefix("-"), !label.hasSuffix("-") else { return false }
    guard label.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") })
    else { return false }
    let chars = Array(label.utf8)
    if aLabels && chars.count >= 4 && chars[2] == UInt8(ascii: "-") && chars[3] == UInt8(ascii: "-") {
      // Only A-labels ("xn--") may have hyphens in positions 3 and 4; they must decode.
      guard label.lowercased().hasPrefix("xn--"), let decoded = Punycode.decode(String(label.dropFirst(4))) else {
        return false
      }
      return isUnicodeLabel(decoded)
    }
    return true
  }

  static func isIDNHostname(_ s: String) -> Bool {
    guard !s.isEmpty else { return false }
    let separators: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]
    var labels: [String] = []
    var current = String.UnicodeScalarView()
    for c in s.unicodeScalars {
      if separators.contains(c) {
        labels.append(String(current))
        current = String.UnicodeScalarView()
      } else {
        current.append(c)
      }
    }
    labels.append(String(current))
    var total = 0
    for label in labels {
      if label.unicodeScalars.allSatisfy(\.isASCII) {
        guard isASCIILabel(Substring(label)) else { return false }
        total += label.utf8.count + 1
      } else {
        guard isUnicodeLabel(label), let encoded = Punycode.encode(label), encoded.count + 4 <= 63 else { return false }
        total += encoded.count + 5
      }
    }
    return total - 1 <= 253
  }

  /// IDNA2008 rules that can be checked without the full tables.
  static func isUnicodeLabel(_ label: String) -> Bool {
    let u = Array(label.unicodeScalars)
    guard let first = u.first, !u.isEmpty else { return false }
    if first == "-" || u.last == "-" { return false }
    if u.count >= 4 && u[2] == "-" && u[3] == "-" { return false }
    // A label must not begin with a combining mark (RFC 5891 §4.2.3.2).
    switch first.properties.generalCategory {
    case .nonspacingMark, .spacingMark, .enclosingMark: return false
    default: break
    }
    for (i, c) in u.enumerated() {
      switch c.value {
      case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B:
        return false  // DISALLOWED in IDNA2008
      case 0x00B7:
        // MIDDLE DOT only between two 'l's (RFC 5892 A.3).
        guard i > 0, i + 1 < u.count, u[i - 1] == "l", u[i + 1] == "l" else { return false }
      case 0x0375:
        // Greek KERAIA must be followed by a Greek character.
        guard i + 1 < u.count, u[i + 1].properties.generalCategory != .unassigned,
          (0x0370...0x03FF).contains(u[i + 1].value) || (0x1F00...0x1FFF).contains(u[i + 1].value)
        else { return false }
      case 0x05F3, 0x05F4:
        // Hebrew GERESH/GERSHAYIM must follow a Hebrew character.
        guard i > 0, (0x0590...0x05FF).contains(u[i - 1].value) else { return false }
      case 0x30FB:
        // KATAKANA MIDDLE DOT needs a Hiragana, Katakana or Han character in the label.
        guard u.contains(where: { (0x3040...0x30FF).contains($0.value) && $0.value != 0x30FB || (0x4E00...0x9FFF).contains($0.value) })
        else { return false }
      case 0x200D, 0x200C:
        // ZERO WIDTH (NON-)JOINER must follow a virama.
        // (Or, for ZWNJ, sit between joining letters: approximated as Arabic-block letters.)
        let virama = i > 0 && u[i - 1].properties.canonicalCombiningClass.rawValue == 9
        let arabic: (Unicode.Scalar) -> Bool = { (0x0620...0x06FF).contains($0.value) }
        let joining = c.value == 0x200C && i > 0 && i + 1 < u.count && arabic(u[i - 1]) && arabic(u[i + 1])
        guard virama || joining else { return false }
      default:
        if c.isASCII && !(c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-") { return false }
      }
    }
    // Arabic-Indic digits and Extended Arabic-Indic digits must not be mixed.
    let arabic = u.contains { (0x0660...0x0669).contains($0.value) }
    let extended = u.contains { (0x06F0...0x06F9).contains($0.value) }
    return !(arabic && extended)
  }
}

/// RFC 3492 Punycode.
enum Punycode {
  static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128

  static func adapt(_ delta: Int, _ numPoints: Int, _ first: Bool) -> Int {
    var d = first ? delta / damp : delta / 2
    d += d / numPoints
    var k = 0
    while d > ((base - tMin) * tMax) / 2 {
      d /= base - tMin
      k += base
    }
    return k + (base - tMin + 1) * d / (d + skew)
  }

  static func digitValue(_ c: UInt8) -> Int? {
    switch c {
    case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(c - UInt8(ascii: "a"))
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(c - UInt8(ascii: "A"))
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(c - UInt8(ascii: "0")) + 26
    default: return nil
    }
  }

  static func decode(_ input: String) -> String? {
    let bytes = Array(input.utf8)
    var output: [UInt32] = []
    var start = 0
    if let delim = bytes.lastIndex(of: UInt8(ascii: "-")) {
      output = bytes[..<delim].map(UInt32.init)
      start = delim + 1
    }
    var n = initialN, i = 0, bias = initialBias
    var pos = start
    while pos < bytes.count {
      let oldI = i
      var w = 1
      var k = base
      while true {
        guard pos < bytes.count, let digit = digitValue(bytes[pos]) else { return nil }
        pos += 1
        guard digit <= (Int.max - i) / w else { return nil }
        i += digit * w
        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
        if digit < t { break }
        w *= base - t
        k += base
      }
      bias = adapt(i - oldI, output.count + 1, oldI == 0)
      n += i / (output.count + 1)
      i %= output.count + 1
      guard n <= 0x10FFFF, !(0xD800...0xDFFF).contains(n) else { return nil }
      output.insert(UInt32(n), at: i)
      i += 1
    }
    var s = String.UnicodeScalarView()
    for v in output {
      guard let scalar = Unicode.Scalar(v) else { return nil }
      s.append(scalar)
    }
    return String(s)
  }

  static func encode(_ input: String) -> String? {
    let cps = input.unicodeScalars.map { Int($0.value) }
    var output = cps.filter { $0 < 128 }.map { Character(Unicode.Scalar(UInt8($0))) }
    let b = output.count
    var h = b
    if b > 0 { output.append("-") }
    var n = initialN, delta = 0, bias = initialBias
    func digit(_ d: Int) -> Character {
      Character(Unicode.Scalar(UInt8(d < 26 ? d + 97 : d + 22)))
    }
    while h < cps.count {
      guard let m = cps.filter({ $0 >= n }).min() else { return nil }
      delta += (m - n) * (h + 1)
      n = m
      for c in cps {
        if c < n { delta += 1 }
        if c == n {
          var q = delta
          var k = base
          while true {
            let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
            if q < t { break }
            output.append(digit(t + (q - t) % (base - t)))
            q = (q - t) / (base - t)
            k += base
          }
          output.append(digit(q))
          bias = adapt(delta, h + 1, h == b)
          delta = 0
          h += 1
        }
      }
      delta += 1
      n += 1
    }
    return String(output)
  }
}
