/// RFC 3986 URI / RFC 3987 IRI syntax checks for `format`.
enum URIChecker {
  static func isUnreserved(_ c: Unicode.Scalar) -> Bool {
    c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "-._~".unicodeScalars.contains(c))
  }

  static func isSubDelim(_ c: Unicode.Scalar) -> Bool { "!$&'()*+,;=".unicodeScalars.contains(c) }

  /// `ucschar` / `iprivate` of RFC 3987 (approximately: non-ASCII, not a control or surrogate).
  static func isIRIChar(_ c: Unicode.Scalar) -> Bool { c.value >= 0xA0 && !(0xD800...0xDFFF).contains(c.value) }

  /// Checks characters against an allowed set, with `%XX` escapes.
  static func valid(_ u: ArraySlice<Unicode.Scalar>, iri: Bool, extra: String) -> Bool {
    var i = u.startIndex
    while i < u.endIndex {
      let c = u[i]
      if c == "%" {
        guard i + 2 < u.endIndex, u[i + 1].properties.isASCIIHexDigit, u[i + 2].properties.isASCIIHexDigit else {
          return false
        }
        i += 3
        continue
      }
      guard isUnreserved(c) || isSubDelim(c) || extra.unicodeScalars.contains(c) || (iri && isIRIChar(c)) else {
        return false
      }
      i += 1
    }
    return true
  }

  static func check(_ s: String, iri: Bool, requireScheme: Bool) -> Bool {
    let u = Array(s.unicodeScalars)
    var rest = u[...]
    // Fragment and query.
    if let hash = rest.firstIndex(of: "#") {
      guard valid(rest[(hash + 1)...], iri: iri, extra: ":@/?") else { return false }
      rest = rest[..<hash]
    }
    if let q = rest.firstIndex(of: "?") {
      guard valid(rest[(q + 1)...], iri: iri, extra: ":@/?") else { return false }
      rest = rest[..<q]
    }
    // Scheme.
    var hasScheme = false
    if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
      let scheme = rest[..<colon]
      if let first = scheme.first, first.isASCII, first.properties.isAlphabetic,
        scheme.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)) })
      {
        hasScheme = true
        rest = rest[(colon + 1)...]
      } else if !requireScheme {
        return false  // a relative reference's first segment may not contain ":"
      }
    }
    if requireScheme && !hasScheme { return false }
    // Authority.
    if rest.starts(with: ["/", "/"]) {
      rest = rest.dropFirst(2)
      let end = rest.firstIndex(of: "/") ?? rest.endIndex
      var authority = rest[..<end]
      rest = rest[end...]
      if let at = authority.lastIndex(of: "@") {
        guard valid(authority[..<at], iri: iri, extra: ":") else { return false }
        authority = authority[(at + 1)...]
      }
      if authority.first == "[" {
        guard let close = authority.firstIndex(of: "]") else { return false }
        let literal = String(String.UnicodeScalarView(authority[(authority.startIndex + 1)..<close]))
        if literal.first == "v" || literal.first == "V" {
          // IPvFuture: "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
          let parts = literal.dropFirst().split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
          guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy(\.isHexDigit), !parts[1].isEmpty,
            valid(Array(parts[1].unicodeScalars)[...], iri: false, extra: ":")
          else { return false }
        } else if !FormatCheckers.isIPv6(Substring(literal)) {
          return false
        }
        authority = authority[(close + 1)...]
        if !authority.isEmpty {
          guard authority.first == ":", authority.dropFirst().allSatisfy({ ("0"..."9").contains($0) }) else {
            return false
          }
        }
      } else {
        if let colon = authority.lastIndex(of: ":") {
          guard authority[(colon + 1)...].allSatisfy({ ("0"..."9").contains($0) }) else { return false }
          authority = authority[..<colon]
        }
        guard valid(authority, iri: iri, extra: "") else { return false }
      }
    }
    return valid(rest, iri: iri, extra: ":@/")
  }
}
