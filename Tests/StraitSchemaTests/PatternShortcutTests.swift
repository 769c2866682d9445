import StraitJSON
import StraitSchema
import Testing

/// Patterns that begin `^literal` are decided from the literal before PCRE2 runs (when the
/// subject lacks it, or when the literal is the whole pattern); the answers must be
/// PCRE2's for every subject.
@Suite struct PatternShortcutTests {
  static let patterns = [
    "^x-", "^x-$", "^$", "^name:(en|nl)$", "^contacts:([0-3]{1}):surName$", "^ab*c", "^ab?", "^ab{2}",
    "^a|b", "^(a|b)c", "^a\\.b", "^a\\d", "^https://ils\\.rero\\.ch/api/.*?$", "^é", "^é$", "^[ab]c",
    "^\\$ref$", "^a(?=b)", "^a$|^b$", "^abc[|]d", "^a\\|b", "x-", "^(?:x)-",
  ]
  static let subjects = [
    "", "x", "x-", "x-a", "X-", "name:en", "name:de", "name:en!", "contacts:2:surName", "contacts:4:surName",
    "ac", "abbbc", "a", "ab", "abb", "abbb", "b", "bc", "a.b", "axb", "a1", "https://ils.rero.ch/api/x",
    "https://ils.rero.ch/api/x\ny", "é", "e\u{301}", "éa", "bc", "$ref", "abc|d", "a|b", "ya|b", "yx-",
    "a\n", "x-\n",
  ]

  @Test(arguments: patterns)
  func answersAreThoseOfPCRE2(pattern: String) throws {
    let regex = try ECMARegex.compile(pattern)
    let schema = try JSONSchema(json: ["pattern": .string(pattern)])
    let properties = try JSONSchema(
      json: ["patternProperties": [pattern: false] as JSONValue, "additionalProperties": true])
    for subject in Self.subjects {
      let expected = regex.matches(subject)
      #expect(schema.isValid(.string(subject)) == expected, "\(pattern) on \(subject.debugDescription)")
      #expect(properties.isValid([subject: .null]) == !expected, "\(pattern) on key \(subject.debugDescription)")
    }
  }
}
