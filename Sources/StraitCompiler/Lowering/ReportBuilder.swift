/// Collects ``KeywordReport`` entries, keeping the weakest status per keyword.
struct ReportBuilder {
  private struct Key: Hashable {
    var pointer: String
    var keyword: String
  }
  private var entries: [Key: KeywordReport] = [:]

  mutating func set(_ pointer: String, _ keyword: String, _ status: KeywordReport.Status) {
    let key = Key(pointer: pointer, keyword: keyword)
    if let old = entries[key], old.status.rank >= status.rank { return }
    entries[key] = KeywordReport(pointer: pointer, keyword: keyword, status: status)
  }

  /// The entries, in no particular order (``CompiledGrammar/report`` sorts them).
  var all: [KeywordReport] { Array(entries.values) }
}

/// Which keywords mean what, by dialect.
enum KeywordTable {
  /// Keywords that assert nothing (identifiers, annotations, containers).
  static let annotations: Set<String> = [
    "$schema", "$id", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$vocabulary", "$comment",
    "$defs", "definitions", "title", "description", "default", "deprecated", "readOnly",
    "writeOnly", "examples", "contentEncoding", "contentMediaType", "contentSchema",
  ]

  /// Since which dialect a keyword is evaluated (or that it never asserts anything).
  private enum Since {
    case always, draft6, draft7, draft2019_09, only2019_09, only2020_12, annotation
  }

  /// What a keyword is to a dialect.
  enum Role {
    /// Asserts nothing (see ``annotations``).
    case annotation
    /// An assertion or applicator the dialect evaluates (see ``isKnown(_:_:)``).
    case evaluated
    /// Neither (unknown, or not in this dialect).
    case other
  }

  /// ``annotations`` membership and ``isKnown(_:_:)`` in one hashed lookup (reporting
  /// every keyword of every subschema asked both).
  static func role(_ keyword: String, _ d: SchemaDialectName) -> Role {
    guard let since = rules[keyword] else { return .other }
    if case .annotation = since { return .annotation }
    return isKnown(since, d) ? .evaluated : .other
  }

  /// One hashed lookup: as a `switch` over strings, each call compared the keyword with
  /// up to 45 strings, a few percent of compiling a large schema.
  private static let rules: [String: Since] = {
    var r: [String: Since] = [:]
    for k in [
      "type", "enum", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
      "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties",
      "minProperties", "required", "items", "additionalItems", "properties", "patternProperties",
      "additionalProperties", "dependencies", "allOf", "anyOf", "oneOf", "not", "$ref", "format",
    ] { r[k] = .always }
    for k in annotations { r[k] = .annotation }
    for k in ["const", "contains", "propertyNames"] { r[k] = .draft6 }
    for k in ["if", "then", "else"] { r[k] = .draft7 }
    for k in [
      "dependentRequired", "dependentSchemas", "minContains", "maxContains", "unevaluatedItems",
      "unevaluatedProperties",
    ] { r[k] = .draft2019_09 }
    r["$recursiveRef"] = .only2019_09
    for k in ["prefixItems", "$dynamicRef"] { r[k] = .only2020_12 }
    return r
  }()

  /// Whether `keyword` is an assertion or applicator of `dialect` that the validator
  /// evaluates (mirrors StraitSchema's keyword set).
  static func isKnown(_ keyword: String, _ d: SchemaDialectName) -> Bool {
    guard let since = rules[keyword] else { return false }
    return isKnown(since, d)
  }

  private static func isKnown(_ since: Since, _ d: SchemaDialectName) -> Bool {
    switch since {
    case .always: return true
    case .draft6: return d >= .draft6
    case .draft7: return d >= .draft7
    case .draft2019_09: return d >= .draft2019_09
    case .only2019_09: return d == .draft2019_09
    case .only2020_12: return d == .draft2020_12
    case .annotation: return false
    }
  }
}
