/// RFC 6901 JSON Pointer helpers.
///
/// Strait names every schema location and instance location by a JSON Pointer
/// (`/properties/name/maxLength`), in errors and in reports.
public enum JSONPointer {
  /// Escapes one reference token (`~` → `~0`, `/` → `~1`).
  ///
  /// Works on Unicode scalars, not `Character`s, so a `~` or `/` followed by a combining
  /// mark is escaped too.
  public static func escape(_ token: String) -> String {
    guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else {
      return token
    }
    var out = String.UnicodeScalarView()
    for c in token.unicodeScalars {
      switch c {
      case "~": out.append(contentsOf: "~0".unicodeScalars)
      case "/": out.append(contentsOf: "~1".unicodeScalars)
      default: out.append(c)
      }
    }
    return String(out)
  }

  /// Unescapes one reference token (`~1` → `/`, `~0` → `~`; any other `~` is kept).
  public static func unescape(_ token: Substring) -> String {
    guard token.utf8.contains(UInt8(ascii: "~")) else { return String(token) }
    var out = String.UnicodeScalarView()
    var tilde = false
    for c in token.unicodeScalars {
      if tilde {
        switch c {
        case "1": out.append("/")
        case "0": out.append("~")
        default:
          out.append("~")
          out.append(c)
        }
        tilde = false
      } else if c == "~" {
        tilde = true
      } else {
        out.append(c)
      }
    }
    if tilde { out.append("~") }
    return String(out)
  }

  /// Appends a token to a pointer: `append("/a", "b/c")` is `/a/b~1c`.
  public static func append(_ pointer: String, _ token: String) -> String {
    pointer + "/" + escape(token)
  }

  /// Splits a pointer into unescaped tokens; nil when it is not a valid pointer (it does
  /// not start with `/`, or a `~` is not followed by `0` or `1`).
  public static func tokens(_ pointer: String) -> [String]? {
    if pointer.isEmpty { return [] }
    guard pointer.hasPrefix("/") else { return nil }
    // Split on the scalar `/`: a `/` followed by a combining mark is still a separator.
    let parts = pointer.unicodeScalars.dropFirst()
      .split(separator: "/", omittingEmptySubsequences: false)
      .map { Substring($0) }
    for part in parts where part.utf8.contains(UInt8(ascii: "~")) {
      var utf8 = part.utf8.makeIterator()
      while let c = utf8.next() {
        guard c == UInt8(ascii: "~") else { continue }
        let next = utf8.next()
        guard next == UInt8(ascii: "0") || next == UInt8(ascii: "1") else { return nil }
      }
    }
    return parts.map(unescape)
  }

  /// The value that `pointer` designates in `root`, or nil.
  public static func resolve(_ pointer: String, in root: JSONValue) -> JSONValue? {
    guard let tokens = tokens(pointer) else { return nil }
    return resolve(tokens: tokens, in: root)
  }

  /// The value reached from `root` by unescaped reference tokens (member names, or array
  /// indices in canonical decimal form); nil when one of them is missing.
  ///
  /// - Parameters:
  ///   - tokens: the tokens, already unescaped (`~0`/`~1` decoded).
  ///   - root: the value the tokens start from.
  public static func resolve(tokens: some Sequence<String>, in root: JSONValue) -> JSONValue? {
    var current = root
    for token in tokens {
      switch current {
      case .object(let o):
        guard let next = o[token] else { return nil }
        current = next
      case .array(let a):
        guard let i = Int(token), String(i) == token, a.indices.contains(i) else { return nil }
        current = a[i]
      default:
        return nil
      }
    }
    return current
  }
}
