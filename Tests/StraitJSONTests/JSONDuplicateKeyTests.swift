import StraitJSON
import Testing

/// Duplicate member names: last wins at the first position, each repeat reported; with
/// `.reject` the first repeat in document order is the error.
@Suite struct JSONDuplicateKeyTests {
  private var reject: JSONParser.Options {
    var options = JSONParser.Options()
    options.duplicateKeys = .reject
    return options
  }

  private func checkDuplicates(_ text: String, options: JSONParser.Options = .default) throws -> [JSONDuplicateKey] {
    var bytes = Array(text.utf8)
    return try bytes.withUnsafeMutableBufferPointer { buffer in
      try JSONParser.check(UnsafeBufferPointer(buffer), options: options)
    }
  }

  @Test func lastWinsAtTheFirstPosition() throws {
    let (value, duplicates) = try JSONParser.parseWithDiagnostics(Array(#"{"a":1,"b":2,"a":3,"a":4}"#.utf8))
    #expect(value.objectValue.map { Array($0.keys) } == ["a", "b"])
    #expect(value["a"] == 4)
    #expect(duplicates == [JSONDuplicateKey(key: "a", offset: 13), JSONDuplicateKey(key: "a", offset: 19)])
    #expect(try checkDuplicates(#"{"a":1,"b":2,"a":3,"a":4}"#) == duplicates)
  }

  @Test func duplicatesInNestedObjectsAreReportedInDocumentOrder() throws {
    let text = #"{"x": {"k": 1, "k": 2}, "y": [{"m": 0, "m": 1}], "x": null}"#
    let (value, duplicates) = try JSONParser.parseWithDiagnostics(Array(text.utf8))
    #expect(duplicates.map(\.key) == ["k", "m", "x"])
    #expect(duplicates.map(\.offset) == [15, 39, 49])
    #expect(value["x"] == .null)
    #expect(try checkDuplicates(text) == duplicates)
  }

  @Test func namesThatOnlyDifferLateAreDistinct() throws {
    // Same length, same first and last 8 bytes: the digest pre-screen cannot tell them apart.
    let a = "abcdefgh-1-ijklmnop", b = "abcdefgh-2-ijklmnop"
    let value = try JSONParser.parse("{\"\(a)\": 1, \"\(b)\": 2}", options: reject)
    #expect(value[a] == 1 && value[b] == 2)
    // Escaped and plain spellings of one name are the same name.
    let (escaped, duplicates) = try JSONParser.parseWithDiagnostics(Array(#"{"ab": 1, "a\u0062": 2}"#.utf8))
    #expect(escaped["ab"] == 2)
    #expect(duplicates.map(\.offset) == [10])
  }

  @Test func largeObjectsUseTheExactPath() throws {
    var members = (0..<100).map { "\"key\($0)\": \($0)" }
    members.append("\"key42\": -1")
    let text = "{" + members.joined(separator: ", ") + "}"
    let (value, duplicates) = try JSONParser.parseWithDiagnostics(Array(text.utf8))
    #expect(value.objectValue?.count == 100)
    #expect(value["key42"] == -1)
    #expect(value.objectValue?.keys.firstIndex(of: "key42") == 42)
    #expect(duplicates.map(\.key) == ["key42"])
    #expect(try checkDuplicates(text) == duplicates)
    #expect(throws: JSONParseError.self) { try JSONParser.parse(text, options: reject) }
  }

  @Test func nonASCIINames() throws {
    let (value, duplicates) = try JSONParser.parseWithDiagnostics(Array(#"{"ключ": 1, "键": 2, "ключ": 3}"#.utf8))
    #expect(value["ключ"] == 3)
    #expect(duplicates.map(\.key) == ["ключ"])
    // Names are compared by code points, not by Swift's canonical equivalence: "é"
    // (U+00E9) and "e" + U+0301 are two members, neither a repeat.
    let (both, repeats) = try JSONParser.parseWithDiagnostics(Array("{\"\u{E9}\": 1, \"e\u{301}\": 2}".utf8))
    #expect(both.objectValue?.count == 2)
    #expect(repeats.isEmpty)
  }

  /// Names are told apart by their bytes in small and in large objects, whatever their
  /// scalars: a singleton decomposition (U+212B ANGSTROM SIGN is canonically U+00C5) is
  /// another name, not a repeat.
  @Test(arguments: [3, 40, 2000])
  func plainAndCanonicalNamesInObjectsOfEverySize(size: Int) throws {
    let filler = (0..<size).map { "\"Ġk\($0)é\": \($0)" }
    func report(_ extra: [String]) throws -> (JSONValue, [JSONDuplicateKey]) {
      let text = "{" + (filler + extra).joined(separator: ", ") + "}"
      let result = try JSONParser.parseWithDiagnostics(Array(text.utf8))
      #expect(try checkDuplicates(text) == result.duplicateKeys)
      return result
    }
    let (distinct, none) = try report(["\"Ġk0e\": -1", "\"Ġk0É\": -2"])
    #expect(none.isEmpty)
    #expect(distinct.objectValue?.count == size + 2)
    let (repeated, once) = try report(["\"Ġk1é\": -1"])
    #expect(once.map(\.key) == ["Ġk1é"])
    #expect(repeated["Ġk1é"] == -1)
    let (angstrom, canonical) = try report(["\"\u{C5}\": 1", "\"\u{212B}\": 2"])
    #expect(canonical.isEmpty)
    #expect(angstrom.objectValue?.count == size + 2)
    #expect(angstrom["\u{C5}"] == 1 && angstrom["\u{212B}"] == 2)
    let (again, twice) = try report(["\"\u{212B}\": 1", "\"\u{C5}\": 2", "\"\u{212B}\": 3"])
    #expect(twice.map(\.key) == ["\u{212B}"])
    #expect(again["\u{212B}"] == 3 && again["\u{C5}"] == 2)
  }

  @Test func rejectPointsAtTheFirstRepeatInDocumentOrder() {
    func rejected(_ text: String) -> JSONParseError? {
      do {
        _ = try JSONParser.parse(text, options: reject)
        return nil
      } catch {
        #expect(throws: error) { try checkDuplicates(text, options: reject) }
        return error
      }
    }
    // The outer repeat (offset 9) comes before the inner one that closes first.
    let outer = rejected(#"{"a": 1, "a": {"b": 1, "b": 2}}"#)
    #expect(outer?.offset == 9)
    #expect(outer?.message == #"duplicate member name "a""#)
    // A repeat before a later syntax error in the same object wins.
    #expect(rejected(#"{"a": 1, "a": 2, }"#)?.offset == 9)
    #expect(rejected(#"[{"q": 1, "q": 2} 3]"#)?.offset == 10)
    // A syntax error before any repeat is reported as such.
    #expect(rejected(#"{"a": 1 "a": 2}"#)?.message.contains("expected ','") == true)
    #expect(rejected(#"{"a": 1, "b": 2}"#) == nil)
  }
}
