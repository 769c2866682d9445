import StraitCompiler
import StraitJSON
import StraitSchema
import StraitTestSupport
import Testing

/// Checks one document against both the automaton and the validator: both must give
/// `valid` (the validator is the oracle; the automaton must agree with it).
func checkAgainstValidator(
  _ schema: String, _ document: String, valid: Bool, options: CompileOptions = .default,
  sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let g = try compileSchema(schema, options)
  let r = try g.match(Array(document.utf8))
  #expect(
    r.accepted == valid,
    "automaton: \(schema) should \(valid ? "accept" : "reject") \(document) (rejected at \(r.rejectedAt ?? -1))",
    sourceLocation: sourceLocation)
  let validator = try JSONSchema(json: try JSONParser.parse(Array(schema.utf8)), options: .init(assertFormat: true))
  let v = validator.isValid(try JSONParser.parse(Array(document.utf8)))
  #expect(v == valid, "validator: \(schema) should find \(document) \(valid ? "valid" : "invalid")", sourceLocation: sourceLocation)
}

/// One regression test per root cause found by `strait inspect --maskbench` (invalid
/// samples, falsely rejected valid instances); each failed before its fix.
@Suite struct RegressionTests {
  static let draft4 = #""$schema": "http://json-schema.org/draft-04/schema#""#

