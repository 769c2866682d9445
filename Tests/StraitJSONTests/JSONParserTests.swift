import StraitJSON
import Testing

@Suite struct JSONParserTests {
  @Test func parsesScalarsAndContainers() throws {
    let v = try JSONParser.parse(#" {"b": [1, -2.5e3, true, false, null], "a": "x\u00e9\n"} "#)
    guard case .object(let o) = v else { Issue.record("not an object"); return }
    #expect(Array(o.keys) == ["b", "a"])  // member order kept
    #expect(v["a"] == .string("xé\n"))
    #expect(v["b"]?[1]?.numberValue?.text == "-2.5e3")
    #expect(v["b"]?[2] == .bool(true))
    #expect(v["b"]?[4] == .null)
  }

  @Test func numbersCompareExactly() throws {
    let one = try #require(JSONNumber(text: "1"))
    #expect(one == JSONNumber(text: "1.0"))
    #expect(one == JSONNumber(text: "1e0"))
    #expect(one == JSONNumber(text: "10e-1"))
    #expect(JSONNumber(text: "0") == JSONNumber(text: "-0.0"))
    let big = try #require(JSONNumber(text: "18446744073709551617"))
    #expect(big.text == "18446744073709551617")
    #expect(big.int64 == nil)
    #expect(big > JSONNumber(text: "18446744073709551616")!)
    #expect(JSONNumber(text: "0.1")! < JSONNumber(text: "0.10000000000000001")!)
    #expect(JSONNumber(text: "-3")! < JSONNumber(text: "-2.9")!)
    #expect(JSONNumber(text: "3.0")?.int64 == 3)
    #expect(JSONNumber(text: "1e2")?.isInteger == true)
    #expect(JSONNumber(text: "1.5")?.isInteger == false)
    #expect(JSONNumber(text: "01") == nil)
    #expect(JSONNumber(text: "1.") == nil)
    // Equal numbers hash equally, so sets and uniqueness work on JSON values.
    let set: Set<JSONValue> = [.number(one), .number(JSONNumber(text: "1.00")!)]
    #expect(set.count == 1)
  }

  @Test func objectsCompareUnordered() throws {
    let a = try JSONParser.parse(#"{"x": 1, "y": [1.0, {"z": null}]}"#)
    let b = try JSONParser.parse(#"{"y": [1, {"z": null}], "x": 1e0}"#)
    #expect(a == b)
    #expect(a.hashValue == b.hashValue)
    #expect(a != (try JSONParser.parse(#"{"y": [1, {"z": null}], "x": 2}"#)))
  }

  @Test func duplicateKeysAreReportedAndLastWins() throws {
    let (value, duplicates) = try JSONParser.parseWithDiagnostics(Array(#"{"a":1,"b":2,"a":3}"#.utf8))
    #expect(value["a"] == 3)
    #expect(duplicates == [JSONDuplicateKey(key: "a", offset: 13)])
    var options = JSONParser.Options()
    options.duplicateKeys = .reject
    #expect(throws: JSONParseError.self) { try JSONParser.parse(#"{"a":1,"a":2}"#, options: options) }
  }

  @Test func surrogates() throws {
    #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
    #expect(throws: JSONParseError.self) { try JSONParser.parse(#""\ud800""#) }
    #expect(throws: JSONParseError.self) { try JSONParser.parse(#""\udc00\ud800""#) }
    var options = JSONParser.Options()
    options.loneSurrogates = .replace
    #expect(try JSONParser.parse(#""a\ud800b""#, options: options) == .string("a\u{FFFD}b"))
  }

  @Test(arguments: [
    ("", 0, "empty input"),
    ("[1,", 3, "end of input"),
    ("[1 2]", 3, "expected ','"),
    ("{\"a\" 1}", 5, "expected ':'"),
    ("\u{FEFF}{}", 0, "byte order mark"),
    ("[01]", 2, "leading zeros"),
    ("\"a\tb\"", 2, "control character"),
    ("tru", 3, "end of input"),
    ("{}x", 2, "after the JSON value"),
    ("\"\\x\"", 1, "invalid escape"),
    ("[1,\n 2,,]", 7, "expected a value"),
  ])
  func errorsNameTheOffset(input: String, offset: Int, fragment: String) {
    do {
      _ = try JSONParser.parse(input)
      Issue.record("accepted \(input.debugDescription)")
    } catch {
      #expect(error.offset == offset, "\(input.debugDescription): \(error)")
      #expect(error.message.contains(fragment), "\(input.debugDescription): \(error)")
    }
  }

  @Test func lineAndColumn() {
    do {
      _ = try JSONParser.parse("{\n  \"a\": 1,\n  \"b\": ]\n}")
      Issue.record("accepted")
    } catch {
      #expect(error.line == 3)
      #expect(error.column == 8)
      #expect(error.description.hasPrefix("3:8 (byte 19): "))
    }
  }

  @Test func invalidUTF8IsRejectedWithOffset() {
    for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22]] {
      #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
    }
    do {
      _ = try JSONParser.parse([0x5B, 0x22, 0x61, 0xFF, 0x22, 0x5D] as [UInt8])
    } catch {
      #expect(error.offset == 3)
    }
  }

  @Test func deepNestingIsAnErrorNotACrash() throws {
    let deep = String(repeating: "[", count: 1_000_000) + String(repeating: "]", count: 1_000_000)
    #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
    _ = try JSONParser.parse(ok)
    let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
    #expect(throws: JSONParseError.self) { try JSONParser.parse(tooDeep) }
  }

  @Test func nulBytesAreErrors() {
    #expect(throws: JSONParseError.self) { try JSONParser.parse([0x00] as [UInt8]) }
    #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0x00, 0x22] as [UInt8]) }
    #expect(throws: JSONParseError.self) { try JSONParser.parse([0x31, 0x00] as [UInt8]) }
  }
}

@Suite struct JSONParserInputTests {
  @Test func nonContiguousCollectionsAreCopiedFirst() throws {
    let bytes = AnyCollection(Array(#"{"a": [1, "é"]}"#.utf8))
    #expect(try JSONParser.parse(bytes) == ["a": [1, "é"]])
  }

  @Test func anEmptyBufferWithoutAddressIsAnError() {
    let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    #expect(throws: JSONParseError(offset: 0, line: 1, column: 1, message: "empty input: expected a JSON value")) {
      try JSONParser.check(empty)
    }
    var duplicates: [JSONDuplicateKey] = []
    #expect(throws: JSONParseError.self) { try JSONParser.parse(empty, options: .default, duplicates: &duplicates) }
  }

  @Test func positionCountsLinesAtLineFeeds() {
    let text = Array("ab\ncd\r\nef".utf8)
    text.withUnsafeBufferPointer { buffer in
      #expect(JSONParseError.position(of: 0, in: buffer) == (1, 1))
      #expect(JSONParseError.position(of: 4, in: buffer) == (2, 2))
      #expect(JSONParseError.position(of: 7, in: buffer) == (3, 1))
      #expect(JSONParseError.position(of: 9, in: buffer) == (3, 3))
    }
  }

  @Test func nameCacheNeverConfusesNames() throws {
    // Many distinct short names (they share cache slots) and names of 15, 16 and 17 bytes
    // that differ in one middle byte, repeated across records.
    var names = (0..<300).map { "k\($0)" }
    for length in [7, 8, 9, 15, 16, 17] {
      for middle in ["a", "b"] {
        let half = String(repeating: "x", count: (length - 1) / 2)
        names.append(String((half + middle + half + "yyyy").prefix(length)))
      }
    }
    let record = "{" + names.enumerated().map { "\"\($1)\": \($0)" }.joined(separator: ",") + "}"
    let value = try JSONParser.parse("[" + Array(repeating: record, count: 3).joined(separator: ",") + "]")
    for index in 0..<3 {
      let object = try #require(value[index]?.objectValue)
      #expect(Array(object.keys) == names)
      for (position, name) in names.enumerated() {
        #expect(object[name] == .number(JSONNumber(position)))
      }
    }
  }
}
