import Foundation

/// `format` checkers, used when formats are assertions (`assertFormat`, or the 2020-12
/// format-assertion vocabulary).
///
/// Exact: date, time, date-time, duration, ipv4, ipv6, uuid, json-pointer,
/// relative-json-pointer, regex (ECMA-262 via the pattern translator and libpcre2,
/// without libpcre2's size limit), uri,
/// uri-reference, iri, iri-reference, uri-template, hostname (RFC 1123 plus A-label
/// Punycode decoding). Best effort: email and idn-email (RFC 5321 dot-atom / quoted
/// local part, hostname or address-literal domain; no comments or folding white space),
/// idn-hostname (length and character-class rules, not the full IDNA2008 contextual
/// and Bidi rules).
enum FormatCheckers {
  /// The checker for a format name, or nil for unknown formats (which always pass).
  static func checker(for name: String, dialect: SchemaDialect) -> (@Sendable (String) -> Bool)? {
    switch name {
    case "date": return { isDate(Array($0.utf8)) }
    case "time": return { isTime(Array($0.utf8)) }
    case "date-time": return isDateTime
    case "duration": return { isDuration(Array($0.utf8)) }
    case "ipv4": return { isIPv4(Substring($0)) }
    case "ipv6": return { isIPv6(Substring($0)) }
    case "uuid": return isUUID
    case "json-pointer": return { isJSONPointer(Substring($0)) }
    case "relative-json-pointer": return isRelativeJSONPointer
    case "regex": return ECMARegex.isValidSyntax
    case "uri": return { URIChecker.check($0, iri: false, requireScheme: true) }
    case "uri-reference": return { URIChecker.check($0, iri: false, requireScheme: false) }
    case "iri": return { URIChecker.check($0, iri: true, requireScheme: true) }
    case "iri-reference": return { URIChecker.check($0, iri: true, requireScheme: false) }
    case "uri-template": return isURITemplate
    case "hostname":
      let aLabels = dialect >= .draft7
      return { Hostname.isHostname($0, aLabels: aLabels) }
    case "idn-hostname": return { Hostname.isIDNHostname($0) }
    case "email": return { isEmail($0, international: false) }
    case "idn-email": return { isEmail($0, international: true) }
    default: return nil
    }
  }

  // MARK: Dates and times (RFC 3339)

  static func digits(_ b: [UInt8], _ from: Int, _ count: Int) -> Int? {
    guard from + count <= b.count else { return nil }
    var v = 0
    for i in from..<(from + count) {
      guard b[i] >= 48 && b[i] <= 57 else { return nil }
      v = v * 10 + Int(b[i] - 48)
    }
    return v
  }

