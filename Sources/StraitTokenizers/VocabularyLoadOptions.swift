/// Options for ``Vocabulary/load(path:options:)``.
///
/// Every field is optional; the defaults read everything from the file and the
/// configuration files beside it.
public struct VocabularyLoadOptions: Sendable {
  /// A file format to force instead of detecting it.
  public enum Format: String, Sendable, CaseIterable {
    /// A Hugging Face `tokenizer.json`.
    case tokenizerJSON
    /// A tiktoken rank file (`base64 rank` per line).
    case tiktoken
    /// A GGUF model file.
    case gguf
  }

  /// The file format; nil detects it (GGUF magic, a JSON object, else tiktoken).
  public var format: Format?
  /// The model's logits width; nil takes `vocab_size` from a `config.json` beside the file
  /// when it is at least the vocabulary size, else the vocabulary size.
  public var logitsWidth: Int?
  /// End-of-sequence token ids; nil takes them from the file and its side files.
  public var eosTokenIDs: [Int]?
  /// Special tokens to add (tiktoken files carry none): id and text. They override side files.
  public var specialTokens: [(id: Int, text: String)]?
  /// Read `tokenizer_config.json`, `generation_config.json` and `config.json` beside the
  /// file (default true).
  public var readSideFiles: Bool

  /// Creates options; every argument defaults to "from the file".
  public init(
    format: Format? = nil, logitsWidth: Int? = nil, eosTokenIDs: [Int]? = nil,
    specialTokens: [(id: Int, text: String)]? = nil, readSideFiles: Bool = true
  ) {
    self.format = format
    self.logitsWidth = logitsWidth
    self.eosTokenIDs = eosTokenIDs
    self.specialTokens = specialTokens
    self.readSideFiles = readSideFiles
  }
}
