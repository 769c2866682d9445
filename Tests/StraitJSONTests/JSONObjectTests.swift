import StraitJSON
import Testing

/// `JSONObject` compares member names code point by code point (RFC 8259, JSON Schema),
/// never by Swift's canonical equivalence: "é" (U+00E9, NFC) and "e" + U+0301 (NFD) are
/// two members, in the parser and in every lookup, small objects (scanned) and large ones
/// (hashed, more than 16 members) alike.
@Suite struct JSONObjectTests {
  static let nfc = "\u{E9}"
  static let nfd = "e\u{301}"

  private var reject: JSONParser.Options {
    var options = JSONParser.Options()
    options.duplicateKeys = .reject
    return options
  }

  /// `{"f0": 0, ..., "f<size-1>": size-1, <extra>}` as raw UTF-8 (no escapes).
  private func document(filler size: Int, _ extra: [String]) -> [UInt8] {
    let filler = (0..<size).map { "\"f\($0)\":\($0)" }
    return Array(("{" + (filler + extra).joined(separator: ",") + "}").utf8)
  }

  private func check(_ bytes: [UInt8], options: JSONParser.Options = .default) throws -> [JSONDuplicateKey] {
    try bytes.withUnsafeBufferPointer { try JSONParser.check($0, options: options) }
  }

  /// The UTF-8 bytes of every name, in order (String comparison would hide the difference).
  private func nameBytes(_ value: JSONValue) -> [[UInt8]] {
    value.objectValue.map { $0.keys.map { Array($0.utf8) } } ?? []
  }

