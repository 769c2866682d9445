/// A tokenizer file that cannot be loaded, with the file and what is wrong.
///
/// The message names the place when it is known: a byte offset (`"truncated GGUF metadata at
/// byte 1234"`), a token id (`"id 70000 out of range"`) or the JSON member.
///
/// ```
/// /models/llama/tokenizer.json: unsupported model type 'WordPiece' (supported: BPE, Unigram)
/// ```
public struct TokenizerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file that was being read (or a short label such as `"<token bytes>"`).
  public var path: String
  /// What is wrong, with the place (byte offset, id, member) when known.
  public var message: String
  /// The byte offset in ``path`` where the problem was found, when there is one.
  public var offset: Int?

  /// Creates an error.
  public init(path: String, message: String, offset: Int? = nil) {
    self.path = path
    self.message = message
    self.offset = offset
  }

  /// `"<path>: <message>"`.
  public var description: String { "\(path): \(message)" }
}
