/// Collects ``KeywordReport`` entries, keeping the weakest status per keyword.
struct ReportBuilder {
  private var entries: [String: KeywordReport] = [:]

  mutating func set(_ pointer: String, _ keyword: String, _ status: KeywordReport.Status) {
    let key = pointer + "\u{0}" + keyword
    if let old = entries[key], old.status.rank >= status.rank { return }
    entries[key] = KeywordReport(pointer: pointer, keyword: keyword, status: status)
  }

  /// The entries sorted by pointer, then keyword.
  var sorted: [KeywordReport] {
    entries.values.sorted { ($0.pointer, $0.keyword) < ($1.pointer, $1.keyword) }
  }
}

/// Which keywords mean what, by dialect.
enum KeywordTable {
  /// Keywords that assert nothing (identifiers, annotations, containers).
  static let annotations: Set<String> = [
    "$schema", "$id", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$vocabulary", "$comment",
    "$defs", "definitions", "title", "description", "default", "deprecated", "readOnly",
    "writeOnly", "examples", "contentEncoding", "contentMediaType", "contentSchema",
  ]

  /// Whether `keyword` is an assertion or applicator of `dialect` that the validator
  /// evaluates (mirrors StraitSchema's keyword set).
  static func isKnown(_ keyword: String, _ d: SchemaDialectName) -> Bool {
    switch keyword {
    case "type", "enum", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
      "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties",
      "minProperties", "required", "items", "additionalItems", "properties", "patternProperties",
      "additionalProperties", "dependencies", "allOf", "anyOf", "oneOf", "not", "$ref", "format":
      return true
    case "const", "contains", "propertyNames": return d >= .draft6
    case "if", "then", "else": return d >= .draft7
    case "dependentRequired", "dependentSchemas", "minContains", "maxContains", "unevaluatedItems",
      "unevaluatedProperties":
      return d >= .draft2019_09
    case "$recursiveRef": return d == .draft2019_09
    case "prefixItems", "$dynamicRef": return d == .draft2020_12
    case "id": return false
    default: return false
    }
  }
}
