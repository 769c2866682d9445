/// Why and where a JSON text was rejected.
///
/// `offset` is the 0-based byte offset of the offending byte; `line` and `column` are
/// 1-based, with columns counted in bytes (as most editors' "byte column").
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// 0-based byte offset of the first byte that could not be accepted.
  public var offset: Int
  /// 1-based line number of `offset`.
  public var line: Int
  /// 1-based byte column of `offset` within its line.
  public var column: Int
  /// What was wrong, e.g. "expected ',' or ']' after an array element".
  public var message: String

  /// Creates an error.
  ///
  /// - Parameters:
  ///   - offset: 0-based byte offset.
  ///   - line: 1-based line.
  ///   - column: 1-based byte column.
  ///   - message: what was wrong.
  public init(offset: Int, line: Int, column: Int, message: String) {
    self.offset = offset
    self.line = line
    self.column = column
    self.message = message
  }

  /// `line:column (byte N): message`
  public var description: String { "\(line):\(column) (byte \(offset)): \(message)" }
}

/// A member name that occurred more than once in one object.
public struct JSONDuplicateKey: Sendable, Equatable {
  /// The repeated member name.
  public var key: String
  /// Byte offset of the repeated occurrence's opening quote.
  public var offset: Int

  /// Creates a report of a repeated name.
  ///
  /// - Parameters:
  ///   - key: the name.
  ///   - offset: byte offset of the repeated occurrence's opening quote.
  public init(key: String, offset: Int) {
    self.key = key
    self.offset = offset
  }
}
