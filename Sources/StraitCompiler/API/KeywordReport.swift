/// How one keyword of the schema is handled by the automaton.
///
/// ``SchemaCompiler`` lists every keyword it met, by the JSON Pointer of the schema object
/// holding it. A keyword reached several times (a `$ref` target used in many places) is
/// listed once, with its weakest status.
public struct KeywordReport: Sendable, Hashable, CustomStringConvertible {
  /// The handling of a keyword.
  public enum Status: Sendable, Hashable {
    /// Enforced exactly: the automaton accepts a document iff the keyword holds (within the
    /// documented whitespace, property-order and depth rules).
    case enforced
    /// Enforced as an under-approximation (the reason says which valid documents are
    /// rejected); never accepts a document the keyword rejects.
    case approximated(String)
    /// Not enforced: an annotation, an unknown keyword, or (lenient mode only) an assertion
    /// that was dropped, in which case the automaton over-approximates here.
    case ignored(String)

    var rank: Int {
      switch self {
      case .enforced: 0
      case .approximated: 1
      case .ignored: 2
      }
    }

    /// `enforced`, `approximated` or `ignored`.
    public var name: String {
      switch self {
      case .enforced: "enforced"
      case .approximated: "approximated"
      case .ignored: "ignored"
      }
    }

    /// The reason, for approximated and ignored keywords.
    public var reason: String? {
      switch self {
      case .enforced: nil
      case .approximated(let r), .ignored(let r): r
      }
    }
  }

  /// The JSON Pointer of the schema object holding the keyword.
  public var pointer: String
  /// The keyword.
  public var keyword: String
  /// How it is handled.
  public var status: Status

  /// Creates a report entry.
  public init(pointer: String, keyword: String, status: Status) {
    self.pointer = pointer
    self.keyword = keyword
    self.status = status
  }

  public var description: String {
    let r = status.reason.map { " (\($0))" } ?? ""
    return "\(pointer.isEmpty ? "#" : pointer) \(keyword): \(status.name)\(r)"
  }
}
