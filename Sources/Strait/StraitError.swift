/// Errors of the runtime API (compiling a grammar for a vocabulary, matching, masking).
///
/// Every case names what went wrong and where: the token id, the buffer sizes, the
/// JSON Pointer of a schema keyword.
public enum StraitError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A token id outside `0..<logitsWidth`.
  case tokenOutOfRange(id: Int, logitsWidth: Int)
  /// A bitmask buffer with fewer words than `ceil(logitsWidth / 32)`.
  case bitmaskTooSmall(words: Int, required: Int)
  /// `accept` or `rollback` after the matcher accepted an end-of-sequence token.
  case terminated
  /// `rollback(n)` with `n` larger than the accepted history.
  case rollbackBeyondHistory(requested: Int, available: Int)
  /// The grammar's DFA hit its state budget while exploring.
  case stateBudgetExceeded(states: Int)
  /// The schema or regex could not be compiled.
  case compile(String)
  /// A saved automaton could not be loaded.
  case invalidAutomatonFile(String)
  /// Any other invalid argument, with an explanation.
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .tokenOutOfRange(let id, let width):
      "token id \(id) is out of range (logits width \(width))"
    case .bitmaskTooSmall(let words, let required):
      "bitmask has \(words) words; \(required) are required"
    case .terminated:
      "the matcher has terminated (an end-of-sequence token was accepted)"
    case .rollbackBeyondHistory(let requested, let available):
      "cannot roll back \(requested) tokens: only \(available) in history"
    case .stateBudgetExceeded(let states):
      "DFA state budget exceeded (\(states) states)"
    case .compile(let message):
      "compile error: \(message)"
    case .invalidAutomatonFile(let message):
      "invalid automaton file: \(message)"
    case .invalidArgument(let message):
      message
    }
  }
}
