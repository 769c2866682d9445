import Foundation
import StraitJSON
import StraitTestSupport
import Testing

/// JSONDocument: the same decisions, errors, values and duplicate reports as JSONParser,
/// and navigation of the tape.
@Suite struct JSONDocumentTests {
  // MARK: Helpers

  private static func options(
    duplicateKeys: JSONParser.Options.DuplicateKeys = .lastWins,
    loneSurrogates: JSONParser.Options.LoneSurrogates = .reject,
    allowByteOrderMark: Bool = false, maxDepth: Int = 512
  ) -> JSONParser.Options {
    var options = JSONParser.Options()
    options.duplicateKeys = duplicateKeys
    options.loneSurrogates = loneSurrogates
    options.allowByteOrderMark = allowByteOrderMark
    options.maxDepth = maxDepth
    return options
  }

  /// The outcome of one parser: the value and the duplicates, or the error.
  private enum Outcome: Equatable {
    case value(JSONValue, [UInt8], [JSONDuplicateKey])
    case error(JSONParseError)
  }

  private static func treeOutcome(_ bytes: [UInt8], _ options: JSONParser.Options) -> Outcome {
    do {
      let (value, duplicates) = try JSONParser.parseWithDiagnostics(bytes, options: options)
      return .value(value, JSONSerializer.serializeBytes(value), duplicates)
    } catch {
      return .error(error)
    }
  }

  private static func documentOutcome(_ bytes: [UInt8], _ options: JSONParser.Options) -> Outcome {
    do {
      let document = try JSONDocument.parse(bytes, options: options)
      let value = document.jsonValue
      return .value(value, JSONSerializer.serializeBytes(value), document.duplicateKeys)
    } catch {
      return .error(error)
    }
  }

  /// Parses `text` both ways and expects the same outcome (value, serialization in
  /// member order, duplicates, or error); also expects the navigation API to rebuild the
  /// same value. Returns the outcome.
  @discardableResult
  private func expectSame(
    _ bytes: [UInt8], _ options: JSONParser.Options = .default, _ what: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
  ) -> Outcome {
    let tree = Self.treeOutcome(bytes, options)
    let document = Self.documentOutcome(bytes, options)
    #expect(tree == document, "\(what)", sourceLocation: sourceLocation)
    if case .value(let value, _, _) = tree, let parsed = try? JSONDocument.parse(bytes, options: options) {
      let walked = Self.walk(parsed.root)
      #expect(walked == value, "navigation: \(what)", sourceLocation: sourceLocation)
      #expect(JSONSerializer.serializeBytes(walked) == JSONSerializer.serializeBytes(value), sourceLocation: sourceLocation)
    }
    return tree
  }

  @discardableResult
  private func expectSame(
    _ text: String, _ options: JSONParser.Options = .default, sourceLocation: SourceLocation = #_sourceLocation
  ) -> Outcome {
    expectSame(Array(text.utf8), options, text, sourceLocation: sourceLocation)
  }

  /// Rebuilds a value through the public navigation API only (kind, scalars, elements,
  /// members, counts, subscripts), checking them against each other on the way.
  private static func walk(_ value: JSONDocument.Value) -> JSONValue {
    switch value.kind {
    case .null:
      #expect(value.isNull && value.count == 0)
      return .null
    case .boolean:
      return .bool(value.boolValue!)
    case .number:
      return .number(value.numberValue!)
    case .string:
      let string = value.stringValue!
      #expect(value.withStringUTF8 { Array($0) } == Array(string.utf8))
      return .string(string)
    case .array:
      #expect(value.elements.count == value.count)
      var elements: [JSONValue] = []
      var position = 0
      for element in value.elements {
        #expect(value[position]?.kind == element.kind)
        elements.append(walk(element))
        position += 1
      }
      #expect(position == value.count && value[position] == nil && value[-1] == nil)
      return .array(elements)
    case .object:
      #expect(value.members.count == value.count)
      var object = JSONObject()
      var count = 0
      for (name, member) in value.members {
        #expect(object[name] == nil, "a name twice in a document object")
        #expect(value[name]?.kind == member.kind)
        object[name] = walk(member)
        count += 1
      }
      #expect(count == value.count)
      return .object(object)
    }
  }

  // MARK: JSONTestSuite

