import StraitJSON

/// One MaskBench file: a schema and its pre-tokenized test instances.
///
/// The format (see `shared/maskbench/README.md`):
/// `{"description", "meta", "schema", "tests": [{"description", "valid", "data", "text", "tokens"}]}`.
/// Only `schema`, `tests[].valid`, `tests[].tokens` and the descriptions are used; the
/// instance is never re-serialized (`tokens` already spell it).
struct MaskBenchFile {
  /// The file's JSON Schema (or, in regex mode, a JSON string holding the regex).
  var schema: JSONValue
  /// The test instances, in file order (empty for a schema-only file).
  var tests: [MaskBenchTest]

  /// Parses the bytes of a MaskBench file.
  ///
  /// A problem that concerns one test's `tokens` (not an array, an entry that is not
  /// an integer) does not fail the file: that test carries the message in
  /// ``MaskBenchTest/tokenError`` and counts as an engine exception (EXN), as a token
  /// id outside the vocabulary does.
  ///
  /// - Throws: ``MaskBenchInputError`` when the bytes are not JSON, the top level is
  ///   not an object, `schema` is missing, `tests` is not an array, or a test is not
  ///   an object with a boolean `valid`; the message names the JSON Pointer.
  static func parse(_ bytes: [UInt8]) throws(MaskBenchInputError) -> MaskBenchFile {
    let root: JSONValue
    do {
      root = try JSONParser.parse(bytes)
    } catch {
      throw MaskBenchInputError("not a JSON file: \(error)")
    }
    guard let object = root.objectValue else {
      throw MaskBenchInputError("the top level is \(root.typeName), expected an object")
    }
    guard let schema = object["schema"] else {
      throw MaskBenchInputError("no \"schema\" member at the top level")
    }
    var tests: [MaskBenchTest] = []
    if let value = object["tests"], !value.isNull {
      guard let array = value.arrayValue else {
        throw MaskBenchInputError("/tests is \(value.typeName), expected an array")
      }
      tests.reserveCapacity(array.count)
      for (index, item) in array.enumerated() {
        tests.append(try MaskBenchTest(item, index: index))
      }
    }
    return MaskBenchFile(schema: schema, tests: tests)
  }
}

/// One test instance of a MaskBench file.
struct MaskBenchTest {
  /// The test's `description` ("" when absent).
  var description: String
  /// Whether the instance is valid (must be accepted).
  var valid: Bool
  /// The instance's token ids, in order.
  var tokens: [Int]
  /// Why `tokens` could not be read, if it could not (the test is then an EXN).
  var tokenError: String?

  /// Reads `tests[index]`.
  ///
  /// - Throws: ``MaskBenchInputError`` when the test is not an object with a boolean `valid`.
  init(_ value: JSONValue, index: Int) throws(MaskBenchInputError) {
    guard let object = value.objectValue else {
      throw MaskBenchInputError("/tests/\(index) is \(value.typeName), expected an object")
    }
    guard let valid = object["valid"]?.boolValue else {
      throw MaskBenchInputError("/tests/\(index)/valid is missing or not a boolean")
    }
    self.valid = valid
    description = object["description"]?.stringValue ?? ""
    tokens = []
    tokenError = nil
    guard let array = object["tokens"]?.arrayValue else {
      tokenError = "/tests/\(index)/tokens is missing or not an array"
      return
    }
    tokens.reserveCapacity(array.count)
    for (position, item) in array.enumerated() {
      guard let number = item.numberValue, number.isInteger else {
        tokenError = "/tests/\(index)/tokens/\(position) is \(item), expected an integer token id"
        return
      }
      // An integer too large for Int is kept as an id that is out of every range, so
      // the test fails with "out of range" at that position, as a large id would.
      tokens.append(number.int64.map { Int($0) } ?? Int.min)
    }
  }
}

/// A MaskBench file that cannot be read; the file is recorded as an input error.
struct MaskBenchInputError: Error, CustomStringConvertible {
  /// What is wrong, with the JSON Pointer or byte offset.
  var description: String

  init(_ description: String) { self.description = description }
}