  /// Sizes around the parser's paths: the 32-name digest filter and shape cache, the hash
  /// index from 17 members, the digest table beyond 32.
  @Test(arguments: [0, 10, 15, 16, 30, 40, 2000])
  func nfcAndNFDNamesAreTwoMembers(filler: Int) throws {
    let bytes = document(filler: filler, ["\"\(Self.nfc)\":1", "\"\(Self.nfd)\":2"])
    let (value, duplicates) = try JSONParser.parseWithDiagnostics(bytes)
    #expect(duplicates.isEmpty)
    #expect(try check(bytes).isEmpty)
    let object = try #require(value.objectValue)
    #expect(object.count == filler + 2)
    #expect(value[Self.nfc] == 1)
    #expect(value[Self.nfd] == 2)
    // Both kept, in document order.
    #expect(nameBytes(value).suffix(2) == [Array(Self.nfc.utf8), Array(Self.nfd.utf8)])
    // The serializer writes back the same bytes.
    #expect(JSONSerializer.serializeBytes(value).elementsEqual(bytes))
    // Neither is a repeat under `.reject`.
    #expect(try JSONParser.parse(bytes, options: reject) == value)
    #expect(try check(bytes, options: reject).isEmpty)
    // The escaped spellings are the same two names.
    let escaped = try JSONParser.parse(
      "{" + (0..<filler).map { "\"f\($0)\": \($0)," }.joined() + #""\u00e9": 1, "e\u0301": 2}"#, options: reject)
    #expect(escaped == value)
  }

  /// A real repeat is still one member, reported (or rejected) at its byte offset, for
  /// either spelling.
  @Test(arguments: [0, 20, 40])
  func realRepeatsAreStillFound(filler: Int) throws {
    for name in [Self.nfc, Self.nfd, "\u{212B}"] {
      let bytes = document(filler: filler, ["\"\(name)\":1", "\"x\":0", "\"\(name)\":2"])
      // The repeat's opening quote: the last occurrence of the quoted name.
      let needle = Array("\"\(name)\"".utf8)
      let offset = try #require((0...(bytes.count - needle.count)).last { Array(bytes[$0..<($0 + needle.count)]) == needle })
      let expected = [JSONDuplicateKey(key: name, offset: offset)]
      let (value, duplicates) = try JSONParser.parseWithDiagnostics(bytes)
      #expect(duplicates == expected)
      #expect(duplicates.first.map { Array($0.key.utf8) } == Array(name.utf8))
      #expect(try check(bytes) == expected)
      #expect(value.objectValue?.count == filler + 2)
      #expect(value[name] == 2)
      let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes, options: reject) }
      #expect(error?.offset == expected[0].offset)
      #expect(throws: JSONParseError.self) { try check(bytes, options: reject) }
    }
  }

  @Test func lookupsFindOnlyTheirOwnSpelling() {
    var object: JSONObject = [Self.nfc: 1, Self.nfd: 2, "\u{C5}": 3, "\u{212B}": 4, "A\u{30A}": 5]
    #expect(object.count == 5)
    #expect(object[Self.nfc] == 1 && object[Self.nfd] == 2)
    #expect(object["\u{C5}"] == 3 && object["\u{212B}"] == 4 && object["A\u{30A}"] == 5)
    #expect(object.index(forKey: Self.nfd) == 1)
    #expect(object.keys.contains(Self.nfd))
    #expect(object.keys.firstIndex(of: "A\u{30A}") == 4)
    // Generic algorithms use the exact lookup too.
    func genericContains(_ c: some Collection<String>, _ s: String) -> Bool { c.contains(s) }
    #expect(genericContains(object.keys, "\u{212B}"))

    #expect(object.removeValue(forKey: Self.nfc) == 1)
    #expect(object[Self.nfc] == nil && object[Self.nfd] == 2)
    #expect(!object.keys.contains(Self.nfc))
    #expect(object.updateValue(20, forKey: Self.nfd) == 2)
    #expect(object.updateValue(10, forKey: Self.nfc) == nil)
    #expect(object.keys.map { Array($0.utf8) }.last == Array(Self.nfc.utf8))
    #expect(object.count == 5)

    let onlyNFC: JSONObject = [Self.nfc: 1]
    #expect(onlyNFC[Self.nfd] == nil)
    #expect(onlyNFC.index(forKey: Self.nfd) == nil)
  }

  @Test func literalRepeatsKeepFirstPositionAndLastValue() {
    let object: JSONObject = ["a": 1, "b": 2, "a": 3]
    #expect(Array(object.keys) == ["a", "b"])
    #expect(object["a"] == 3)
    let value: JSONValue = ["a": 1, "b": 2, "a": 3]
    #expect(value == .object(object))
  }

  /// Grows an object one member at a time past the index threshold and shrinks it again,
  /// checking every lookup at every size, with canonically equivalent pairs throughout.
  @Test func largeObjectsLookupsAndMutations() {
    let names = (0..<30).flatMap { ["\($0)\(Self.nfc)", "\($0)\(Self.nfd)"] } + ["plain", "", "\u{212B}", "\u{C5}"]
    var object = JSONObject()
    var expected: [(String, Int)] = []
    func verify(sourceLocation: SourceLocation = #_sourceLocation) {
      #expect(object.count == expected.count, sourceLocation: sourceLocation)
      for (i, (name, v)) in expected.enumerated() {
        #expect(object.index(forKey: name) == i, "\(Array(name.utf8))", sourceLocation: sourceLocation)
        #expect(object[name] == .number(JSONNumber(v)), sourceLocation: sourceLocation)
      }
      for name in names where !expected.contains(where: { Array($0.0.utf8) == Array(name.utf8) }) {
        #expect(object[name] == nil, "\(Array(name.utf8))", sourceLocation: sourceLocation)
      }
    }
    for (i, name) in names.enumerated() {
      object[name] = .number(JSONNumber(i))
      expected.append((name, i))
      verify()
    }
    // Replacing keeps the position; a copy taken before is unchanged (copy-on-write).
    let snapshot = object
    #expect(object.updateValue(-1, forKey: names[7]) == .number(JSONNumber(7)))
    expected[7].1 = -1
    verify()
    #expect(snapshot[names[7]] == .number(JSONNumber(7)))
    // Appending to a copy leaves the original's names and index alone.
    var copy = snapshot
    copy["new"] = 1
    #expect(copy.count == snapshot.count + 1 && snapshot["new"] == nil && copy["new"] == 1)
    // Remove from the front, the middle and the end down to nothing.
    var step = 0
    while !expected.isEmpty {
      let position = [0, expected.count / 2, expected.count - 1][step % 3]
      let (name, v) = expected.remove(at: position)
      #expect(object.removeValue(forKey: name) == .number(JSONNumber(v)))
      #expect(object.removeValue(forKey: name) == nil)
      verify()
      step += 1
    }
    #expect(snapshot.count == names.count)
  }

  /// Records with more than 16 members share one names storage and index; changing one
  /// record does not change the others.
  @Test func sharedParsedNamesAreCopiedOnWrite() throws {
    let record = "{" + (0..<20).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + ", \"\(Self.nfd)\": 0}"
    let value = try JSONParser.parse("[" + Array(repeating: record, count: 3).joined(separator: ", ") + "]")
    var records = try #require(value.arrayValue).compactMap(\.objectValue)
    #expect(records.count == 3)
    records[1][Self.nfc] = 1
    records[1]["k3"] = nil
    records[2].values[0] = "zero"
    #expect(records[0].count == 21 && records[0][Self.nfc] == nil && records[0]["k3"] == 3)
    #expect(records[1].count == 21 && records[1][Self.nfc] == 1 && records[1][Self.nfd] == 0 && records[1]["k3"] == nil)
    #expect(records[1].index(forKey: "k4") == 3)
    #expect(records[2]["k0"] == "zero" && records[0]["k0"] == 0)
  }

  @Test func equalityIsOrderInsensitiveAndExact() throws {
    let ab: JSONObject = ["a": 1, "b": [Self.nfc: true]]
    let ba: JSONObject = ["b": [Self.nfc: true], "a": 1]
    #expect(ab == ba)
    #expect(JSONValue.object(ab) == .object(ba))
    #expect(ab != ["a": 1, "b": [Self.nfd: true]])
    #expect(JSONValue.object([Self.nfc: 1]) != .object([Self.nfd: 1]))
    #expect(JSONValue.object([Self.nfc: 1, Self.nfd: 2]) == .object([Self.nfd: 2, Self.nfc: 1]))
    #expect(JSONValue.object([Self.nfc: 1, Self.nfd: 2]) != .object([Self.nfd: 1, Self.nfc: 2]))
    #expect(ab != ["a": 1])
    // Numbers compare by value inside objects.
    #expect(JSONValue.object(["n": 1]) == (try JSONParser.parse(#"{"n": 1.0}"#)))
    // Large objects in different orders.
    let names = (0..<40).map { "n\($0)\($0 % 2 == 0 ? Self.nfc : Self.nfd)" }
    let forward = JSONObject(names.enumerated().map { (key: $0.element, value: .number(JSONNumber($0.offset))) })
    let backward = JSONObject(names.enumerated().reversed().map { (key: $0.element, value: .number(JSONNumber($0.offset))) })
    #expect(forward == backward)
    var changed = backward
    changed[names[5]] = "x"
    #expect(forward != changed)
  }

  @Test func hashingAgreesWithEquality() {
    func hash(_ v: JSONValue) -> Int {
      var h = Hasher()
      h.combine(v)
      return h.finalize()
    }
    let pairs: [(JSONValue, JSONValue)] = [
      (["a": 1, "b": 2], ["b": 2, "a": 1]),
      ([Self.nfc: 1, Self.nfd: 2], [Self.nfd: 2, Self.nfc: 1]),
      (["n": 1], ["n": .number(JSONNumber(text: "1.0")!)]),
      (.object(JSONObject((0..<40).map { (key: "k\($0)", value: .number(JSONNumber($0))) })),
       .object(JSONObject((0..<40).reversed().map { (key: "k\($0)", value: .number(JSONNumber($0))) }))),
    ]
    for (a, b) in pairs {
      #expect(a == b)
      #expect(hash(a) == hash(b))
    }
    // Canonically equivalent names and strings stay apart in a set.
    let set: Set<JSONValue> = [
      [Self.nfc: 1], [Self.nfd: 1], [Self.nfc: 1], .string(Self.nfc), .string(Self.nfd), .string(Self.nfd),
    ]
    #expect(set.count == 4)
    let objects: Set<JSONObject> = [[Self.nfc: 1, "a": 2], ["a": 2, Self.nfc: 1], [Self.nfd: 1, "a": 2]]
    #expect(objects.count == 2)
    // The package's exact name wrapper for sets of names.
    let names: Set<ExactName> = [ExactName(Self.nfc), ExactName(Self.nfd), ExactName("e\u{301}")]
    #expect(names.count == 2)
    #expect(!Set([ExactName(Self.nfc)]).contains(ExactName(Self.nfd)))
  }

  @Test func collectionAndViews() {
    var object: JSONObject = ["x": 1, "y": 2, "z": 3]
    #expect(object.map(\.key) == ["x", "y", "z"])
    #expect(object[1].key == "y" && object[1].value == 2)
    #expect(Array(object.values) == [1, 2, 3])
    object.values[2] = 30
    #expect(object["z"] == 30)
    #expect(object.filter { $0.value != 2 } == ["x": 1, "z": 30])
    #expect(object.mapValues { _ in .null } == ["x": nil, "y": nil, "z": nil])
    #expect(object.remove(at: 0) == (key: "x", value: 1))
    #expect(object.description == #"{"y":2,"z":30}"#)
    object.removeAll()
    #expect(object.isEmpty && object["y"] == nil)
  }
}
