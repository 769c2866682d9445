import Foundation
import StraitJSON
import StraitPCRE2
import StraitSchema
import Testing

/// The property tables behind `properties`/`additionalProperties` scan small tables and
/// hash large ones; both paths must give the same answers. PCRE2 matches reuse one
/// match-data block per thread; concurrent matching must stay correct.
@Suite struct PropertyLookupTests {
  /// A schema with `count` properties `p0...` (each an integer), `patternProperties` for
  /// `^x-`, and no other properties allowed.
  func closedSchema(count: Int) throws -> JSONSchema {
    let props = (0..<count).map { "\"p\($0)\": {\"type\": \"integer\"}" }.joined(separator: ", ")
    return try schema(
      #"{"properties": {\#(props)}, "patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": false}"#
    )
  }

  @Test(arguments: [1, 5, 12, 13, 40])
  func smallAndLargeTablesAgree(count: Int) throws {
    let s = try closedSchema(count: count)
    let last = count - 1
    try expectValid(s, #"{"p0": 1, "p\#(last)": 2, "x-note": "a"}"#)
    try expectValid(s, "{}")
    // A named property with the wrong type, found through the table.
    let errors = try expectInvalid(s, #"{"p\#(last)": "no"}"#)
    #expect(errors.first?.instanceLocation == "/p\(last)")
    // An unknown property (not named, not matching the pattern) is rejected.
    let extra = try expectInvalid(s, #"{"p0": 1, "p\#(count)": 1}"#)
    #expect(extra.first?.instanceLocation == "/p\(count)")
    #expect(extra.first?.keywordLocation == "/additionalProperties")
    // A pattern property with the wrong type.
    try expectInvalid(s, #"{"x-note": 3}"#)
    // Names differing only in length or a late byte are distinct.
    try expectInvalid(s, #"{"p0 ": 1}"#)
    try expectInvalid(s, #"{"P0": 1}"#)
  }

  /// JSON strings are equal when their code points are: a name spelled with a combining
  /// accent is not the precomposed name (Swift's `String ==` would call them equal).
  @Test(arguments: [1, 13])
  func namesCompareByCodePoints(count: Int) throws {
    let props = (0..<count).map { "\"p\($0)\": {}" }.joined(separator: ", ")
    let s = try schema(
      #"{"properties": {"\u00e9": {"type": "integer"}, \#(props)}, "required": ["\u00e9"], "additionalProperties": false}"#
    )
    try expectValid(s, #"{"\u00e9": 1}"#)
    try expectInvalid(s, #"{"\u00e9": "one"}"#)
    // e + COMBINING ACUTE ACCENT: another name, so not allowed, and the required one is missing.
    try expectInvalid(s, #"{"e\u0301": 1}"#)
    // Both spellings in one object are two members: the second is not allowed.
    try expectInvalid(s, #"{"\u00e9": 1, "e\u0301": 1}"#)
    try expectInvalid(s, #"{"e\u0301": 1, "\u00e9": 1}"#)
  }

  /// The schema's and the instance's member names are matched by code points in every
  /// keyword that looks names up: `properties` with `additionalProperties`, `required`,
  /// `dependentRequired`, `dependentSchemas`, the annotations that
  /// `unevaluatedProperties` reads, and the subschemas' and patterns' own identities. Each instance below holds names that are canonically
  /// equivalent (equal under Swift's `String ==`) to a schema's name but not equal to it.
  @Test func canonicallyEquivalentNamesAreDifferentProperties() throws {
    let closed = try schema(#"{"properties": {"\u00e9": {"type": "integer"}}, "additionalProperties": false}"#)
    try expectInvalid(closed, #"{"e\u0301": 1}"#)
    try expectValid(closed, #"{"\u00e9": 1}"#)
    try expectInvalid(closed, #"{"\u00e9": 1, "e\u0301": 1}"#)

    // Both spellings declared: each checks its own member.
    let both = try schema(
      #"{"properties": {"\u00e9": {"type": "integer"}, "e\u0301": {"type": "string"}}, "additionalProperties": false}"#)
    try expectValid(both, #"{"\u00e9": 1, "e\u0301": "one"}"#)
    try expectInvalid(both, #"{"\u00e9": "one"}"#)
    try expectInvalid(both, #"{"e\u0301": 1}"#)

    let required = try schema(#"{"required": ["\u00e9"]}"#)
    try expectInvalid(required, #"{"e\u0301": 1}"#)
    try expectValid(required, #"{"e\u0301": 1, "\u00e9": 2}"#)

    let dependent = try schema(#"{"dependentRequired": {"\u00e9": ["x"]}}"#)
    try expectValid(dependent, #"{"e\u0301": 1}"#)
    try expectInvalid(dependent, #"{"\u00e9": 1}"#)

    let dependentSchema = try schema(#"{"dependentSchemas": {"\u00e9": false}}"#)
    try expectValid(dependentSchema, #"{"e\u0301": 1}"#)
    try expectInvalid(dependentSchema, #"{"\u00e9": 1}"#)

    // Evaluated by `properties`: "é" only; "e\u0301" stays unevaluated.
    let unevaluated = try schema(#"{"properties": {"\u00e9": {}}, "unevaluatedProperties": false}"#)
    try expectValid(unevaluated, #"{"\u00e9": 1}"#)
    try expectInvalid(unevaluated, #"{"\u00e9": 1, "e\u0301": 2}"#)
    let viaAllOf = try schema(#"{"allOf": [{"properties": {"\u00e9": {}}}], "unevaluatedProperties": false}"#)
    try expectInvalid(viaAllOf, #"{"e\u0301": 2, "\u00e9": 1}"#)

    // Patterns spelled both ways are two patterns (the compiler caches them by source).
    let patterns = try schema(
      #"{"patternProperties": {"^\u00e9$": {"type": "integer"}, "^e\u0301$": {"type": "string"}}}"#)
    try expectValid(patterns, #"{"\u00e9": 1, "e\u0301": "one"}"#)
    try expectInvalid(patterns, #"{"e\u0301": 1}"#)
  }

  @Test func requiredOnLargeObjects() throws {
    let s = try schema(#"{"required": ["k3", "k29"]}"#)
    let members = (0..<30).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
    try expectValid(s, "{\(members)}")
    let missing = (0..<29).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
    let errors = try expectInvalid(s, "{\(missing)}")
    #expect(errors.first?.message.contains("k29") == true)
  }

  @Test func oneOfReportsEveryMatchingBranch() throws {
    let s = try schema(#"{"oneOf": [{"type": "integer"}, {"minimum": 0}, {"maximum": 10}]}"#)
    let errors = try expectInvalid(s, "5")
    #expect(errors.first?.message.contains("0, 1, 2") == true)
    try expectValid(s, "-5.5")
  }

  @Test func concurrentMatchesReuseThreadMatchData() async throws {
    let regex = try PCRE2Regex(#"^(a+)(b*)c$"#, options: [.utf, .dollarEndOnly], jit: true)
    let results = await withTaskGroup(of: Int.self) { group in
      for t in 0..<8 {
        group.addTask {
          var wrong = 0
          for i in 0..<2000 {
            let good = (i + t) % 2 == 0
            let subject = String(repeating: "a", count: 1 + i % 7) + (good ? "bbc" : "bbd")
            if regex.matches(subject) != good { wrong += 1 }
          }
          return wrong
        }
      }
      var total = 0
      for await w in group { total += w }
      return total
    }
    #expect(results == 0)
  }
}

/// Bare `$ref` nodes: the fast mode goes straight to the end of a chain of them, and
/// skips it when that node has nothing to check for the instance's kind; the errors
/// still name every `$ref` on the way.
@Suite struct BareReferenceTests {
  @Test func chainsOfReferences() throws {
    let s = try schema(
      #"""
      {"properties": {"a": {"$ref": "#/$defs/b"}, "n": {"$ref": "#/$defs/m"}},
       "$defs": {"b": {"$ref": "#/$defs/c"}, "c": {"type": "integer", "minimum": 3},
                 "m": {"$ref": "#/$defs/k"}, "k": {"minimum": 3}}}
      """#)
    try expectValid(s, #"{"a": 5, "n": 4}"#)
    try expectValid(s, #"{"n": "not a number"}"#)
    try expectInvalid(s, #"{"a": "x"}"#)
    let errors = try expectInvalid(s, #"{"a": 1}"#)
    #expect(errors.map(\.keywordLocation) == ["/properties/a/$ref/$ref/minimum"])
    #expect(try expectInvalid(s, #"{"n": 1}"#).map(\.keywordLocation) == ["/properties/n/$ref/$ref/minimum"])
  }

  @Test func recursiveReferenceKeepsTheDepthLimit() throws {
    let s = try schema(
      ##"{"$defs": {"r": {"$ref": "#"}}, "items": {"$ref": "#/$defs/r"}}"##, .init(maxEvaluationDepth: 20))
    var shallow: JSONValue = 1
    for _ in 0..<5 { shallow = [shallow] }
    var deep: JSONValue = 1
    for _ in 0..<50 { deep = [deep] }
    #expect(s.isValid(shallow))
    #expect(!s.isValid(deep))
    #expect(!s.validate(deep).isValid)
  }
}
