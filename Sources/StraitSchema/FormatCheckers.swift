/// `format` checkers (used when formats are assertions).
enum FormatCheckers {
  /// The checker for a format name, or nil for unknown formats (which always pass).
  static func checker(for name: String, dialect: SchemaDialect) -> (@Sendable (String) -> Bool)? {
    nil
  }
}