  @Test func jsonTestSuiteDecidesLikeTheParser() throws {
    let files = JSONTestSuiteTests.files()
    guard !files.isEmpty else { return }
    var yes = 0, no = 0, other = 0
    for file in files {
      let name = file.lastPathComponent
      let bytes = [UInt8](try Data(contentsOf: file))
      switch (name.first, expectSame(bytes, .default, name)) {
      case ("y", .error(let error)): Issue.record("\(name) rejected: \(error)")
      case ("n", .value): Issue.record("\(name) accepted")
      default: break
      }
      // The other options agree too (y_ files with repeated names are then rejected).
      expectSame(bytes, Self.options(duplicateKeys: .reject, loneSurrogates: .replace, allowByteOrderMark: true), name)
      switch name.first {
      case "y": yes += 1
      case "n": no += 1
      default: other += 1
      }
    }
    #expect(yes > 90 && no > 180 && other > 10)
  }

  // MARK: Duplicates

  @Test func duplicatesLastValueAtTheFirstPosition() throws {
    let text = #"{"a": 1, "b": [1, {"c": 2}], "a": {"x": [3, 4]}, "d": null, "a": "last"}"#
    let document = try JSONDocument.parse(text)
    #expect(document.root.count == 3)
    #expect(document.root.members.map(\.name) == ["a", "b", "d"])
    #expect(document.root["a"]?.stringValue == "last")
    #expect(document.root["b"]?[1]?["c"]?.numberValue?.text == "2")
    #expect(document.root["d"]?.isNull == true)
    #expect(document.duplicateKeys == [JSONDuplicateKey(key: "a", offset: 29), JSONDuplicateKey(key: "a", offset: 60)])
    expectSame(text)
    expectSame(text, Self.options(duplicateKeys: .reject))
  }

  @Test func duplicatesNestedAndMoved() throws {
    let texts = [
      // The kept value is a container, the dropped one too; nested objects with repeats.
      #"[{"k": [1, [2, 3]], "m": 0, "k": {"n": {"k": 1, "k": 2}}}, {"k": 5}, [7, {"z": 1, "z": {"y": [1]}}]]"#,
      // A repeat in an object nested in a repeated member's dropped value.
      #"{"a": {"b": 1, "b": 2}, "a": {"c": 3, "c": [4, 5]}, "e": [{"f": 1, "f": 1}]}"#,
      // Three occurrences of two names, interleaved.
      #"{"p": 1, "q": 2, "p": 3, "q": 4, "p": [5], "r": {}, "q": []}"#,
      // After the rewritten object, the siblings are still reachable.
      #"[{"a": [1, 2, 3], "a": 0}, "after", {"b": 1}]"#,
    ]
    for text in texts {
      expectSame(text)
      expectSame(text, Self.options(duplicateKeys: .reject))
    }
    let document = try JSONDocument.parse(texts[3])
    #expect(document.root.count == 3)
    #expect(document.root[1]?.stringValue == "after")
    #expect(document.root[2]?["b"]?.numberValue?.int64 == 1)
    #expect(document.root[0]?["a"]?.numberValue?.int64 == 0)
    #expect(document.root[0]?.count == 1)
  }

