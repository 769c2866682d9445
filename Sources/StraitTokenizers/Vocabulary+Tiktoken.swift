extension Vocabulary {
  static func loadTiktoken(_ file: MappedFile, options: VocabularyLoadOptions) throws(TokenizerError) -> Vocabulary {
    throw TokenizerError(path: file.path, message: "tiktoken: not implemented yet")
  }
}
