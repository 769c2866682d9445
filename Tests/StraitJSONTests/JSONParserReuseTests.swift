import StraitJSON
import Testing

/// The parser's speed paths give the same results as building every value afresh: objects
/// of one shape share their names array, the parser's buffers and caches are reused
/// between parses (also after a failed one and across threads), number digits are read 8
/// at a time.
@Suite struct JSONParserReuseTests {
  private var reject: JSONParser.Options {
    var options = JSONParser.Options()
    options.duplicateKeys = .reject
    return options
  }

  @Test func objectsOfOneShapeKeepTheirOwnNamesAndValues() throws {
    // Same names, then other orders, other lengths, a repeat, escapes, long names that
    // differ only in the middle (equal length, first and last 8 bytes).
    let long1 = "abcdefgh-1-ijklmnop", long2 = "abcdefgh-2-ijklmnop"
    let text = """
      [{"a": 1, "b": 2}, {"a": 3, "b": 4}, {"b": 5, "a": 6}, {"a": 7}, {"a": 8, "b": 9, "c": 10},
       {"a": 11, "b": 12}, {"a\\u0062": 13}, {"\(long1)": 14, "x": 15}, {"\(long2)": 16, "x": 17},
       {"\(long1)": 18, "x": 19}, {"é": 20}, {"e\\u0301": 21}, {"é": 22}, {"a": 23, "a": 24}]
      """
    let (value, duplicates) = try JSONParser.parseWithDiagnostics(Array(text.utf8))
    let objects = try #require(value.arrayValue).map { try #require($0.objectValue) }
    let keys = objects.map { Array($0.keys) }
    #expect(
      keys == [
        ["a", "b"], ["a", "b"], ["b", "a"], ["a"], ["a", "b", "c"], ["a", "b"], ["ab"], [long1, "x"],
        [long2, "x"], [long1, "x"], ["é"], ["e\u{301}"], ["é"], ["a"],
      ])
    // Byte-exact names: the canonically equivalent spellings stay apart.
    #expect(Array(objects[10].keys[0].utf8) == [0xC3, 0xA9])
    #expect(Array(objects[11].keys[0].utf8) == [0x65, 0xCC, 0x81])
    #expect(Array(objects[12].keys[0].utf8) == [0xC3, 0xA9])
    let values = objects.map { $0.values.compactMap { $0.numberValue?.int64 } }
    #expect(
      values == [[1, 2], [3, 4], [5, 6], [7], [8, 9, 10], [11, 12], [13], [14, 15], [16, 17], [18, 19], [20], [21], [22], [24]])
    #expect(duplicates == [JSONDuplicateKey(key: "a", offset: text.utf8.count - 9)])
    #expect(throws: JSONParseError.self) { try JSONParser.parse(text, options: reject) }
  }

  @Test func aRepeatAfterTheShapeWasSeenIsStillFound() throws {
    // The first object caches the shape ["a", "b"]; the later ones must not be taken for it.
    let text = #"[{"a": 1, "b": 2}, {"a": 1, "a": 2}, {"b": 1, "b": 2}, {"a": 1, "b": 2, "a": 3}]"#
    let (value, duplicates) = try JSONParser.parseWithDiagnostics(Array(text.utf8))
    #expect(value[1]?.objectValue?.count == 1 && value[1]?["a"] == 2)
    #expect(value[2]?.objectValue?.count == 1 && value[2]?["b"] == 2)
    #expect(value[3]?.objectValue.map { Array($0.keys) } == ["a", "b"] && value[3]?["a"] == 3)
    #expect(duplicates.map(\.key) == ["a", "b", "a"])
    let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(text, options: reject) }
    #expect(error.offset == 28)
  }

  @Test func manyShapesAndManyDocumentsGiveFreshResults() throws {
    // More shapes than cache slots, over several documents: each document parses to the
    // value its text describes.
    for document in 0..<5 {
      let records = (0..<300).map { i in
        let names = (0..<(1 + i % 7)).map { "k\((i * 31 + $0 * 7 + document) % 97)_\($0)" }
        return "{" + names.enumerated().map { "\"\($1)\": \($0 + i)" }.joined(separator: ", ") + "}"
      }
      let value = try JSONParser.parse("[" + records.joined(separator: ", ") + "]")
      let array = try #require(value.arrayValue)
      #expect(array.count == 300)
      for (i, record) in array.enumerated() {
        let names = (0..<(1 + i % 7)).map { "k\((i * 31 + $0 * 7 + document) % 97)_\($0)" }
        let object = try #require(record.objectValue)
        #expect(Array(object.keys) == names)
        #expect(object.values.map { $0.numberValue?.int64 } == names.indices.map { Int64($0 + i) })
      }
    }
  }

  @Test func aFailedParseLeavesNothingBehind() throws {
    let broken = #"[{"a": [1, 2, {"b": "x"#
    #expect(throws: JSONParseError.self) { try JSONParser.parse(broken) }
    let bytes = Array(broken.utf8)
    #expect(throws: JSONParseError.self) { try bytes.withUnsafeBufferPointer { try JSONParser.check($0) } }
    #expect(try JSONParser.parse(#"{"a": [1]}"#) == ["a": [1]])
    #expect(try JSONParser.parse("[]") == [])
  }

  @Test func parsesConcurrently() async throws {
    let text = #"[{"id": 1, "name": "alpha", "tags": ["x", "y"]}, {"id": 2, "name": "beta", "tags": []}]"#
    let expected: JSONValue = [["id": 1, "name": "alpha", "tags": ["x", "y"]], ["id": 2, "name": "beta", "tags": []]]
    let results = await withTaskGroup(of: Bool.self) { group in
      for _ in 0..<8 {
        group.addTask { (0..<200).allSatisfy { _ in (try? JSONParser.parse(text)) == expected } }
      }
      return await group.reduce(into: [Bool]()) { $0.append($1) }
    }
    #expect(results == Array(repeating: true, count: 8))
  }

  @Test func digitsEndAtEveryOffset() throws {
    // Digit runs of every length up to 40 in each part of a number, ended by each kind of
    // byte that can follow (and by bytes next to '0' and '9' that are not digits).
    for length in 1...40 {
      let digits = String((0..<length).map { Character(String(($0 * 7 + 1) % 10)) })
      let integer = "1" + digits
      for literal in [integer, "-" + integer, "0." + digits, "-0." + digits + "5", "2e" + digits, "3.5E-" + digits] {
        let value = try JSONParser.parse("[" + literal + ",\(literal) ]")
        #expect(value[0]?.numberValue?.text == literal && value[1]?.numberValue?.text == literal, "\(literal)")
      }
      for stop: UInt8 in [0x2F, 0x3A, 0x40, 0x41, 0xFA, 0xFF] {
        let bytes = Array(("[" + integer).utf8) + [stop] + Array("12345678]".utf8)
        let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        #expect(error.offset == 1 + integer.utf8.count, "stop \(stop) after \(length)")
      }
    }
  }

  @Test func namesOfEveryShortLengthAndAnyNextByte() throws {
    // Names of 0 to 10 bytes (a name under 8 bytes is read with one word load), followed
    // by each kind of byte, near the end of the input too; names with an escape, a
    // non-ASCII or a control byte among their first 8 bytes take the general path.
    for length in 0...10 {
      let name = String("abcdefghij".prefix(length))
      for (text, key) in [
        ("{\"\(name)\": 1}", name), ("{\"\(name)\":1}", name), ("{\"\(name)\" :1}", name),
        ("{\"\(name)\"\n:\t1}", name), ("{\"\(name)é\": 1}", name + "é"),
        ("{\"\(name)\\n\": 1}", name + "\n"), ("{\"\\u0041\(name)\": 1}", "A" + name),
      ] {
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value.objectValue.map { Array($0.keys) } == [key], "\(text)")
        #expect(value[key] == 1, "\(text)")
      }
      for bad in ["{\"\(name)\u{1}\": 1}", "{\"\(name)\"}", "{\"\(name)"] {
        #expect(throws: JSONParseError.self, "\(bad)") { try JSONParser.parse(Array(bad.utf8)) }
      }
    }
  }

  @Test func stringsOfEveryShortLengthNearTheEnd() throws {
    // Strings under 8 bytes are read with one word load when 8 bytes follow the opening
    // quote; near the end of the input, or with an escape, a non-ASCII or a control byte
    // among their first 8 bytes, they take the general path.
    for length in 0...10 {
      let plain = String("abcdefghij".prefix(length))
      let cases = [
        (plain, plain), (plain + "é", plain + "é"), (plain + "\\n", plain + "\n"), ("\\u0041" + plain, "A" + plain),
      ]
      for (string, decoded) in cases {
        for text in ["\"\(string)\"", "[\"\(string)\"]", "[\"\(string)\", 1]", "{\"k\": \"\(string)\"}"] {
          let value = try JSONParser.parse(Array(text.utf8))
          let found = value.stringValue ?? value[0]?.stringValue ?? value["k"]?.stringValue
          #expect(found == decoded, "\(text)")
        }
      }
      for bad in ["\"\(plain)", "[\"\(plain)\u{1}\"]", "\"\(plain)\\"] {
        #expect(throws: JSONParseError.self, "\(bad)") { try JSONParser.parse(Array(bad.utf8)) }
      }
    }
  }

  @Test func shapesWithTheSameCountFirstAndLastNameStayApart() throws {
    // The shape cache finds a slot by the count and the first and last names; objects that
    // differ only in between must still get their own names.
    let text = """
      [{"a": 1, "b": 2, "z": 3}, {"a": 4, "c": 5, "z": 6}, {"a": 7, "b": 8, "z": 9},
       {"a": 1, "a": 2, "z": 3}]
      """
    let (value, duplicates) = try JSONParser.parseWithDiagnostics(Array(text.utf8))
    let keys = try #require(value.arrayValue).map { $0.objectValue.map { Array($0.keys) } }
    #expect(keys == [["a", "b", "z"], ["a", "c", "z"], ["a", "b", "z"], ["a", "z"]])
    #expect(value[1]?["c"] == 5 && value[2]?["b"] == 8 && value[3]?["a"] == 2)
    #expect(duplicates.map(\.key) == ["a"])
  }

  @Test func escapedNamesStayIntactUntilTheirObjectCloses() throws {
    // Escaped names are decoded into a buffer that the next string overwrites; the parser
    // keeps a copy for the pending member. Many of them, in nested, large (more members
    // than shapes are cached for) and repeated objects, with long and short names.
    let names = (0..<40).map { "k\\u00\(String(0x41 + $0 % 26, radix: 16))\($0)_\(String(repeating: "x", count: $0 % 20))" }
    let decoded = (0..<40).map { "k\(Character(Unicode.Scalar(UInt8(0x41 + $0 % 26))))\($0)_\(String(repeating: "x", count: $0 % 20))" }
    let large = "{" + names.enumerated().map { "\"\($1)\": {\"\\u0069n\": \($0)}" }.joined(separator: ", ") + "}"
    let text = "[" + large + ", " + large + "]"
    let (value, duplicates) = try JSONParser.parseWithDiagnostics(Array(text.utf8))
    #expect(duplicates.isEmpty)
    for index in 0..<2 {
      let object = try #require(value[index]?.objectValue)
      #expect(Array(object.keys) == decoded)
      #expect(object.values.map { $0["in"]?.numberValue?.int64 } == (0..<40).map { Int64($0) })
    }
    let repeated = #"{"\u0061": 1, "b": 2, "a": 3, "\u0062": 4}"#
    let (merged, found) = try JSONParser.parseWithDiagnostics(Array(repeated.utf8))
    #expect(merged == ["a": 3, "b": 4] && found.map(\.key) == ["a", "b"])
    let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(repeated, options: reject) }
    #expect(error.offset == 22)
  }

  @Test func stringsCompareAndHashLikeLiterals() throws {
    // Parsed strings are made without validating the bytes again; they must still be
    // ordinary strings: equal and hashing equal to literals, ASCII or not, short or long,
    // escaped or not.
    let samples = [
      "", "a", "exactly 15 bytes", "sixteen bytes!!!", "a much longer ASCII string with spaces",
      "café", "Zürich 東京 données résumé — long enough for heap storage", "tab\there \"quoted\"",
    ]
    let text = "[" + samples.map { JSONSerializer.serialize(.string($0)) }.joined(separator: ", ") + "]"
    let parsed = try #require(try JSONParser.parse(text).arrayValue).map { $0.stringValue }
    #expect(parsed == samples)
    #expect(Set(parsed.compactMap { $0 }) == Set(samples))
    #expect(parsed.map { $0?.count } == samples.map(\.count))
    if #available(macOS 26.0, iOS 26.0, watchOS 26.0, tvOS 26.0, visionOS 26.0, *) {
      // A long ASCII string is flagged so (its comparisons stay on the fast path).
      #expect(parsed.map { $0?.utf8Span.isKnownASCII } == samples.map { $0.utf8Span.isKnownASCII })
    }
  }
}
