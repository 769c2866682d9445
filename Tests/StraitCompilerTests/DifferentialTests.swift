import StraitCompiler
import StraitJSON
import StraitSchema
import StraitTestSupport
import Testing

/// Random schemas and instances checked against the validator: the automaton must accept
/// exactly the valid instances (or, where the compiler documents an under-approximation,
/// never accept an invalid one).
@Suite struct DifferentialTests {
  /// Compares the automaton with the validator on `instances`; returns (agreements,
  /// false acceptances, false rejections) and records issues for disagreements.
  @discardableResult
  func compare(
    _ schemaText: String, _ instances: [String], exact: Bool = true, assertFormat: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> (Int, Int, Int) {
    let schema = try JSONParser.parse(schemaText)
    let v = try JSONSchema(json: schema, options: JSONSchema.Options(assertFormat: assertFormat))
    let compiled = Result { () throws(CompileError) -> CompiledGrammar in try SchemaCompiler.compile(schema: schema) }
    guard case .success(let g) = compiled else {
      if case .failure(let e) = compiled, e.kind != .unsatisfiable { throw e }
      // The compiler proved the schema unsatisfiable: the validator must agree.
      for text in instances {
        if let value = try? JSONParser.parse(text), v.isValid(value) {
          Issue.record("\(schemaText) is satisfiable: \(text)", sourceLocation: sourceLocation)
        }
      }
      return (instances.count, 0, 0)
    }
    var agree = 0
    var falseAccept = 0
    var falseReject = 0
    for original in instances {
      guard let value = try? JSONParser.parse(original) else { continue }
      let valid = v.isValid(value)
      // Containers: members in the grammar's canonical order (the order rule is not under
      // test here); scalars keep their exact text (escapes are).
      var text = original
      if case .object = value, let c = try? SchemaCompiler.canonicalForm(of: value, schema: schema) {
        text = JSONSerializer.serialize(c, style: .python)
      } else if case .array = value, let c = try? SchemaCompiler.canonicalForm(of: value, schema: schema) {
        text = JSONSerializer.serialize(c, style: .python)
      }
      let accepted = try g.match(Array(text.utf8)).accepted
      if accepted == valid {
        agree += 1
      } else if accepted {
        falseAccept += 1
        Issue.record("\(schemaText) accepts invalid \(text)", sourceLocation: sourceLocation)
      } else {
        falseReject += 1
        if exact { Issue.record("\(schemaText) rejects valid \(text)", sourceLocation: sourceLocation) }
      }
    }
    return (agree, falseAccept, falseReject)
  }

  static func randomDecimal(_ rng: inout SeededRandom, maxInt: Int = 4, maxFrac: Int = 4) -> String {
    var s = Bool.random(using: &rng) ? "-" : ""
    let intLen = Int.random(in: 0...maxInt, using: &rng)
    if intLen == 0 {
      s += "0"
    } else {
      s += String(Int.random(in: 1...9, using: &rng))
      for _ in 1..<intLen { s += String(Int.random(in: 0...9, using: &rng)) }
    }
    let fracLen = Int.random(in: 0...maxFrac, using: &rng)
    if fracLen > 0 {
      s += "."
      for _ in 0..<fracLen { s += String(["0", "5", "1", "9", "2"].randomElement(using: &rng) ?? "0") }
    }
    return s
  }

  @Test func numberBoundsAndMultiples() throws {
    var rng = SeededRandom(seed: 7)
    var checked = 0
    for _ in 0..<120 {
      var keywords: [String] = []
      if Bool.random(using: &rng) { keywords.append(#""type": "integer""#) }
      let kinds = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
      for k in kinds where Int.random(in: 0..<3, using: &rng) == 0 {
        keywords.append("\"\(k)\": \(Self.randomDecimal(&rng, maxInt: 3, maxFrac: 2))")
      }
      if Int.random(in: 0..<4, using: &rng) == 0 {
        keywords.append("\"multipleOf\": \(["0.01", "0.5", "3", "7", "0.25", "10", "2.5"].randomElement(using: &rng) ?? "1")")
      }
      let schema = "{" + keywords.joined(separator: ", ") + "}"
      var instances: [String] = []
      for _ in 0..<40 { instances.append(Self.randomDecimal(&rng)) }
      instances += ["0", "-0", "0.0", "1", "-1", "100", "10.50"]
      let (a, _, _) = try compare(schema, instances)
      checked += a
    }
    print("number differential: \(checked) agreements")
    #expect(checked > 4000)
  }

  /// All JSON encodings of a string, chosen at random per character.
  static func encode(_ s: String, _ rng: inout SeededRandom) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      let v = u.value
      let shortEscapes: [UInt32: String] = [0x22: "\\\"", 0x5C: "\\\\", 0x2F: "\\/", 0x08: "\\b", 0x0C: "\\f", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"]
      let choice = Int.random(in: 0..<3, using: &rng)
      func hex4(_ x: UInt32) -> String {
        let h = String(x, radix: 16)
        let padded = String(repeating: "0", count: 4 - h.count) + h
        return Bool.random(using: &rng) ? padded.uppercased() : padded
      }
      if choice == 0, let e = shortEscapes[v] {
        out += e
      } else if choice == 1 || v < 0x20 || v == 0x22 || v == 0x5C {
        if v >= 0x10000 {
          let w = v - 0x10000
          out += "\\u" + hex4(0xD800 + (w >> 10)) + "\\u" + hex4(0xDC00 + (w & 0x3FF))
        } else {
          out += "\\u" + hex4(v)
        }
      } else {
        out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }

  static let pool: [Unicode.Scalar] = Array("ab-_.@ 09Zé€😀\n\t\"\\/\u{01}\u{2028}x".unicodeScalars)

  static func randomString(_ rng: inout SeededRandom, maxLength: Int = 8) -> String {
    var s = String.UnicodeScalarView()
    for _ in 0..<Int.random(in: 0...maxLength, using: &rng) {
      if let c = pool.randomElement(using: &rng) { s.append(c) }
    }
    return String(s)
  }

  @Test func stringsPatternsAndLengths() throws {
    var rng = SeededRandom(seed: 11)
    let patterns = [
      "^[a-z]+$", "a", "^\\d{2,3}", "[^a-z]$", "^(ab|cd)*$", "é|😀", "^.{3}$", "\\s", "^[\\w.-]+@[\\w.-]+$",
      "\\p{L}", "^\\S*$", "(?:x|y)+", "^$",
    ]
    var checked = 0
    for p in patterns {
      for lengths in ["", #", "maxLength": 3"#, #", "minLength": 2"#] {
        let schema = "{\"type\": \"string\", \"pattern\": \(JSONSerializer.quote(p))\(lengths)}"
        var instances: [String] = []
        for _ in 0..<60 { instances.append(Self.encode(Self.randomString(&rng), &rng)) }
        instances += [#""""#, #""abc""#, #""12""#, #""ab@cd.e""#]
        let (a, _, _) = try compare(schema, instances)
        checked += a
      }
    }
    print("string differential: \(checked) agreements")
    #expect(checked > 2000)
  }

  @Test func formatsAreSoundSubsets() throws {
    var rng = SeededRandom(seed: 3)
    let samples = [
      "2024-02-29", "2023-02-29", "1963-06-19T08:30:06.283185Z", "08:30:06Z", "23:59:60Z", "P1D", "PT36H",
      "P1Y2D", "127.0.0.1", "::1", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4", "a@b.co", "a..b@c.d", "\"q\"@x.org",
      "user@[127.0.0.1]", "example.com", "-bad.com", "xn--nxasmq6b.com", "http://x.y/z?q#f", "urn:a:b",
      "http://[::1]:80/", "/a/b", "#f", "../x", "123e4567-e89b-12d3-a456-426614174000", "/a~0b", "1/a", "0#",
    ]
    let formats = [
      "date", "date-time", "time", "duration", "ipv4", "ipv6", "email", "hostname", "uri", "uri-reference",
      "iri", "uuid", "json-pointer", "relative-json-pointer",
    ]
    var agreements = 0
    for f in formats {
      var instances = samples.map { JSONSerializer.quote($0) }
      for _ in 0..<20 { instances.append(Self.encode(Self.randomString(&rng), &rng)) }
      // Approximated formats reject some valid strings; they must never accept an invalid one.
      let (a, fa, _) = try compare("{\"format\": \"\(f)\"}", instances, exact: false)
      #expect(fa == 0)
      agreements += a
    }
    print("format differential: \(agreements) agreements")
  }

  @Test func objectsAgainstValidator() throws {
    var rng = SeededRandom(seed: 5)
    let schemas = [
      #"{"properties": {"a": {"type": "integer"}, "b": {"enum": ["x", 1]}}, "required": ["a"], "additionalProperties": {"type": "boolean"}}"#,
      #"{"patternProperties": {"^a": {"type": "integer"}, "b$": {"minimum": 2}}, "additionalProperties": false}"#,
      #"{"minProperties": 1, "maxProperties": 2, "propertyNames": {"pattern": "^[ab]"}}"#,
      #"{"oneOf": [{"required": ["a"]}, {"required": ["b"]}, {"maxProperties": 0}]}"#,
      #"{"not": {"properties": {"a": {"const": 1}}}}"#,
      #"{"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"maxProperties": 1}}"#,
      #"{"dependentSchemas": {"a": {"properties": {"b": {"type": "string"}}}}, "dependentRequired": {"b": ["a"]}}"#,
    ]
    var checked = 0
    for schema in schemas {
      var instances: [String] = []
      for _ in 0..<80 {
        // Members in canonical order (a, b, then others): the order rule is not under test.
        var members: [String] = []
        for key in ["a", "b", "ab", "ba", "c"] where Bool.random(using: &rng) {
          let value = ["1", "2", "\"x\"", "true", "null", "[1]", "{}"].randomElement(using: &rng) ?? "1"
          members.append("\(JSONSerializer.quote(key)): \(value)")
        }
        instances.append("{" + members.joined(separator: ", ") + "}")
      }
      let (a, _, _) = try compare(schema, instances)
      checked += a
    }
    print("object differential: \(checked) agreements")
    #expect(checked > 500)
  }

  @Test func arraysAgainstValidator() throws {
    var rng = SeededRandom(seed: 9)
    let schemas = [
      #"{"prefixItems": [{"type": "integer"}, {"type": "string"}], "items": {"type": "boolean"}, "minItems": 1, "maxItems": 4}"#,
      #"{"contains": {"type": "string"}, "minContains": 1, "maxContains": 2}"#,
      #"{"items": {"anyOf": [{"type": "integer"}, {"const": "x"}]}, "contains": {"const": 1}}"#,
      #"{"not": {"items": {"type": "integer"}}}"#,
    ]
    var checked = 0
    for schema in schemas {
      var instances: [String] = []
      for _ in 0..<80 {
        var items: [String] = []
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
          items.append(["1", "2", "\"x\"", "\"y\"", "true", "null"].randomElement(using: &rng) ?? "1")
        }
        instances.append("[" + items.joined(separator: ", ") + "]")
      }
      let (a, _, _) = try compare(schema, instances)
      checked += a
    }
    print("array differential: \(checked) agreements")
    #expect(checked > 300)
  }

  /// `format: "regex"` must accept only patterns the validator compiles (libpcre2 after the
  /// ECMA rewrite): sampled documents of the format's grammar, plain and restricted to
  /// alphabets that are mostly syntax characters (so that classes, escapes, quantifiers and
  /// groups come up often), must all be valid.
  @Test func regexFormatSamplesCompile() throws {
    let schemas = [
      #"{"type": "string", "format": "regex"}"#,
      #"{"type": "string", "format": "regex", "pattern": "^[ -~]*$"}"#,
      #"{"type": "string", "format": "regex", "pattern": "^[\\[\\]().:=^$|*+?{},0-9a-cxuDdSsbB\\\\/-]*$"}"#,
      #"{"type": "string", "format": "regex", "pattern": "^[\\[\\]\\\\^\\-.:=a-cz0-2A9xuDFd!_(){}|?]*$"}"#,
    ]
    let validator = try JSONSchema(
      json: try JSONParser.parse(#"{"type": "string", "format": "regex"}"#),
      options: JSONSchema.Options(assertFormat: true))
    var checked = 0
    for (i, schema) in schemas.enumerated() {
      let g = try compileSchema(schema)
      var rng = SeededRandom(seed: UInt64(31 + i))
      let sampler = GrammarSampler(grammar: g)
      for _ in 0..<500 {
        let doc = try sampler.sample(using: &rng)
        let value = try JSONParser.parse(doc)
        #expect(validator.isValid(value), "\(schema) samples invalid \(String(decoding: doc, as: UTF8.self))")
        checked += 1
      }
    }
    print("format regex: \(checked) samples compiled")
    #expect(checked == 2000)
  }

  /// Real patterns (from MaskBench schemas) in the grammar's subset are accepted, and
  /// invalid ones are rejected; each is checked against the validator first.
  @Test func regexFormatRealPatterns() throws {
    let valid = [
      #"^[a-zA-Z0-9_]{3,16}$"#, #"^[a-zA-Z0-9]+$"#, #"^[a-z0-9]+(?:-[a-z0-9]+)*$"#,
      #"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"#, #"^#?([a-fA-F0-9]{6}|[a-fA-F0-9]{3})$"#,
      #"^(https?|ftp)://[^\s/$.?#].[^\s]*$"#, #"^\d{4}-\d{2}-\d{2}$"#, #"^[-_a-zA-Z0-9]+$"#,
      #"^[a-zA-Z0-9._-]+/[a-zA-Z0-9._-]+$"#, #"[.]js$"#, #"^(?:@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*$"#,
      #"^I[a-z0-f]{40}$"#, #".*\{\{.+}}.*"#, #"/{env}/{platform}/{project}/views"#, #"^PUBMED:\{d}"#,
      #"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"#, #"^(?!.*\s).*$"#,
      #"^\+?[1-9]\d{1,14}$"#, #"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"#, #"^(\w+)(\.\w+)*$"#, #"\u00e9+"#,
    ]
    let invalid = [
      #"*a"#, #"a{3,2}"#, #"[z-a]"#, #"(abc"#, #"a)"#, #"\1"#, #"[\d-z]"#, #"a**"#, #"^*"#, #"\b+"#,
      #"(*a)"#, #"[..]"#, #"[:alpha:]"#, #"[.\.]"#, #"\ud800"#, #"a{65536}"#, #"(?<n>a)(?<n>b)"#, #"\k"#, #"\c"#,
    ]
    let validator = try JSONSchema(
      json: try JSONParser.parse(#"{"type": "string", "format": "regex"}"#),
      options: JSONSchema.Options(assertFormat: true))
    let g = try compileSchema(#"{"type": "string", "format": "regex"}"#)
    for (patterns, expected) in [(valid, true), (invalid, false)] {
      for p in patterns {
        let text = JSONSerializer.quote(p)
        #expect(validator.isValid(try JSONParser.parse(text)) == expected, "validator: \(text)")
        #expect(try g.match(Array(text.utf8)).accepted == expected, "grammar: \(text)")
      }
    }
    // ECMA-262 sets no size limit: a pattern too large for libpcre2 to compile (64 KiB of
    // code, 45 bytes per `.`) is still valid (the validator checks its syntax), and the
    // grammar, which does not count characters, accepts it. With a back-reference (which
    // libpcre2 checks only after the size) the validator cannot tell, so it is invalid;
    // the grammar has no back-references.
    let long = JSONSerializer.quote(String(repeating: ".", count: 1_500))
    #expect(validator.isValid(try JSONParser.parse(long)))
    #expect(try g.match(Array(long.utf8)).accepted)
    let longWithReference = JSONSerializer.quote(String(repeating: ".", count: 1_500) + #"(a)\1"#)
    #expect(!validator.isValid(try JSONParser.parse(longWithReference)))
    #expect(try !g.match(Array(longWithReference.utf8)).accepted)
    // Nor a limit on groups: libpcre2 refuses a 65,536th capturing group while parsing.
    let manyGroups = JSONSerializer.quote(String(repeating: "()", count: 65_536) + "[a-")
    #expect(!validator.isValid(try JSONParser.parse(manyGroups)))
    let manyGroupsValid = JSONSerializer.quote(String(repeating: "()", count: 65_536) + "[a-]")
    #expect(validator.isValid(try JSONParser.parse(manyGroupsValid)))
    #expect(try g.match(Array(manyGroupsValid.utf8)).accepted)
  }
}
