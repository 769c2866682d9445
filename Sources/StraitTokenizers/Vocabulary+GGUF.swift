extension Vocabulary {
  static func loadGGUF(_ file: MappedFile, options: VocabularyLoadOptions) throws(TokenizerError) -> Vocabulary {
    throw TokenizerError(path: file.path, message: "GGUF: not implemented yet")
  }
}
