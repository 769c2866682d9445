/// An RFC 3986 URI reference split into its five components, with reference resolution.
///
/// Schema identifiers (`$id`, `$ref`, `$schema`) are URI references that must be resolved
/// against a base URI exactly as RFC 3986 §5.2 says (dot-segment removal, empty paths,
/// `urn:` URIs without an authority). Foundation's `URL` normalises too eagerly for
/// `urn:` and fragment-only references, so this type does the few steps JSON Schema needs.
///
/// ```swift
/// let base = URIReference("http://example.com/a/b.json")
/// base.resolve(URIReference("../c.json#foo")).description   // http://example.com/c.json#foo
/// ```
public struct URIReference: Hashable, Sendable, CustomStringConvertible {
  /// The scheme without `:` (nil for a relative reference).
  public var scheme: String?
  /// The authority without `//` (nil when absent; empty string for `file:///`).
  public var authority: String?
  /// The path (possibly empty).
  public var path: String
  /// The query without `?` (nil when absent).
  public var query: String?
  /// The fragment without `#` (nil when absent).
  public var fragment: String?

  /// Splits `text` into components (RFC 3986 Appendix B; every string parses).
  public init(_ text: String) {
    var rest = Substring(text)
    if let hash = rest.firstIndex(of: "#") {
      fragment = String(rest[rest.index(after: hash)...])
      rest = rest[..<hash]
    }
    if let q = rest.firstIndex(of: "?") {
      query = String(rest[rest.index(after: q)...])
      rest = rest[..<q]
    }
    // A scheme is ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) followed by ":" before any "/".
    if let colon = rest.firstIndex(of: ":") {
      let candidate = rest[..<colon]
      if let first = candidate.first, first.isASCII, first.isLetter,
        candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
      {
        scheme = String(candidate)
        rest = rest[rest.index(after: colon)...]
      }
    }
    if rest.hasPrefix("//") {
      rest = rest.dropFirst(2)
      let end = rest.firstIndex(of: "/") ?? rest.endIndex
      authority = String(rest[..<end])
      rest = rest[end...]
    }
    path = String(rest)
  }

  /// Creates a reference from components.
  public init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
    self.scheme = scheme
    self.authority = authority
    self.path = path
    self.query = query
    self.fragment = fragment
  }

  /// The recomposed text (RFC 3986 §5.3).
  public var description: String {
    var out = ""
    if let scheme { out += scheme + ":" }
    if let authority { out += "//" + authority }
    out += path
    if let query { out += "?" + query }
    if let fragment { out += "#" + fragment }
    return out
  }

  /// This reference without its fragment.
  public var withoutFragment: URIReference {
    var copy = self
    copy.fragment = nil
    return copy
  }

  /// Whether this is an absolute URI (has a scheme).
  public var isAbsolute: Bool { scheme != nil }

  /// Resolves `reference` against this base (RFC 3986 §5.2.2, strict).
  ///
  /// - Parameter reference: the reference to resolve.
  /// - Returns: the target URI.
  public func resolve(_ reference: URIReference) -> URIReference {
    var target = URIReference(scheme: nil, authority: nil, path: "", query: nil, fragment: nil)
    if let s = reference.scheme {
      target.scheme = s
      target.authority = reference.authority
      target.path = URIReference.removeDotSegments(reference.path)
      target.query = reference.query
    } else {
      if reference.authority != nil {
        target.authority = reference.authority
        target.path = URIReference.removeDotSegments(reference.path)
        target.query = reference.query
      } else {
        if reference.path.isEmpty {
          target.path = path
          target.query = reference.query ?? query
        } else {
          if reference.path.hasPrefix("/") {
            target.path = URIReference.removeDotSegments(reference.path)
          } else {
            target.path = URIReference.removeDotSegments(merge(reference.path))
          }
          target.query = reference.query
        }
        target.authority = authority
      }
      target.scheme = scheme
    }
    target.fragment = reference.fragment
    return target
  }

  /// Resolves the text `reference` against this base.
  public func resolve(_ reference: String) -> URIReference { resolve(URIReference(reference)) }

  /// RFC 3986 §5.2.3.
  private func merge(_ referencePath: String) -> String {
    if authority != nil && path.isEmpty { return "/" + referencePath }
    if let slash = path.lastIndex(of: "/") { return path[...slash] + referencePath }
    return referencePath
  }

  /// RFC 3986 §5.2.4.
  static func removeDotSegments(_ path: String) -> String {
    guard path.contains(".") else { return path }
    var input = Substring(path)
    var output: [Substring] = []
    var result = ""
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
        if !output.isEmpty { output.removeLast() }
      } else if input == "/.." {
        input = "/"
        if !output.isEmpty { output.removeLast() }
      } else if input == "." || input == ".." {
        input = ""
      } else {
        // Move the first segment (with its leading "/" if any) to the output.
        var end = input.index(after: input.startIndex)
        if input.first != "/" { end = input.startIndex }
        end = input[end...].firstIndex(of: "/") ?? input.endIndex
        output.append(input[..<end])
        input = input[end...]
      }
    }
    for segment in output { result += segment }
    return result
  }
}
