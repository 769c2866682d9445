import StraitJSON
import StraitTestSupport
import Testing

@Suite struct JSONSerializerTests {
  @Test func roundTripsAndEscapesMinimally() throws {
    let text = #"{"k":["a\"b\\c\/d\u0001\n\u2028é",1.50,-0,1e400,{}],"e":[]}"#
    let value = try JSONParser.parse(text)
    let compact = JSONSerializer.serialize(value)
    #expect(compact == "{\"k\":[\"a\\\"b\\\\c/d\\u0001\\n\u{2028}é\",1.50,-0,1e400,{}],\"e\":[]}")
    #expect(try JSONParser.parse(compact) == value)
    #expect(JSONSerializer.serialize(value, style: .python).hasPrefix("{\"k\": [\"a"))
    let pretty = JSONSerializer.serialize(value, style: .pretty)
    #expect(pretty.contains("\n  \"k\": [\n    \"a"))
    #expect(try JSONParser.parse(pretty) == value)
  }

  @Test func pythonStyleMatchesJsonDumps() throws {
    // json.dumps({"a": [1, 2], "b": {"c": "x"}, "d": [], "e": {}})
    let value = try JSONParser.parse(#"{"a":[1,2],"b":{"c":"x"},"d":[],"e":{}}"#)
    #expect(
      JSONSerializer.serialize(value, style: .python) == #"{"a": [1, 2], "b": {"c": "x"}, "d": [], "e": {}}"#)
  }

  @Test func prettyStyleLayout() throws {
    let value = try JSONParser.parse(#"{"a":[1,{"b":null}],"c":[],"d":{}}"#)
    let expected = """
      {
        "a": [
          1,
          {
            "b": null
          }
        ],
        "c": [],
        "d": {}
      }
      """
    #expect(JSONSerializer.serialize(value, style: .pretty) == expected)
  }

  @Test func everyControlCharacterIsEscapedAndNothingElse() throws {
    var scalars = String.UnicodeScalarView()
    for v in 0..<0x80 { scalars.append(Unicode.Scalar(UInt8(v))) }
    scalars.append(contentsOf: "é\u{2028}\u{2029}\u{FEFF}😀".unicodeScalars)
    let string = String(scalars)
    let quoted = JSONSerializer.quote(string)
    let expectedControls = [
      #"\u0000"#, #"\u0001"#, #"\u0002"#, #"\u0003"#, #"\u0004"#, #"\u0005"#, #"\u0006"#, #"\u0007"#,
      #"\b"#, #"\t"#, #"\n"#, #"\u000b"#, #"\f"#, #"\r"#, #"\u000e"#, #"\u000f"#,
      #"\u0010"#, #"\u0011"#, #"\u0012"#, #"\u0013"#, #"\u0014"#, #"\u0015"#, #"\u0016"#, #"\u0017"#,
      #"\u0018"#, #"\u0019"#, #"\u001a"#, #"\u001b"#, #"\u001c"#, #"\u001d"#, #"\u001e"#, #"\u001f"#,
    ].joined()
    let printable = String(String.UnicodeScalarView((0x20..<0x80).map { Unicode.Scalar(UInt8($0)) }))
      .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    #expect(quoted == "\"" + expectedControls + printable + "é\u{2028}\u{2029}\u{FEFF}😀\"")
    #expect(try JSONParser.parse(quoted) == .string(string))
  }

  @Test func deepValuesSerializeWithoutRecursion() throws {
    var options = JSONParser.Options()
    options.maxDepth = 20_000
    let text = String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
    let value = try JSONParser.parse(text, options: options)
    #expect(JSONSerializer.serialize(value) == text)
  }

  /// Random values (every kind of string scalar, numbers of every shape, nesting, repeated
  /// names) written in all three styles parse back to an equal value, and writing that
  /// value again gives the same bytes.
  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func randomValuesRoundTripInEveryStyle(seed: UInt64) throws {
    var generator = RandomJSON(seed: seed)
    for _ in 0..<250 {
      let value = generator.value(depth: 0)
      for style in [JSONSerializer.Style.compact, .pretty, .python] {
        let text = JSONSerializer.serialize(value, style: style)
        let parsed = try JSONParser.parse(text)
        #expect(parsed == value, "seed \(seed), \(style): \(text)")
        #expect(JSONSerializer.serialize(parsed, style: style) == text)
        let checked = try Array(text.utf8).withUnsafeBufferPointer { try JSONParser.check($0) }
        #expect(checked.isEmpty)
      }
    }
  }
}

/// Generates random JSON values from a seed.
struct RandomJSON {
  var random: SeededRandom

  init(seed: UInt64) { random = SeededRandom(seed: seed) }

  mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

  mutating func value(depth: Int) -> JSONValue {
    switch int(0...(depth > 4 ? 4 : 6)) {
    case 0: return .null
    case 1: return .bool(int(0...1) == 1)
    case 2, 3: return .number(number())
    case 4: return .string(string())
    case 5:
      return .array((0..<int(0...5)).map { _ in value(depth: depth + 1) })
    default:
      var object = JSONObject()
      for _ in 0..<int(0...(int(0...5) == 0 ? 40 : 6)) {
        // Short names repeat often, so objects share names as records do.
        let name = int(0...2) == 0 ? string() : ["id", "name", "a", "", "k\(int(0...3))"][int(0...4)]
        object[name] = value(depth: depth + 1)
      }
      return .object(object)
    }
  }

  mutating func string() -> String {
    let pools: [[Unicode.Scalar]] = [
      Array("abcdefghijklmnopqrstuvwxyz0123456789 ".unicodeScalars),
      ["\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1F}", "\u{7F}"],
      ["é", "ß", "\u{301}", "\u{2028}", "\u{2029}", "中", "文", "\u{FEFF}", "\u{FFFD}", "😀", "\u{10FFFF}"],
    ]
    var scalars = String.UnicodeScalarView()
    for _ in 0..<int(0...(int(0...4) == 0 ? 40 : 10)) {
      let pool = pools[int(0...9) < 6 ? 0 : int(1...2)]
      scalars.append(pool[int(0...(pool.count - 1))])
    }
    return String(scalars)
  }

  mutating func number() -> JSONNumber {
    var text = int(0...2) == 0 ? "-" : ""
    if int(0...3) == 0 {
      text += "0"
    } else {
      text += String(int(1...9))
      for _ in 0..<int(0...(int(0...5) == 0 ? 30 : 6)) { text += String(int(0...9)) }
    }
    if int(0...1) == 0 {
      text += "."
      for _ in 0..<int(1...18) { text += String(int(0...9)) }
    }
    if int(0...2) == 0 {
      text += ["e", "E"][int(0...1)] + ["", "+", "-"][int(0...2)] + String(int(0...400))
    }
    return JSONNumber(text: text) ?? JSONNumber(0)
  }
}
