/// A schema that cannot be used: not JSON, not a schema, an unresolvable or looping `$ref`,
/// an invalid regular expression.
///
/// `pointer` is the JSON Pointer of the offending keyword inside the document named by
/// `documentURI` (the root schema's URI, or a registry document's URI).
public struct SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
  /// JSON Pointer of the offending location (`""` for the root).
  public var pointer: String
  /// The document holding it (nil for the root schema without an `$id`).
  public var documentURI: String?
  /// What is wrong, e.g. "minLength must be a non-negative integer, got -1".
  public var message: String

  public init(pointer: String, documentURI: String? = nil, message: String) {
    self.pointer = pointer
    self.documentURI = documentURI
    self.message = message
  }

  /// `schema error at #/minLength: minLength must be a non-negative integer, got -1`
  public var description: String {
    let doc = documentURI.map { "\($0) " } ?? ""
    return "schema error at \(doc)#\(pointer): \(message)"
  }
}