  @Test func duplicatesInLargeObjects() {
    // More than 32 members: the digest table path; a repeat at the end and one early.
    var members = (0..<100).map { "\"name\($0)\": \($0)" }
    members.append(#""name7": "again""#)
    members.append(#""name99": {"deep": [1, 2]}"#)
    let text = "{" + members.joined(separator: ", ") + "}"
    expectSame(text)
    expectSame(text, Self.options(duplicateKeys: .reject))
    // Many repeats of one name.
    let same = "{" + (0..<1000).map { "\"a\": \($0)" }.joined(separator: ",") + "}"
    if case .value(_, let bytes, let duplicates) = expectSame(same) {
      #expect(String(decoding: bytes, as: UTF8.self) == #"{"a":999}"#)
      #expect(duplicates.count == 999)
    } else {
      Issue.record("rejected")
    }
    expectSame(same, Self.options(duplicateKeys: .reject))
  }

  @Test func duplicateRejectedAtTheFirstRepeat() {
    let text = #"{"a": {"x": 1, "x": 2}, "b": 1, "b": 2}"#
    guard case .error(let error) = expectSame(text, Self.options(duplicateKeys: .reject)) else {
      Issue.record("accepted")
      return
    }
    #expect(error.offset == 15)
    // A repeat in a still-open object comes before a later syntax error.
    expectSame(#"{"a": 1, "a": 2, "b": tru"#, Self.options(duplicateKeys: .reject))
    expectSame(#"[{"a": 1, "a": [1, 2, "#, Self.options(duplicateKeys: .reject))
  }

  @Test func canonicallyEquivalentNamesAreTwoMembers() throws {
    let text = #"{"\u00e9": 1, "e\u0301": 2, "é": 3}"#
    let document = try JSONDocument.parse(text)
    #expect(document.root.count == 2)
    #expect(document.root["\u{E9}"]?.numberValue?.text == "3")
    #expect(document.root["e\u{301}"]?.numberValue?.text == "2")
    #expect(document.duplicateKeys.map(\.key) == ["\u{E9}"])
    expectSame(text)
    expectSame(text, Self.options(duplicateKeys: .reject))
  }

  // MARK: Options

  @Test func loneSurrogates() throws {
    for text in [#"["\uD800"]"#, #"["a\uDC00b"]"#, #"{"\uD83D": 1}"#, #"["\uD83D\u0041"]"#, #"["\uD83D\uDE00"]"#] {
      expectSame(text)
      expectSame(text, Self.options(loneSurrogates: .replace))
    }
    let document = try JSONDocument.parse(#"["x\uD800y"]"#, options: Self.options(loneSurrogates: .replace))
    #expect(document.root[0]?.stringValue == "x\u{FFFD}y")
    #expect(throws: JSONParseError.self) { try JSONDocument.parse(#"["\uD800"]"#) }
  }

  @Test func byteOrderMark() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a": [1]}"#.utf8)
    guard case .error(let error) = expectSame(bytes) else {
      Issue.record("BOM accepted by default")
      return
    }
    #expect(error.offset == 0)
    expectSame(bytes, Self.options(allowByteOrderMark: true))
    let document = try JSONDocument.parse(bytes, options: Self.options(allowByteOrderMark: true))
    #expect(document.root["a"]?[0]?.numberValue?.int64 == 1)
  }

  @Test func maxDepth() throws {
    let deep = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
    guard case .error(let error) = expectSame(deep) else {
      Issue.record("a million open arrays accepted")
      return
    }
    #expect(error.offset == 512)
    let closed = Array(repeating: UInt8(ascii: "["), count: 600) + Array(repeating: UInt8(ascii: "]"), count: 600)
    expectSame(closed)
    expectSame(closed, Self.options(maxDepth: 600))
    expectSame(closed, Self.options(maxDepth: 599))
    let document = try JSONDocument.parse(closed, options: Self.options(maxDepth: 600))
    var value = document.root
    var depth = 1
    while let inner = value[0] {
      value = inner
      depth += 1
    }
    #expect(depth == 600 && value.count == 0 && value.kind == .array)
    for limit in 0...3 {
      expectSame(#"{"a": [{"b": []}]}"#, Self.options(maxDepth: limit))
      expectSame(#"[[1], {"a": {}}]"#, Self.options(maxDepth: limit))
    }
  }

  // MARK: Values and navigation

  @Test func scalarsAndKinds() throws {
    let document = try JSONDocument.parse(#"[null, true, false, 0, -1.5e3, "s", [], {}]"#)
    let root = document.root
    #expect(root.kind == .array && root.typeName == "array" && root.count == 8)
    #expect(root.elements.map(\.kind) == [.null, .boolean, .boolean, .number, .number, .string, .array, .object])
    #expect(root[0]?.isNull == true && root[1]?.isNull == false)
    #expect(root[1]?.boolValue == true && root[2]?.boolValue == false && root[0]?.boolValue == nil)
    #expect(root[3]?.numberValue?.text == "0" && root[4]?.numberValue?.text == "-1.5e3")
    #expect(root[5]?.stringValue == "s" && root[4]?.stringValue == nil)
    #expect(root[5]?.withStringUTF8 { $0.count } == 1 && root[4]?.withStringUTF8 { $0.count } == nil)
    #expect(root[6]?.count == 0 && root[6]?.elements.isEmpty == true && root[7]?.members.isEmpty == true)
    #expect(root[7]?.kind == .object && root[7]?["a"] == nil && root["a"] == nil && root[5]?[0] == nil)
    #expect(root[8] == nil)
    #expect(root.description == #"[null,true,false,0,-1.5e3,"s",[],{}]"#)
    for text in ["1", "\"top\"", "null", "true", "[]", "{}", " 12.0e-5 "] {
      expectSame(text)
    }
    #expect(try JSONDocument.parse("42").root.numberValue?.int64 == 42)
    #expect(try JSONDocument.parse(" \"x\" ").root.stringValue == "x")
  }

  @Test func emptyContainers() {
    for text in ["[]", "{}", "[[]]", "[{}]", "[[],{}]", #"{"a": {}, "b": []}"#, "[[[]], [], {}, {\"\": []}]"] {
      expectSame(text)
    }
  }

  @Test func memberLookupAndOrder() throws {
    let document = try JSONDocument.parse(
      #"{"zeta": 1, "alpha": {"inner": [true]}, "": "empty", "a/b": 2, "m~n": 3, "long name over sixteen bytes": 4}"#)
    let root = document.root
    #expect(root.members.map(\.name) == ["zeta", "alpha", "", "a/b", "m~n", "long name over sixteen bytes"])
    #expect(Array(root.members.names) == root.members.map(\.name))
    #expect(root["alpha"]?["inner"]?[0]?.boolValue == true)
    #expect(root[""]?.stringValue == "empty")
    #expect(root["long name over sixteen bytes"]?.numberValue?.text == "4")
    #expect(root["long name over sixteen byteS"] == nil && root["zet"] == nil && root["zetaa"] == nil)
    let members = root.members
    #expect(members.withNameUTF8(at: members.startIndex) { Array($0) } == Array("zeta".utf8))
    // JSON Pointer, as JSONPointer.resolve on the tree.
    let tree = document.jsonValue
    for pointer in ["", "/zeta", "/alpha/inner/0", "/alpha/inner/1", "/alpha/inner/01", "/", "/a~1b", "/m~0n", "/x", "zeta", "/zeta/0"] {
      let expected = JSONPointer.resolve(pointer, in: tree)
      let found = root.value(at: pointer)
      #expect(found?.jsonValue == expected, "\(pointer)")
      #expect((found == nil) == (expected == nil), "\(pointer)")
    }
  }

  @Test func skippingNestedContainers() throws {
    // A big first element: the second is one step away, and the tape says how big.
    let big = "[" + (0..<10_000).map { "[\($0), {\"k\": [\($0)]}]" }.joined(separator: ",") + "]"
    let document = try JSONDocument.parse("[" + big + ", \"second\", {\"third\": " + big + "}, 4]")
    let root = document.root
    #expect(root.count == 4)
    let elements = root.elements
    let second = elements.index(after: elements.startIndex)
    #expect(elements[second].stringValue == "second")
    #expect(root[1]?.stringValue == "second" && root[3]?.numberValue?.int64 == 4)
    #expect(root[2]?["third"]?[9_999]?[1]?["k"]?[0]?.numberValue?.int64 == 9_999)
    // Nodes: document, root, 2 × big (1 + 10,000 × 6), "second", the object and its name, 4.
    #expect(document.nodeCount == 1 + 1 + 2 * (1 + 10_000 * 6) + 1 + 2 + 1)
    // All-scalar arrays are indexed directly; mixed ones by skipping.
    let scalars = try JSONDocument.parse("[" + (0..<1000).map(String.init).joined(separator: ",") + "]")
    #expect(scalars.root[999]?.numberValue?.int64 == 999 && scalars.root[1000] == nil)
  }

  @Test func bigNumbersAreExact() throws {
    let literals = [
      "18446744073709551616", "-18446744073709551617", "123456789012345678901234567890.0123456789e-400",
      "1E+400", "-0", "0.000000000000000000001", "9007199254740993",
    ]
    let text = "[" + literals.joined(separator: ", ") + "]"
    let document = try JSONDocument.parse(text)
    #expect(document.root.elements.map { $0.numberValue?.text } == literals)
    #expect(document.root[0]?.numberValue == JSONNumber(text: "18446744073709551616"))
    expectSame(text)
  }

  @Test func stringsWithEscapesAndNonASCII() throws {
    let text = #"["plain", "tab\there", "quote\"and\\slash\/", "caf\u00e9", "café", "東京 données résumé and a long tail", "\ud83d\ude00 emoji", "\u0000nul", "ascii but longer than fifteen bytes", ""]"#
    let document = try JSONDocument.parse(text)
    let expected = [
      "plain", "tab\there", "quote\"and\\slash/", "caf\u{E9}", "café", "東京 données résumé and a long tail",
      "\u{1F600} emoji", "\u{0}nul", "ascii but longer than fifteen bytes", "",
    ]
    let strings = document.root.elements.map { $0.stringValue ?? "?" }
    #expect(strings.map { Array($0.utf8) } == expected.map { Array($0.utf8) })
    expectSame(text)
    // Escaped member names.
    let names = #"{"a\nb": 1, "\u00e9t\u00e9": 2, "\"": 3}"#
    expectSame(names)
    #expect(try JSONDocument.parse(names).root["été"]?.numberValue?.text == "2")
  }

  @Test func parseOverloadsAgree() throws {
    let text = #"{"a": [1, "two", {"b": null}]}"#
    let bytes = Array(text.utf8)
    let expected = try JSONParser.parse(text)
    #expect(try JSONDocument.parse(text).jsonValue == expected)
    #expect(try JSONDocument.parse(bytes).jsonValue == expected)
    #expect(try JSONDocument.parse(Data(bytes)).jsonValue == expected)
    #expect(try JSONDocument.parse(bytes.lazy.map { $0 }).jsonValue == expected)
    #expect(try bytes.withUnsafeBufferPointer { try JSONDocument.parse($0) }.jsonValue == expected)
    // The document owns its content: the input can go away.
    var document: JSONDocument?
    do {
      let temporary = Array("[\"kept string longer than sixteen bytes\", 123]".utf8)
      document = try JSONDocument.parse(temporary)
    }
    #expect(document?.root[0]?.stringValue == "kept string longer than sixteen bytes")
    #expect(throws: JSONParseError.self) { try JSONDocument.parse("") }
    #expect(throws: JSONParseError.self) { try JSONDocument.parse("[1,]") }
  }

  @Test func errorsMatchTheParser() {
    let bad = [
      "", " ", "[", "[1,", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{1: 2}", "\"abc", "\"a\\x\"", "[01]", "[-]", "[1.]",
      "[1e]", "tru", "nul", "[true false]", "{\"a\": 1,}", "\"\u{01}\"", "[\"\\u12G4\"]", "{\"a\": [1, {\"b\": }]}",
      "[1] x", "{\"\\ud800\": 1}",
    ]
    for text in bad {
      guard case .error = expectSame(text) else {
        Issue.record("accepted: \(text)")
        continue
      }
    }
    for bytes: [UInt8] in [[0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x5B, 0xFF, 0x5D], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]] {
      guard case .error = expectSame(bytes) else {
        Issue.record("accepted: \(bytes)")
        continue
      }
    }
  }

  // MARK: Random round trips

  /// Random values: every kind, nesting up to 5 levels, strings with escapes, control
  /// characters and non-ASCII, names that repeat across objects (shapes) but never in one.
  private struct ValueGenerator {
    var random: SeededRandom

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    mutating func string() -> String {
      let pieces = ["a", "key", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1F}", "é", "e\u{301}", "東", "\u{1F600}", " ", "0", "long text run "]
      return (0..<int(0...12)).map { _ in pieces[int(0...(pieces.count - 1))] }.joined()
    }

    mutating func number() -> JSONNumber {
      switch int(0...4) {
      case 0: return JSONNumber(int(-1000...1000))
      case 1: return JSONNumber(Double(int(-1_000_000...1_000_000)) / 1000)!
      case 2: return JSONNumber(text: "18446744073709551616\(int(0...99))")!
      case 3: return JSONNumber(text: "-\(int(1...9)).\(int(0...999))e\(int(-400...400))")!
      default: return JSONNumber(Int64.random(in: .min ... .max, using: &random))
      }
    }

    mutating func value(depth: Int) -> JSONValue {
      switch int(depth >= 5 ? 0...3 : 0...5) {
      case 0: return int(0...1) == 0 ? .null : .bool(int(0...1) == 0)
      case 1: return .number(number())
      case 2, 3: return .string(string())
      case 4: return .array((0..<int(0...6)).map { _ in value(depth: depth + 1) })
      default:
        var object = JSONObject()
        let names = ["id", "name", "é", "e\u{301}", "", "a\"b", "nested", "x\(int(0...3))", string()]
        for _ in 0..<int(0...7) {
          object[names[int(0...(names.count - 1))]] = value(depth: depth + 1)
        }
        return .object(object)
      }
    }
  }

  @Test func randomRoundTrips() throws {
    var generator = ValueGenerator(random: SeededRandom(seed: 0xD0C5))
    for round in 0..<400 {
      let value = generator.value(depth: 0)
      for style in [JSONSerializer.Style.compact, .pretty, .python] {
        let bytes = JSONSerializer.serializeBytes(value, style: style)
        let document = try JSONDocument.parse(bytes)
        #expect(document.jsonValue == value, "round \(round)")
        #expect(JSONSerializer.serializeBytes(document.jsonValue, style: style) == bytes, "round \(round)")
        #expect(document.duplicateKeys.isEmpty)
        expectSame(bytes, .default, "round \(round)")
      }
    }
  }
}
