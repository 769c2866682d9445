extension Vocabulary {
  /// Loads the vocabulary of a tokenizer file, detecting its format.
  ///
  /// - A file starting with the GGUF magic is a GGUF model: only its header and metadata are
  ///   read (memory-mapped), never the tensors.
  /// - A JSON object is a Hugging Face `tokenizer.json`.
  /// - Anything else is a tiktoken rank file (`.tiktoken`, Meta's `tokenizer.model`).
  ///
  /// The Hugging Face files beside it (`tokenizer_config.json`, `generation_config.json`,
  /// `config.json`) supply end-of-sequence ids, BOS, control tokens, the logits width
  /// (`vocab_size`) and — for a tiktoken file — the special tokens (`added_tokens_decoder`).
  ///
  /// ```swift
  /// let llama = try Vocabulary.load(path: "llama-3.1/tokenizer.model")  // + tokenizer_config.json
  /// let custom = try Vocabulary.load(
  ///   path: "model.gguf", options: .init(logitsWidth: 152_064, eosTokenIDs: [151645]))
  /// ```
  ///
  /// - Parameters:
  ///   - path: the tokenizer file.
  ///   - options: overrides (format, logits width, end-of-sequence ids, special tokens).
  /// - Returns: the vocabulary, with every id's exact bytes.
  /// - Throws: ``TokenizerError`` naming the file and what is wrong (byte offset, id): an
  ///   unreadable, truncated or corrupt file, a wrong GGUF magic or version, an unsupported
  ///   model type, duplicate tokens or ids, ids out of range, a logits width below the
  ///   vocabulary size.
  /// - Complexity: O(file size) for `tokenizer.json` and tiktoken; O(metadata size) for GGUF.
  public static func load(path: String, options: VocabularyLoadOptions = .init()) throws(TokenizerError)
    -> Vocabulary
  {
    let file = try MappedFile(path: path)
    let bytes = file.bytes
    guard !bytes.isEmpty else { throw TokenizerError(path: path, message: "empty file") }
    let format = options.format ?? detectFormat(bytes)
    switch format {
    case .gguf: return try loadGGUF(file, options: options)
    case .tokenizerJSON: return try loadTokenizerJSON(file, options: options)
    case .tiktoken: return try loadTiktoken(file, options: options)
    }
  }

  /// The format a file's first bytes suggest.
  static func detectFormat(_ bytes: UnsafeBufferPointer<UInt8>) -> VocabularyLoadOptions.Format {
    if bytes.count >= 4, bytes[0] == 0x47, bytes[1] == 0x47, bytes[2] == 0x55, bytes[3] == 0x46 {
      return .gguf
    }
    for b in bytes {
      if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { continue }
      return b == 0x7B ? .tokenizerJSON : .tiktoken
    }
    return .tiktoken
  }
}
