/// Why a pattern was rejected, and where.
public struct RegexParseError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What kind of problem this is.
  public enum Kind: Hashable, Sendable {
    /// The pattern is not valid ECMA-262 syntax.
    case syntax
    /// A valid construct that cannot be expressed as a regular language (back-reference,
    /// look-around, word boundary).
    case notRegular
    /// Valid, but beyond a limit Strait enforces to stay bounded (huge counted repeats,
    /// nesting depth).
    case limit
  }

  /// The UTF-8 byte offset in the pattern where the problem starts.
  public var offset: Int
  /// What is wrong, naming the construct.
  public var message: String
  /// The kind of problem.
  public var kind: Kind

  /// Creates an error at UTF-8 byte `offset` of the pattern.
  public init(offset: Int, message: String, kind: Kind = .syntax) {
    self.offset = offset
    self.message = message
    self.kind = kind
  }

  public var description: String {
    switch kind {
    case .notRegular: return "\(message) at byte \(offset): not a regular language"
    case .syntax, .limit: return "\(message) at byte \(offset)"
    }
  }
}
