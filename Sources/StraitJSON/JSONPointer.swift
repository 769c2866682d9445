/// RFC 6901 JSON Pointer helpers.
///
/// Strait names every schema location and instance location by a JSON Pointer
/// (`/properties/name/maxLength`), in errors and in reports.
public enum JSONPointer {
  /// Escapes one reference token (`~` → `~0`, `/` → `~1`).
  public static func escape(_ token: String) -> String {
    guard token.contains("~") || token.contains("/") else { return token }
    var out = ""
    for c in token {
      switch c {
      case "~": out += "~0"
      case "/": out += "~1"
      default: out.append(c)
      }
    }
    return out
  }

  /// Unescapes one reference token.
  public static func unescape(_ token: Substring) -> String {
    guard token.contains("~") else { return String(token) }
    var out = ""
    var tilde = false
    for c in token {
      if tilde {
        out.append(c == "1" ? "/" : c == "0" ? "~" : c)
        tilde = false
      } else if c == "~" {
        tilde = true
      } else {
        out.append(c)
      }
    }
    if tilde { out.append("~") }
    return out
  }

  /// Appends a token to a pointer: `append("/a", "b/c")` is `/a/b~1c`.
  public static func append(_ pointer: String, _ token: String) -> String {
    pointer + "/" + escape(token)
  }

  /// Splits a pointer into unescaped tokens; nil when it is not a valid pointer.
  public static func tokens(_ pointer: String) -> [String]? {
    if pointer.isEmpty { return [] }
    guard pointer.hasPrefix("/") else { return nil }
    return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(unescape)
  }

  /// The value that `pointer` designates in `root`, or nil.
  public static func resolve(_ pointer: String, in root: JSONValue) -> JSONValue? {
    guard let tokens = tokens(pointer) else { return nil }
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
