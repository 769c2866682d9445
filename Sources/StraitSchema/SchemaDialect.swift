/// A JSON Schema specification version ("dialect").
///
/// The dialect decides which keywords exist and how some behave (`items` as an array,
/// `$ref` siblings, `exclusiveMinimum` as a Boolean, `$id` as anchor, ...). It comes from
/// the schema's `$schema`, else from ``JSONSchema/Options/dialect``.
public enum SchemaDialect: String, Sendable, CaseIterable, Comparable {
  case draft4 = "draft4"
  case draft6 = "draft6"
  case draft7 = "draft7"
  case draft2019_09 = "draft2019-09"
  case draft2020_12 = "draft2020-12"

  /// The canonical metaschema URI of this dialect (as written in `$schema`).
  public var metaschemaURI: String {
    switch self {
    case .draft4: "http://json-schema.org/draft-04/schema#"
    case .draft6: "http://json-schema.org/draft-06/schema#"
    case .draft7: "http://json-schema.org/draft-07/schema#"
    case .draft2019_09: "https://json-schema.org/draft/2019-09/schema"
    case .draft2020_12: "https://json-schema.org/draft/2020-12/schema"
    }
  }

  /// Parses a user-facing name: `2020-12`, `draft2020-12`, `2019-09`, `7`, `draft7`,
  /// `draft-07`, `6`, `4`, ... ; nil when unknown.
  public init?(name: String) {
    let n = name.lowercased().replacingOccurrences(of: "draft", with: "")
      .trimmingCharacters(in: CharacterSet(charactersIn: "-_ "))
    switch n {
    case "4", "04": self = .draft4
    case "6", "06": self = .draft6
    case "7", "07": self = .draft7
    case "2019-09", "201909", "2019": self = .draft2019_09
    case "2020-12", "202012", "2020", "latest": self = .draft2020_12
    default: return nil
    }
  }

  /// The dialect whose metaschema URI is `uri` (ignoring an empty fragment and http/https).
  public init?(metaschemaURI uri: String) {
    var u = uri
    if u.hasSuffix("#") { u.removeLast() }
    if u.hasPrefix("https://") { u = "http://" + u.dropFirst(8) }
    switch u {
    case "http://json-schema.org/draft-04/schema": self = .draft4
    case "http://json-schema.org/draft-06/schema": self = .draft6
    case "http://json-schema.org/draft-07/schema": self = .draft7
    case "http://json-schema.org/draft/2019-09/schema": self = .draft2019_09
    case "http://json-schema.org/draft/2020-12/schema": self = .draft2020_12
    default: return nil
    }
  }

  public static func < (a: SchemaDialect, b: SchemaDialect) -> Bool { a.order < b.order }

  private var order: Int {
    switch self {
    case .draft4: 4
    case .draft6: 6
    case .draft7: 7
    case .draft2019_09: 8
    case .draft2020_12: 9
    }
  }

  /// The identifier keyword: `id` in draft 4, `$id` later.
  var idKeyword: String { self == .draft4 ? "id" : "$id" }

  /// Whether `$ref` makes sibling keywords ignored (drafts 4 to 7).
  var refOverridesSiblings: Bool { self <= .draft7 }

  /// Whether this is 2019-09 or later (vocabularies, `$anchor`, `unevaluated*`).
  var isModern: Bool { self >= .draft2019_09 }
}

import Foundation

/// The vocabularies of 2019-09 and 2020-12 that this validator implements.
enum Vocabulary: Sendable {
  case core, applicator, unevaluated, validation, metaData, formatAnnotation, formatAssertion,
    content

  /// Maps a vocabulary URI to a known vocabulary (nil for unknown ones).
  init?(uri: String) {
    let prefixes = ["https://json-schema.org/draft/2020-12/vocab/", "https://json-schema.org/draft/2019-09/vocab/"]
    guard let p = prefixes.first(where: { uri.hasPrefix($0) }) else { return nil }
    switch uri.dropFirst(p.count) {
    case "core": self = .core
    case "applicator": self = .applicator
    case "unevaluated": self = .unevaluated
    case "validation": self = .validation
    case "meta-data": self = .metaData
    case "format-annotation", "format": self = .formatAnnotation
    case "format-assertion": self = .formatAssertion
    case "content": self = .content
    default: return nil
    }
  }
}

/// Which keyword families a schema resource may use (from its metaschema's `$vocabulary`).
struct VocabularySet: Sendable, Equatable {
  var applicator = true
  var unevaluated = true
  var validation = true
  var formatAssertion = false

  static let all = VocabularySet()
}
