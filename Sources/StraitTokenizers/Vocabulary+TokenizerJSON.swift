extension Vocabulary {
  /// Loads a Hugging Face `tokenizer.json` (see ``TokenizerJSONReader``).
  static func loadTokenizerJSON(_ file: MappedFile, options: VocabularyLoadOptions) throws(TokenizerError)
    -> Vocabulary
  {
    var reader = TokenizerJSONReader(path: file.path, buffer: file.bytes)
    return try reader.read(options: options)
  }
}
