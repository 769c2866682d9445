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
    // Required characters (PatternShortcut.requiredASCII): escapes, classes, braces and
    // quantifiers must not make a character look required.
    "^\\w+([\\.-]?\\w+)*@\\w+([\\.-]?\\w+)*(\\.\\w{2,})+$", "a@?b", "a*@", "a{0,2}@", "\\u0040b",
    "\\x40b", "\\u{40}b", "[@]b", "(@)?b", "(\\w)\\1@", "\\w{2,}\\.", "@|b", "a+@", "\\cJ",
  ]
  static let subjects = [
    "", "x", "x-", "x-a", "X-", "name:en", "name:de", "name:en!", "contacts:2:surName", "contacts:4:surName",
    "ac", "abbbc", "a", "ab", "abb", "abbb", "b", "bc", "a.b", "axb", "a1", "https://ils.rero.ch/api/x",
    "https://ils.rero.ch/api/x\ny", "é", "e\u{301}", "éa", "bc", "$ref", "abc|d", "a|b", "ya|b", "yx-",
    "a\n", "x-\n", "a@b.co", "library@example.com", "libraryexample.com", "@b", "aab@", "aa@", "a.",
    "ab.", "0b", "b.", "\n",
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

/// A match that PCRE2 gives up on (its match limit) makes validation undecided: neither
/// valid nor invalid, whatever keyword it is under.
@Suite struct UndecidedMatchTests {
  /// Exponential backtracking: `(a+)+` tries every split of the a's before the `!`.
  static let pattern = "^(a+)+$"
  static let subject = String(repeating: "a", count: 40) + "!"

  @Test func patternIsUndecided() throws {
    let schema = try JSONSchema(json: ["pattern": .string(Self.pattern)])
    #expect(throws: UndecidedValidation.self) { try schema.check(.string(Self.subject)) }
    #expect(!schema.isValid(.string(Self.subject)))
    let result = schema.validate(.string(Self.subject))
    #expect(!result.isValid)
    #expect(result.undecided?.pattern == Self.pattern)
    #expect(result.errors.contains { $0.message == result.undecided?.description })
    // Decided subjects are unaffected.
    #expect(try schema.check("aaaa"))
    #expect(try !schema.check("aaab"))
  }

  @Test func undecidedUnderNotAndAnyOf() throws {
    for json: JSONValue in [
      ["not": ["pattern": .string(Self.pattern)]],
      ["anyOf": [["pattern": .string(Self.pattern)], ["minLength": 100]]],
    ] {
      let schema = try JSONSchema(json: json)
      #expect(throws: UndecidedValidation.self) { try schema.check(.string(Self.subject)) }
      #expect(schema.validate(.string(Self.subject)).undecided != nil)
    }
  }

  @Test func undecidedKeyPatterns() throws {
    let key: JSONValue = .object([Self.subject: 1])
    for json: JSONValue in [
      ["patternProperties": [Self.pattern: ["type": "string"]] as JSONValue],
      ["patternProperties": [Self.pattern: true] as JSONValue, "additionalProperties": false],
      ["propertyNames": ["pattern": .string(Self.pattern)]],
    ] {
      let schema = try JSONSchema(json: json)
      #expect(throws: UndecidedValidation.self, "\(json)") { try schema.check(key) }
      #expect(schema.validate(key).undecided != nil, "\(json)")
    }
  }
}