  static func isDate(_ b: [UInt8]) -> Bool {
    guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
      let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2), (1...12).contains(m), d >= 1
    else { return false }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return d <= days
  }

  static func isTime(_ b: [UInt8]) -> Bool {
    guard b.count >= 9, b[2] == UInt8(ascii: ":"), b[5] == UInt8(ascii: ":"),
      let h = digits(b, 0, 2), let m = digits(b, 3, 2), let s = digits(b, 6, 2), h <= 23, m <= 59, s <= 60
    else { return false }
    var i = 8
    if b[i] == UInt8(ascii: ".") {
      i += 1
      let start = i
      while i < b.count, b[i] >= 48 && b[i] <= 57 { i += 1 }
      guard i > start else { return false }
    }
    guard i < b.count else { return false }
    var offsetMinutes = 0
    if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
      guard i + 1 == b.count else { return false }
    } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
      guard b.count == i + 6, b[i + 3] == UInt8(ascii: ":"), let oh = digits(b, i + 1, 2),
        let om = digits(b, i + 4, 2), oh <= 23, om <= 59
      else { return false }
      offsetMinutes = (oh * 60 + om) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
    } else {
      return false
    }
    if s == 60 {
      // A leap second is only at 23:59:60 UTC.
      let utc = ((h * 60 + m - offsetMinutes) % 1440 + 1440) % 1440
      return utc == 23 * 60 + 59
    }
    return true
  }

  static let isDateTime: @Sendable (String) -> Bool = { s in
    let b = Array(s.utf8)
    guard b.count > 11, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") else { return false }
    return isDate(Array(b[0..<10])) && isTime(Array(b[11...]))
  }

  /// RFC 3339 Appendix A: `P[nY][nM][nD][T[nH][nM][nS]]` or `PnW`.
  static func isDuration(_ b: [UInt8]) -> Bool {
    guard b.first == UInt8(ascii: "P"), b.count > 1 else { return false }
    var i = 1
    var order = Array("YMD".utf8)
    var sawAny = false
    var inTime = false
    var sawTimeUnit = false
    while i < b.count {
      if b[i] == UInt8(ascii: "T") {
        guard !inTime else { return false }
        inTime = true
        order = Array("HMS".utf8)
        i += 1
        guard i < b.count else { return false }
        continue
      }
      let start = i
      while i < b.count, b[i] >= 48 && b[i] <= 57 { i += 1 }
      guard i > start, i < b.count else { return false }
      let unit = b[i]
      i += 1
      if unit == UInt8(ascii: "W") {
        return !sawAny && !inTime && i == b.count
      }
      guard let pos = order.firstIndex(of: unit) else { return false }
      // Units are contiguous: P1Y2D (no months) and PT1H2S (no minutes) are invalid.
      let sectionStarted = inTime ? sawTimeUnit : sawAny
      if sectionStarted && pos != 0 { return false }
      order.removeFirst(pos + 1)
      sawAny = true
      if inTime { sawTimeUnit = true }
    }
    return sawAny && (!inTime || sawTimeUnit)
  }

  // MARK: Addresses

  static func isIPv4(_ s: Substring) -> Bool {
    let parts = s.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return false }
    for p in parts {
      guard !p.isEmpty, p.count <= 3, p.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
      if p.count > 1 && p.first == "0" { return false }
      guard let v = Int(p), v <= 255 else { return false }
    }
    return true
  }

  static func isIPv6(_ s: Substring) -> Bool {
    guard !s.isEmpty, s.utf8.allSatisfy({ $0 < 128 }) else { return false }
    var text = s
    var groupsNeeded = 8
    // An embedded IPv4 address takes the last two groups.
    if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
      guard isIPv4(text[text.index(after: lastColon)...]) else { return false }
      text = text[...lastColon]
      if !text.hasSuffix("::") { text = text.dropLast() }
      groupsNeeded = 6
    }
    let halves = text.components(separatedBy: "::")
    guard halves.count <= 2 else { return false }
    func groups(_ h: String) -> Int? {
      if h.isEmpty { return 0 }
      let g = h.split(separator: ":", omittingEmptySubsequences: false)
      for x in g {
        guard (1...4).contains(x.count), x.allSatisfy(\.isHexDigit) else { return nil }
      }
      return g.count
    }
    if halves.count == 2 {
      guard let a = groups(halves[0]), let b = groups(halves[1]) else { return false }
      return a + b < groupsNeeded
    }
    guard let a = groups(halves[0]) else { return false }
    return a == groupsNeeded
  }

  static let isUUID: @Sendable (String) -> Bool = { s in
    let b = Array(s.utf8)
    guard b.count == 36 else { return false }
    for (i, c) in b.enumerated() {
      if i == 8 || i == 13 || i == 18 || i == 23 {
        guard c == UInt8(ascii: "-") else { return false }
      } else {
        guard (48...57).contains(c) || (65...70).contains(c) || (97...102).contains(c) else { return false }
      }
    }
    return true
  }

  // MARK: JSON Pointers

  static func isJSONPointer(_ s: Substring) -> Bool {
    if s.isEmpty { return true }
    guard s.first == "/" else { return false }
    var it = s.unicodeScalars.makeIterator()
    while let c = it.next() {
      if c == "~" {
        guard let n = it.next(), n == "0" || n == "1" else { return false }
      }
    }
    return true
  }

  static let isRelativeJSONPointer: @Sendable (String) -> Bool = { s in
    let u = s.unicodeScalars
    var i = u.startIndex
    var count = 0
    while i < u.endIndex, u[i].isASCII, ("0"..."9").contains(u[i]) {
      i = u.index(after: i)
      count += 1
    }
    guard count > 0 else { return false }
    if count > 1 && u.first == "0" { return false }
    let rest = Substring(String(u[i...]))
    return rest == "#" || isJSONPointer(rest)
  }

  // MARK: URI templates (RFC 6570)

  static let isURITemplate: @Sendable (String) -> Bool = { s in
    let u = Array(s.unicodeScalars)
    var i = 0
    while i < u.count {
      let c = u[i]
      if c == "}" { return false }
      if c == "{" {
        guard let close = u[i...].firstIndex(of: "}") else { return false }
        var body = Array(u[(i + 1)..<close])
        if body.contains("{") { return false }
        if let op = body.first, "+#./;?&=,!@|".unicodeScalars.contains(op) {
          guard "+#./;?&".unicodeScalars.contains(op) else { return false }
          body.removeFirst()
        }
        guard !body.isEmpty else { return false }
        for spec in String(String.UnicodeScalarView(body)).split(separator: ",", omittingEmptySubsequences: false) {
          guard isVarSpec(spec) else { return false }
        }
        i = close + 1
        continue
      }
      if c == "%" {
        guard i + 2 < u.count, u[i + 1].properties.isASCIIHexDigit, u[i + 2].properties.isASCIIHexDigit else {
          return false
        }
        i += 3
        continue
      }
      // Literals: anything but CTL, SP, DQUOTE, "'", "%", "<", ">", "\", "^", "`", "{", "|", "}".
      if c.value <= 0x20 || c.value == 0x7F || "\"<>\\^`|".unicodeScalars.contains(c) { return false }
      i += 1
    }
    return true
  }

  static func isVarSpec(_ spec: Substring) -> Bool {
    var name = spec
    if name.hasSuffix("*") {
      name = name.dropLast()
    } else if let colon = name.firstIndex(of: ":") {
      let len = name[name.index(after: colon)...]
      guard (1...4).contains(len.count), len.first != "0", len.allSatisfy({ $0.isASCII && $0.isNumber }) else {
        return false
      }
      name = name[..<colon]
    }
    guard !name.isEmpty, !name.hasPrefix("."), !name.hasSuffix("."), !name.contains("..") else { return false }
    let u = Array(name.unicodeScalars)
    var i = 0
    while i < u.count {
      let c = u[i]
      if c == "%" {
        guard i + 2 < u.count, u[i + 1].properties.isASCIIHexDigit, u[i + 2].properties.isASCIIHexDigit else {
          return false
        }
        i += 3
        continue
      }
      guard c.isASCII, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "." else {
        return false
      }
      i += 1
    }
    return true
  }

  // MARK: E-mail (RFC 5321 / RFC 6531), best effort

  static func isEmail(_ s: String, international: Bool) -> Bool {
    guard let at = s.lastIndex(of: "@") else { return false }
    let local = s[..<at]
    let domain = s[s.index(after: at)...]
    guard !local.isEmpty, !domain.isEmpty, local.utf8.count <= 64 || international else { return false }
    // Local part: dot-atom or quoted string.
    if local.hasPrefix("\"") {
      guard local.count >= 2, local.hasSuffix("\"") else { return false }
      var escaped = false
      for c in local.dropFirst().dropLast().unicodeScalars {
        if escaped {
          escaped = false
          continue
        }
        if c == "\\" {
          escaped = true
          continue
        }
        if c == "\"" { return false }
        if !international && (c.value > 0x7E || (c.value < 0x20 && c != "\t")) { return false }
      }
      if escaped { return false }
    } else {
      guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
      let atext = "!#$%&'*+-/=?^_`{|}~."
      for c in local.unicodeScalars {
        if c.isASCII {
          guard c.properties.isAlphabetic || ("0"..."9").contains(c) || atext.unicodeScalars.contains(c) else {
            return false
          }
        } else if !international || c == "\u{FF20}" {
          return false
        }
      }
    }
    // Domain: a hostname or an address literal.
    if domain.hasPrefix("[") {
      guard domain.hasSuffix("]") else { return false }
      let inner = domain.dropFirst().dropLast()
      if inner.hasPrefix("IPv6:") { return isIPv6(inner.dropFirst(5)) }
      return isIPv4(inner)
    }
    return international ? Hostname.isIDNHostname(String(domain)) : Hostname.isHostname(String(domain))
  }
}