  /// Compilations start on copies of one template store (the fixed JSON terms): one
  /// compilation's terms must never reach the template or a later compilation.
  @Test func compilationsDoNotShareTerms() throws {
    let small = #"{"type": "object", "properties": {"id": {"type": "integer"}}}"#
    let first = try compileSchema(small)
    let big = try compileSchema(#"{"type": "object", "properties": {"alpha": {"pattern": "^[a-z]{3,9}$"}, "beta": {"enum": ["x", "y", 3]}}}"#)
    let again = try compileSchema(small)
    #expect(again.store.termCount == first.store.termCount)
    #expect(big.store.termCount > first.store.termCount)
    #expect(try again.match(Array(#"{"id": 3, "zeta": [1, {"a": null}]}"#.utf8)).accepted)
    #expect(try !again.match(Array(#"{"id": "3"}"#.utf8)).accepted)
    // Other options get their own template (compact: no whitespace at all).
    var compact = CompileOptions.default
    compact.whitespace = .compact
    let tight = try compileSchema(small, compact)
    #expect(try tight.match(Array(#"{"id":3}"#.utf8)).accepted)
    #expect(try !tight.match(Array(#"{"id": 3}"#.utf8)).accepted)
  }

  /// Draft-04 `integer` excludes `1.0` (the suite's optional/zeroTerminatedFloats); the
  /// zero of a bound at 0 used to add `-0.0` (Github_hard---o13954, o17700).
  @Test func draft4IntegerZeroBound() throws {
    let schema = #"{\#(Self.draft4), "type": "integer", "minimum": 0}"#
    try checkAgainstValidator(schema, "0", valid: true)
    try checkAgainstValidator(schema, "-0", valid: true)
    try checkAgainstValidator(schema, "3", valid: true)
    try checkAgainstValidator(schema, "-0.0", valid: false)
    try checkAgainstValidator(schema, "0.0", valid: false)
    let upper = #"{\#(Self.draft4), "type": "integer", "maximum": 0}"#
    try checkAgainstValidator(upper, "-0.0", valid: false)
    try checkAgainstValidator(upper, "-2", valid: true)
    let both = #"{\#(Self.draft4), "type": "integer", "minimum": 0, "maximum": 5}"#
    try checkAgainstValidator(both, "-0.0", valid: false)
    try checkAgainstValidator(both, "5", valid: true)
  }

  /// Draft-04 `integer` with `enum`: the enum value used to bring every spelling of it
  /// (`1.0`) (Github_hard---o7264).
  /// Number bounds with integer fractions (`minimum == maximum == 2`): a decimal point
  /// must be followed by a digit; `2.` used to be accepted (a non-JSON sample at
  /// `--stride 4 --offset 1`).
  @Test func pointNeedsADigit() throws {
    for schema in [
      #"{"type": "number", "minimum": 2, "maximum": 2}"#,
      #"{"type": "number", "minimum": 1, "maximum": 3}"#,
      #"{"type": "number", "exclusiveMinimum": 1, "maximum": 2}"#,
    ] {
      let g = try compileSchema(schema, .default)
      #expect(try g.match(Array("2.".utf8)).accepted == false, "\(schema) accepted 2.")
      #expect(try g.match(Array("2".utf8)).accepted, "\(schema) rejected 2")
      #expect(try g.match(Array("2.0".utf8)).accepted, "\(schema) rejected 2.0")
      #expect(try g.match(Array("2.00".utf8)).accepted, "\(schema) rejected 2.00")
    }
    try checkAgainstValidator(#"{"type": "number", "minimum": 2, "maximum": 2}"#, "2.5", valid: false)
  }

  @Test func draft4IntegerEnum() throws {
    let schema = #"{\#(Self.draft4), "type": "integer", "enum": [1, 0, 2.5]}"#
    try checkAgainstValidator(schema, "1", valid: true)
    try checkAgainstValidator(schema, "1.0", valid: false)
    try checkAgainstValidator(schema, "-0", valid: true)
    try checkAgainstValidator(schema, "0.0", valid: false)
    try checkAgainstValidator(schema, "2.5", valid: false)
    // In later drafts 1.0 is an integer.
    try checkAgainstValidator(#"{"type": "integer", "enum": [1]}"#, "1.0", valid: true)
    // The enum spells the value with a fraction: the integer spelling is still valid.
    try checkAgainstValidator(#"{\#(Self.draft4), "type": "integer", "enum": [1.0]}"#, "1", valid: true)
    // Draft-06: `1.0` is an integer, and `const` is a keyword (not in draft-04).
    let draft6 = #""$schema": "http://json-schema.org/draft-06/schema#""#
    try checkAgainstValidator(#"{\#(draft6), "type": "integer", "const": 1}"#, "1.0", valid: true)
  }

  /// Every sampled document is accepted by the automaton and valid.
  @Test func samplesStayInTheAutomaton() throws {
    let schemas = [
      #"{\#(Self.draft4), "type": "object", "properties": {"v": {"type": "integer", "minimum": 0}, "f": {"type": "integer", "enum": [1]}}, "required": ["v", "f"]}"#,
      #"{"type": "array", "items": {"type": "integer", "maximum": 0}, "minItems": 1}"#,
    ]
    for schema in schemas {
      let g = try compileSchema(schema)
      let validator = try JSONSchema(json: try JSONParser.parse(Array(schema.utf8)))
      var rng = SeededRandom(seed: 7)
      let sampler = GrammarSampler(grammar: g, softLength: 60)
      for _ in 0..<200 {
        let doc = try sampler.sample(using: &rng)
        #expect(try g.match(doc).accepted, "\(String(decoding: doc, as: UTF8.self))")
        #expect(validator.isValid(try JSONParser.parse(doc)), "\(schema): \(String(decoding: doc, as: UTF8.self))")
      }
    }
  }

  /// Mutual recursion: a conjunction lowered inside another recursive one used to be
  /// memoised with the other's recursion level and reused elsewhere as a shallower
  /// expansion, rejecting documents a fresh lowering accepts.
  @Test func recursionMemoKeepsDepth() throws {
    let schema = #"""
      {"type": "object", "properties": {"x": {"$ref": "#/$defs/A"}, "y": {"$ref": "#/$defs/B"}},
       "$defs": {"A": {"type": "object", "properties": {"b": {"$ref": "#/$defs/B"}}, "additionalProperties": false},
                 "B": {"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}, "additionalProperties": false}}}
      """#
    var options = CompileOptions.default
    options.maxRecursionDepth = 1
    let g = try compileSchema(schema, options)
    // Through x: A B A B (each of A and B active at most twice); through y: B A B A.
    let viaX = #"{"x": {"b": {"a": {"b": {}}}}}"#
    let viaY = #"{"y": {"a": {"b": {"a": {}}}}}"#
    #expect(try g.match(Array(viaX.utf8)).accepted)
    #expect(try g.match(Array(viaY.utf8)).accepted)
    try checkAgainstValidator(schema, viaY, valid: true, options: options)
  }

  /// A recursive node whose `anyOf` branches recurse through an object member and through
  /// array items: the items' node was memoised inside the other recursion (with its level)
  /// and reused as a shallower expansion, so every non-empty item array was rejected
  /// (Github_easy---o58839).
  @Test func recursionMemoThroughAnyOf() throws {
    let schema = #"""
      {"definitions": {"node": {"type": "object", "properties": {"t": {"enum": ["R", "S", "W"]}},
        "anyOf": [{"properties": {"t": {"enum": ["R"]}, "d": {"$ref": "#/definitions/node"}}},
                  {"properties": {"t": {"enum": ["S"]}, "d": {"type": "array", "items": {"$ref": "#/definitions/node"}}}},
                  {"properties": {"t": {"enum": ["W"]}}}]}},
       "$ref": "#/definitions/node"}
      """#
    try checkAgainstValidator(schema, #"{"t":"S","d":[{"t":"W"}]}"#, valid: true)
    try checkAgainstValidator(schema, #"{"t":"R","d":{"t":"S","d":[{"t":"W"}]}}"#, valid: true)
    try checkAgainstValidator(schema, #"{"t":"S","d":[{"t":"S","d":[]}]}"#, valid: true)
    try checkAgainstValidator(schema, #"{"t":"S","d":[{"t":"X"}]}"#, valid: false)
  }

  /// A definition that recurs through many `anyOf` branches (an expression language:
  /// `{"log": e}`, `{"exp": e}`, `{"pow": [e, e]}`, …). Recursion levels were counted at
  /// every subschema on the way, so each expansion of the definition depended on how often
  /// each branch was active; the expansions passed the per-conjunction cap and a shallower
  /// one was reused, rejecting `{"pow": [{"log": 2}, 2]}` (two levels, within the limit
  /// of 3). Levels are now counted per reference target (Github_trivial---o47165).
  @Test func recursionThroughManyBranches() throws {
    var branches: [String] = [#"{"type": "number"}"#]
    for op in ["log", "exp", "geomsum", "not", "neg", "abs", "sqrt", "sin"] {
      branches.append(
        ##"{"type": "object", "required": ["\##(op)"], "additionalProperties": false, "properties": {"\##(op)": {"$ref": "#/definitions/e"}}}"##)
    }
    for op in ["pow", "+", "*", "-"] {
      branches.append(
        ##"{"type": "object", "required": ["\##(op)"], "additionalProperties": false, "properties": {"\##(op)": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"$ref": "#/definitions/e"}}}}"##)
    }
    let schema = #"{"definitions": {"e": {"anyOf": ["# + branches.joined(separator: ", ") + ##"]}}, "$ref": "#/definitions/e"}"##
    for document in [
      #"{"pow": [{"log": 2}, 2]}"#, #"{"+": [{"exp": 2}, {"sin": 1}]}"#, #"{"pow": [{"exp": {"log": {"not": 1}}}, 2]}"#,
    ] {
      try checkAgainstValidator(schema, document, valid: true)
    }
    try checkAgainstValidator(schema, #"{"pow": [{"log": "x"}, 2]}"#, valid: false)
    // Four levels below the root: past maxRecursionDepth (3), rejected by the documented rule.
    let g = try compileSchema(schema)
    #expect(try !g.match(Array(#"{"pow": [{"exp": {"log": {"not": {"log": 1}}}}, 2]}"#.utf8)).accepted)
  }

  /// The complement of a definition that refers to itself through a `oneOf` (and so also
  /// through its own negation). The definition, the views its complement is taken of and
  /// the `oneOf` alternatives holding its negations counted levels under different
  /// identities; the expansions multiplied past the per-conjunction cap and shallower ones
  /// were reused, so how deep the complement was exact went up and down with
  /// maxRecursionDepth: odd depths rejected `{"condition": {}}`, depth 0 and 5 found the
  /// schema unsatisfiable. Levels are now counted per origin (the definition) and instance
  /// depth (Github_hard---o39210).
  @Test func complementOfSelfReferentialOneOf() throws {
    let schema = #"""
      {"not": {"$ref": "#/definitions/lcd"},
       "definitions": {"lcd": {"oneOf": [{"properties": {"not": {"oneOf": [
         {"required": ["condition"]}, {"required": ["x"]}, {"$ref": "#/definitions/lcd"}]}},
         "required": ["not"]}]}}}
      """#
    for depth in 2...6 {
      var options = CompileOptions()
      options.maxRecursionDepth = depth
      options.maxNestingDepth = 6
      for document in [#"{}"#, #"{"condition": {}}"#, #"{"a": {"b": 1}}"#, #"{"not": {}}"#] {
        try checkAgainstValidator(schema, document, valid: true, options: options)
      }
      try checkAgainstValidator(schema, #"{"not": {"condition": 1}}"#, valid: false, options: options)
      try checkAgainstValidator(schema, "1", valid: false, options: options)
    }
    // Nodes inside a built negation do not count levels of its origin: a schema without
    // recursion compiles whole at maxRecursionDepth 0 (it was cut one depth below the
    // negation), and a negative limit is not a trap.
    var flat = CompileOptions()
    flat.maxRecursionDepth = 0
    try checkAgainstValidator(#"{"not": {"properties": {"a": {"const": 1}}}}"#, #"{"a": 2}"#, valid: true, options: flat)
    flat.maxRecursionDepth = -1
    _ = compileError(schema, flat)
  }

  /// More than four `patternProperties` patterns: the compiler built one key region per
  /// subset of patterns only up to four (16 subsets) and beyond that left out keys matching
  /// two or more, marking the object as inexact at every depth; the complement of such a
  /// schema (a `oneOf` branch) was then empty, and a satisfiable schema was reported as
  /// "no document satisfies this schema" (JsonSchemaStore---pyrseas-0.8). Now the sets of
  /// patterns one key can match together are found by intersecting their key languages:
  /// for disjoint prefixes, one per pattern. Overlapping patterns must still combine.
  @Test func manyPatternProperties() throws {
    let disjoint = #"""
      {"oneOf": [{"type": "object"}, {"type": "object", "additionalProperties": false, "patternProperties": {
        "^sequence ": {}, "^type ": {}, "^view ": {}, "^foreign table ": {}, "^collation ": {}}}]}
      """#
    try checkAgainstValidator(disjoint, #"{"schema public": {}}"#, valid: true)
    try checkAgainstValidator(disjoint, #"{"type x": 1, "a": 2}"#, valid: true)
    try checkAgainstValidator(disjoint, #"{"type x": 1}"#, valid: false)
    let overlapping = #"""
      {"type": "object", "patternProperties": {"^a": {"type": "integer"}, "b$": {"minimum": 3},
        "^c": {"type": "string"}, "^d": {"type": "null"}, "x": {"maximum": 10}}}
      """#
    for (document, valid) in [
      (#"{"ab": 4}"#, true), (#"{"ab": 2}"#, false), (#"{"axb": 5}"#, true), (#"{"axb": 11}"#, false),
      (#"{"axb": 5.5}"#, false), (#"{"cx": "s"}"#, true), (#"{"cx": 1}"#, false), (#"{"dxb": null}"#, true),
    ] {
      try checkAgainstValidator(overlapping, document, valid: valid)
    }
  }

  /// A schema whose only documents are nested deeper than maxNestingDepth was reported as
  /// "no document satisfies this schema"; the language was empty only because the
  /// complement is taken within the depth limit. An empty language that is not complete
  /// at every depth is now checked again with both limits at 8: the error is a limit that
  /// says deeper documents exist, and the schema compiles with the limit raised
  /// (Synthesized---draft2019_09_valid_items_id25_subschema1_not_2). A schema empty at
  /// any depth, exact or not (objects with free-form members are exact only to
  /// maxNestingDepth), is still unsatisfiable.
  @Test func emptyOnlyWithinTheLimits() throws {
    let schema = #"{"allOf": [{"const": [[[[1]]]]}, {"not": {"items": {"items": {"items": {"items": {"type": "string"}}}}}}]}"#
    let e = try #require(compileError(schema))
    #expect(e.kind == .limit)
    #expect(e.message.contains("maxNestingDepth 3") && e.message.contains("deeper documents satisfy"), "\(e.message)")
    var deeper = CompileOptions()
    deeper.maxNestingDepth = 5
    try checkAgainstValidator(schema, "[[[[1]]]]", valid: true, options: deeper)
    // Schemas empty at any depth are still unsatisfiable.
    #expect(compileError(#"{"allOf": [{"type": "string"}, {"type": "number"}]}"#)?.kind == .unsatisfiable)
    let allThree = #"""
      {"type": "object", "required": ["r", "w"], "oneOf": [{"required": ["r"]}, {"required": ["w"]}]}
      """#
    #expect(compileError(allThree)?.kind == .unsatisfiable)
  }

  /// `oneOf` whose branches overlap (no `additionalProperties: false`) and recurse: the
  /// complement of a branch was only taken among values nested as deep as the branch is
  /// exact, so a valid sub-object with deeper members was rejected. Through the negation
  /// DNF, "not branch 0" includes "objects without `competencies`", exact at any depth
  /// (Github_easy---o78062).
  @Test func oneOfThroughNegations() throws {
    let schema = #"""
      {"$schema": "http://json-schema.org/draft-04/schema#",
       "definitions": {
         "named": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
         "competency": {"allOf": [{"$ref": "#/definitions/named"}, {"oneOf": [
           {"properties": {"competencies": {"type": "array", "items": {"$ref": "#/definitions/competency"}}}, "required": ["competencies"]},
           {"properties": {"abilities": {"type": "array", "items": {"$ref": "#/definitions/ability"}}}, "required": ["abilities"]}]}]},
         "ability": {"allOf": [{"$ref": "#/definitions/named"}, {"properties": {"level": {"type": "string"}}, "required": ["level"]}]}},
       "$ref": "#/definitions/competency"}
      """#
    let deep = #"{"name": "E", "competencies": [{"name": "C", "competencies": [{"name": "D", "abilities": [{"name": "A", "level": "L"}]}]}]}"#
    try checkAgainstValidator(schema, deep, valid: true)
    try checkAgainstValidator(schema, #"{"name": "E", "competencies": [{"name": "C", "abilities": [{"name": "A", "level": "L"}]}]}"#, valid: true)
    // Both branches: invalid.
    try checkAgainstValidator(schema, #"{"name": "E", "competencies": [], "abilities": []}"#, valid: false)
    try checkAgainstValidator(schema, #"{"name": "E", "competencies": [{"name": "C", "competencies": [], "abilities": []}]}"#, valid: false)
    // Neither branch: invalid.
    try checkAgainstValidator(schema, #"{"name": "E"}"#, valid: false)
    // An ability missing its level makes the abilities branch fail.
    try checkAgainstValidator(schema, #"{"name": "E", "abilities": [{"name": "A"}]}"#, valid: false)
  }

  /// `not` lowered through its negation: `not: {required: [...]}`, `not: {anyOf: [...]}`
  /// and `if`/`else` keep deep members exact.
  @Test func notThroughNegations() throws {
    let deepValue = #"{"k": [{"x": 1}]}"#
    let schema = #"{"type": "object", "properties": {"a": {}, "b": {}, "c": {}}, "not": {"required": ["a", "b"]}}"#
    try checkAgainstValidator(schema, #"{"a": \#(deepValue), "c": \#(deepValue)}"#, valid: true)
    try checkAgainstValidator(schema, #"{"a": 1, "b": 2}"#, valid: false)
    let anyOf = #"{"type": "object", "properties": {"a": {}, "b": {}, "c": {}}, "not": {"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}}"#
    try checkAgainstValidator(anyOf, #"{"c": \#(deepValue)}"#, valid: true)
    try checkAgainstValidator(anyOf, #"{"b": 1, "c": 2}"#, valid: false)
    let conditional = #"""
      {"type": "object", "properties": {"kind": {"type": "string"}, "c": {}},
       "if": {"properties": {"kind": {"const": "x"}}, "required": ["kind"]},
       "then": {"required": ["c"]}, "else": {"properties": {"c": {"type": "object"}}}}
      """#
    try checkAgainstValidator(conditional, #"{"kind": "y", "c": \#(deepValue)}"#, valid: true)
    try checkAgainstValidator(conditional, #"{"c": \#(deepValue)}"#, valid: true)
    try checkAgainstValidator(conditional, #"{"kind": "y", "c": 1}"#, valid: false)
    try checkAgainstValidator(conditional, #"{"kind": "x"}"#, valid: false)
    // Negated keywords of every kind.
    let mixed = #"{"not": {"type": ["integer", "string"], "minimum": 3, "maxLength": 2}}"#
    for (doc, valid) in [("1", true), ("4", false), ("4.5", true), (#""ab""#, false), (#""abc""#, true), ("null", true), ("[]", true)] {
      try checkAgainstValidator(mixed, doc, valid: valid)
    }
    let counts = #"{"not": {"minItems": 2, "maxProperties": 1}}"#
    for (doc, valid) in [("[1]", true), ("[1, 2]", false), (#"{"a": 1, "b": 2}"#, true), ("{}", false), ("3", false)] {
      try checkAgainstValidator(counts, doc, valid: valid)
    }
  }

  /// A dependent schema was intersected with "objects with/without NAME" terms whose other
  /// members are free-form (nested at most `maxNestingDepth`), which bounded the depth of
  /// every member; it is now distributed over the rest like `anyOf`, and a `oneOf` inside
  /// it is disjoint through the discriminator the rest requires (Github_medium---o72203).
  @Test func dependentSchemaKeepsDeepMembers() throws {
    let schema = #"""
      {"type": "object", "properties": {"kind": {"enum": ["a", "b"]}, "items": {"type": "array", "items": {"$ref": "#/$defs/f"}}},
       "required": ["kind"],
       "dependentSchemas": {"kind": {"oneOf": [{"properties": {"kind": {"const": "a"}}}, {"properties": {"kind": {"const": "b"}}}]}},
       "$defs": {"f": {"type": "object", "properties": {"op": {"type": "string"}, "args": {"type": "array", "items": {"$ref": "#/$defs/f"}}}}}}
      """#
    try checkAgainstValidator(schema, #"{"kind": "a", "items": [{"op": "or", "args": [{"op": "x"}]}]}"#, valid: true)
    try checkAgainstValidator(schema, #"{"kind": "c", "items": []}"#, valid: false)
  }

  /// A recursive `oneOf` of overlapping branches whose negations multiply past the
  /// alternative limit: each branch is intersected with the union of the other branches'
  /// negation disjuncts instead of a depth-bounded complement, which was empty for a
  /// recursive (incomplete) branch (Github_medium---o3626).
  @Test func recursiveOneOfThroughNegations() throws {
    let schema = #"""
      {"$defs": {"q": {"oneOf": [{"$ref": "#/$defs/p"}, {"$ref": "#/$defs/n"}, {"$ref": "#/$defs/a"}]},
                 "p": {"type": "object", "properties": {"pattern": {"type": "object"}, "loc": {"type": "string"}}, "required": ["pattern"]},
                 "n": {"type": "object", "properties": {"not": {"$ref": "#/$defs/q"}}, "required": ["not"]},
                 "a": {"type": "object", "properties": {"and": {"type": "array", "items": {"$ref": "#/$defs/q"}}}, "required": ["and"]}},
       "type": "object", "properties": {"when": {"$ref": "#/$defs/q"}, "cond": {"$ref": "#/$defs/q"}}}
      """#
    try checkAgainstValidator(schema, #"{"when": {"pattern": {"k": 1}}, "cond": {"not": {"pattern": {"k": 1}, "loc": "x"}}}"#, valid: true)
    try checkAgainstValidator(schema, #"{"cond": {"not": {"pattern": {}}, "pattern": {}}}"#, valid: false)
  }

  /// A `oneOf` split into alternatives reaches the same recursive conjunction in many
  /// recursion contexts; reusing an expansion after only 4 of them took a shallower one,
  /// so nested pattern members were rejected (Github_easy---o37786).
  @Test func recursionThroughOneOfAlternatives() throws {
    let schema = #"""
      {"definitions": {"res": {"oneOf": [{"type": "string"}, {"$ref": "#/definitions/sel"}]},
        "sel": {"oneOf": [{"type": "object", "required": ["ref"]},
                          {"type": "object", "patternProperties": {"^[0-9]x$": {"$ref": "#/definitions/res"}}}]}},
       "$ref": "#/definitions/res"}
      """#
    try checkAgainstValidator(schema, #"{"1x": {"2x": "a"}}"#, valid: true)
    try checkAgainstValidator(schema, #"{"1x": {"3x": "a", "2x": {}}}"#, valid: true)
    try checkAgainstValidator(schema, #"{"1x": {"ref": "a"}}"#, valid: false)
  }

  /// A `false` property made every undeclared name count as forbidden in the `oneOf`
  /// disjointness test, so overlapping branches were taken as disjoint and a document
  /// valid against both was accepted.
  @Test func falsePropertyIsNotClosed() throws {
    let schema = #"{"type": "object", "oneOf": [{"type": "object", "required": ["b"]}, {"type": "object", "properties": {"a": false}}]}"#
    try checkAgainstValidator(schema, #"{"b": 1}"#, valid: false)
    try checkAgainstValidator(schema, #"{"a": 1, "b": 1}"#, valid: true)
    try checkAgainstValidator(schema, #"{}"#, valid: true)
  }
}
