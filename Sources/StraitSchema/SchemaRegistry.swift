import Foundation
import StraitJSON

/// Schema documents by URI, for `$ref`s that leave the root schema.
///
/// Documents come from three places, tried in order: documents added with
/// ``add(_:uri:)``; local directories mapped to URI prefixes with
/// ``mapDirectory(_:toPrefix:)`` (e.g. a test suite's `remotes/` served as
/// `http://localhost:1234/`); and the embedded metaschemas of the supported dialects
/// (unless ``includesMetaschemas`` is false). Nothing is ever fetched from the network.
///
/// ```swift
/// var registry = SchemaRegistry()
/// registry.mapDirectory("/data/remotes", toPrefix: "http://localhost:1234/")
/// let schema = try JSONSchema(json: value, options: .init(registry: registry))
/// ```
public struct SchemaRegistry: Sendable {
  private var documents: [String: JSONValue] = [:]
  private var directories: [(prefix: String, directory: String)] = []
  /// Whether the embedded metaschemas (2020-12, 2019-09, draft-07/06/04) are served.
  public var includesMetaschemas = true

  public init() {}

  /// Adds a document under `uri` (its fragment, if any, is ignored).
  public mutating func add(_ document: JSONValue, uri: String) {
    documents[URIReference(uri).withoutFragment.description] = document
  }

  /// Serves files below `directory` for URIs that start with `prefix`.
  ///
  /// `prefix + "a/b.json"` is read from `directory/a/b.json`. Paths that would leave the
  /// directory (`..`) are refused.
  public mutating func mapDirectory(_ directory: String, toPrefix prefix: String) {
    directories.append((prefix, directory))
  }

  /// The document for `uri` (without fragment), or nil when no source has it.
  ///
  /// - Throws: ``SchemaError`` when a mapped file exists but is not valid JSON.
  public func document(for uri: String) throws(SchemaError) -> JSONValue? {
    let key = URIReference(uri).withoutFragment.description
    if let d = documents[key] { return d }
    for (prefix, directory) in directories where key.hasPrefix(prefix) {
      let relative = String(key.dropFirst(prefix.count))
      guard !relative.split(separator: "/").contains("..") else { continue }
      let path = (directory as NSString).appendingPathComponent(relative)
      guard let data = FileManager.default.contents(atPath: path) else { continue }
      do {
        return try JSONParser.parse(data)
      } catch {
        throw SchemaError(pointer: "", documentURI: key, message: "\(path) is not valid JSON: \(error)")
      }
    }
    if includesMetaschemas, let text = EmbeddedMetaschemas.text(for: key) {
      return try? JSONParser.parse(text)
    }
    return nil
  }
}
