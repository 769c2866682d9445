/// A URI reference split into its RFC 3986 components, with reference resolution.
///
/// Only what `$id` and `$ref` need: parsing, resolution against a base (§5.2) and the
/// fragment.
struct URIReference: Hashable {
  var scheme: String?
  var authority: String?
  var path: String
  var query: String?
  var fragment: String?

  init(_ text: String) {
    var rest = Substring(text)
    if let hash = rest.firstIndex(of: "#") {
      fragment = String(rest[rest.index(after: hash)...])
      rest = rest[..<hash]
    }
    if let q = rest.firstIndex(of: "?") {
      query = String(rest[rest.index(after: q)...])
      rest = rest[..<q]
    }
    // A scheme is letters/digits/+-. before the first ':' that precedes any '/'.
    if let colon = rest.firstIndex(of: ":"),
      let first = rest.first, first.isLetter,
      rest[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
    {
      scheme = String(rest[..<colon])
      rest = rest[rest.index(after: colon)...]
    }
    if rest.hasPrefix("//") {
      let afterSlashes = rest.dropFirst(2)
      let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
      authority = String(afterSlashes[..<end])
      rest = afterSlashes[end...]
    }
    path = String(rest)
  }

  private init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
    self.scheme = scheme
    self.authority = authority
    self.path = path
    self.query = query
    self.fragment = fragment
  }

  /// The reference as text.
  var text: String {
    var s = ""
    if let scheme { s += scheme + ":" }
    if let authority { s += "//" + authority }
    s += path
    if let query { s += "?" + query }
    if let fragment { s += "#" + fragment }
    return s
  }

  /// The reference without its fragment.
  var withoutFragment: URIReference {
    var u = self
    u.fragment = nil
    return u
  }

  /// Resolves `ref` against this (absolute) base URI (RFC 3986 §5.2.2).
  func resolve(_ ref: String) -> URIReference {
    let r = URIReference(ref)
    if r.scheme != nil {
      return URIReference(
        scheme: r.scheme, authority: r.authority, path: Self.removeDotSegments(r.path),
        query: r.query, fragment: r.fragment)
    }
    if r.authority != nil {
      return URIReference(
        scheme: scheme, authority: r.authority, path: Self.removeDotSegments(r.path),
        query: r.query, fragment: r.fragment)
    }
    if r.path.isEmpty {
      return URIReference(
        scheme: scheme, authority: authority, path: path, query: r.query ?? query, fragment: r.fragment)
    }
    let merged: String
    if r.path.hasPrefix("/") {
      merged = r.path
    } else if authority != nil && path.isEmpty {
      merged = "/" + r.path
    } else if let slash = path.lastIndex(of: "/") {
      merged = String(path[...slash]) + r.path
    } else {
      merged = r.path
    }
    return URIReference(
      scheme: scheme, authority: authority, path: Self.removeDotSegments(merged), query: r.query,
      fragment: r.fragment)
  }

  /// RFC 3986 §5.2.4.
  static func removeDotSegments(_ path: String) -> String {
    guard path.utf8.contains(UInt8(ascii: ".")) else { return path }
    var input = Substring(path)
    var output: [Substring] = []
    var out = ""
    while !input.isEmpty {
      if input.hasPrefix("../") {
        input = input.dropFirst(3)
      } else if input.hasPrefix("./") {
        input = input.dropFirst(2)
      } else if input.hasPrefix("/./") {
        input = input.dropFirst(2)
      } else if input == "/." {
        input = "/"
      } else if input.hasPrefix("/../") {
        input = input.dropFirst(3)
        _ = output.popLast()
      } else if input == "/.." {
        input = "/"
        _ = output.popLast()
      } else if input == "." || input == ".." {
        input = ""
      } else {
        var end = input.index(after: input.startIndex)
        while end < input.endIndex && input[end] != "/" { end = input.index(after: end) }
        output.append(input[..<end])
        input = input[end...]
      }
    }
    for seg in output { out += seg }
    return out
  }
}

extension String {
  /// Percent-decodes a URI fragment (for JSON Pointer fragments such as `#/a%25b`).
  var percentDecoded: String {
    guard utf8.contains(UInt8(ascii: "%")) else { return self }  // not Foundation's substring search
    var bytes: [UInt8] = []
    var it = Array(utf8)[...]
    while let b = it.first {
      it = it.dropFirst()
      if b == UInt8(ascii: "%"), it.count >= 2,
        let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16)
      {
        bytes.append(v)
        it = it.dropFirst(2)
      } else {
        bytes.append(b)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
