import StraitJSON

/// Why a schema or regex could not be compiled, and where.
///
/// `pointer` is the JSON Pointer of the schema object at fault (`""` for the root) and
/// `keyword` the keyword there, when one is to blame.
public struct CompileError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What kind of problem this is.
  public enum Kind: Sendable, Hashable {
    /// A keyword the automaton cannot enforce exactly (strict mode).
    case unsupported
    /// The schema is malformed (a keyword with a wrong value, an unresolvable `$ref`).
    case invalidSchema
    /// No document satisfies the schema.
    case unsatisfiable
    /// A size limit was reached (terms, states, recursion without progress), or no
    /// document is accepted within the depth limits and approximations although the schema
    /// may be satisfiable by deeper documents.
    case limit
  }

  /// The JSON Pointer of the schema object at fault.
  public var pointer: String
  /// The keyword at fault, if any.
  public var keyword: String?
  /// What is wrong.
  public var message: String
  /// The kind of problem.
  public var kind: Kind

  /// Creates an error.
  public init(pointer: String, keyword: String?, message: String, kind: Kind) {
    self.pointer = pointer
    self.keyword = keyword
    self.message = message
    self.kind = kind
  }

  /// The location as a pointer that includes the keyword (`/properties/a/pattern`).
  public var keywordPointer: String {
    guard let keyword else { return pointer }
    return JSONPointer.append(pointer, keyword)
  }

  public var description: String {
    let at = keywordPointer.isEmpty ? "the schema root" : keywordPointer
    return "\(at): \(message)"
  }
}
