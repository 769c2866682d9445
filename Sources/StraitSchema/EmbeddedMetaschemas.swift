/// The official metaschemas, embedded so that `$ref`s and `$schema`s to them work offline.
enum EmbeddedMetaschemas {
  /// The metaschema text for a URI without fragment (http and https both accepted).
  static func text(for uri: String) -> String? {
    var u = uri
    if u.hasSuffix("#") { u.removeLast() }
    if u.hasPrefix("http://") { u = "https://" + u.dropFirst(7) }
    return table[u]
  }

  static let table: [String: String] = {
    var t: [String: String] = [
      "https://json-schema.org/draft-04/schema": draft4,
      "https://json-schema.org/draft-06/schema": draft6,
      "https://json-schema.org/draft-07/schema": draft7,
    ]
    t.merge(draft2019) { a, _ in a }
    t.merge(draft2020) { a, _ in a }
    return t
  }()
}
