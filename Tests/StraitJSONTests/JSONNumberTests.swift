import StraitJSON
import StraitTestSupport
import Testing

@Suite struct JSONNumberTests {
  private func number(_ text: String) throws -> JSONNumber {
    try #require(JSONNumber(text: text), "not a valid literal: \(text)")
  }

  @Test(arguments: [
    ("9223372036854775807", Int64.max),
    ("-9223372036854775808", Int64.min),
    ("-0", 0),
    ("0.0", 0),
    ("0e5", 0),
    ("1e2", 100),
    ("1.5e1", 15),
    ("100e-2", 1),
    ("1E18", 1_000_000_000_000_000_000),
    ("92233720368547758.07e2", Int64.max),
    ("-92233720368547758.08E2", Int64.min),
  ] as [(String, Int64)])
  func int64ViewInRange(text: String, expected: Int64) throws {
    #expect(try number(text).int64 == expected, "\(text)")
  }

  @Test(arguments: [
    "9223372036854775808", "-9223372036854775809", "18446744073709551616", "1e19", "1.5",
    "1.23e1", "1e-1", "1e99999999999999999999", "-1e99999999999999999999", "1e-99999999999999999999",
    "123456789012345678901234567890",
  ])
  func int64ViewOutOfRangeIsNil(text: String) throws {
    #expect(try number(text).int64 == nil, "\(text)")
  }

  @Test func doubleView() throws {
    let negativeZero = try number("-0").double
    #expect(negativeZero == 0 && negativeZero.sign == .minus)
    #expect(try number("0").double.sign == .plus)
    #expect(try number("1e400").double == .infinity)
    #expect(try number("-1e400").double == -.infinity)
    #expect(try number("1e-400").double == 0)
    #expect(try number("0.1").double == 0.1)
    #expect(try number("1.7976931348623157e308").double == .greatestFiniteMagnitude)
    #expect(try number("4.9406564584124654e-324").double == .leastNonzeroMagnitude)
    #expect(try number("123456789012345678901234567890").double == 1.2345678901234568e29)
    #expect(try number("1e99999999999999999999").double == .infinity)
  }

  @Test func doubleInitializerWritesShortestRoundTripForm() throws {
    #expect(JSONNumber(-0.0)?.text == "-0")
    #expect(JSONNumber(0.0)?.text == "0")
    #expect(JSONNumber(0.1)?.text == "0.1")
    #expect(JSONNumber(3.0)?.text == "3")
    #expect(JSONNumber(1e21)?.text == "1e+21")
    #expect(JSONNumber(Double.leastNonzeroMagnitude)?.text == "5e-324")
    #expect(JSONNumber(Double.nan) == nil)
    #expect(JSONNumber(Double.infinity) == nil)
    var random = SeededRandom(seed: 7)
    for _ in 0..<2000 {
      let d = Double(bitPattern: random.next())
      guard d.isFinite else { continue }
      let n = try #require(JSONNumber(d))
      #expect(JSONNumber(text: n.text) != nil, "not a JSON literal: \(n.text)")
      #expect(n.double == d, "\(d) -> \(n.text)")
    }
  }

  @Test func hugeExponentsDoNotTrapAndKeepOrder() throws {
    let huge = try number("1e99999999999999999999")
    #expect(huge == (try number("1e99999999999999999999")))
    #expect(huge > (try number("9e999999")))
    #expect(try number("-1e99999999999999999999") < (try number("-9e999999")))
    #expect(try number("1e-99999999999999999999") < (try number("1e-999999")))
    #expect(try number("1e-99999999999999999999") > (try number("0")))
    #expect(try !number("1e-99999999999999999999").isInteger)
    #expect(try number("1E+2147483648").isInteger)
    #expect(try JSONParser.parse("[1e99999999999999999999, -1E-99999999999999999999]") != nil)
  }

  @Test func exactComparison() throws {
    #expect(try number("1") == (try number("1.000")))
    #expect(try number("-0") == (try number("0.0e10")))
    #expect(try number("12.5e-1") == (try number("1.25")))
    #expect(try number("0.30000000000000004") != (try number("0.3")))
    #expect(try number("18446744073709551616") < (try number("18446744073709551617")))
    #expect(try number("-18446744073709551617") < (try number("-18446744073709551616")))
    #expect(try number("1e2") > (try number("99.9999999999999999999999")))
    #expect(try number("-0.5").isNegative)
    #expect(try !number("-0").isNegative)
    #expect(try number("-0.0e-7").isZero)
    let a = try number("100"), b = try number("1e2"), c = try number("1000e-1")
    #expect(Set([a, b, c]).count == 1)
  }

  @Test func orderAgreesWithDoubleOnRandomLiterals() throws {
    var random = SeededRandom(seed: 11)
    var numbers: [JSONNumber] = []
    for _ in 0..<300 {
      let mantissa = Int64(truncatingIfNeeded: random.next() % 2_000_000) - 1_000_000
      let exponent = Int(random.next() % 21) - 10
      numbers.append(try number("\(mantissa)e\(exponent)"))
    }
    let sorted = numbers.sorted()
    for (x, y) in zip(sorted, sorted.dropFirst()) {
      #expect(x.double <= y.double, "\(x) sorted before \(y)")
    }
  }

  @Test func literalsOfEveryLengthSurviveInlineAndOutOfLine() throws {
    // Inline storage holds up to 20 bytes; check both sides of that and of each 8-byte
    // word, at the very end of the input (few readable bytes) and inside an array.
    for length in 1...40 {
      let integer = "1" + String(repeating: "2", count: length - 1)
      let fraction = length >= 4 ? "-" + String(repeating: "3", count: length - 3) + ".5" : "0"
      for text in [integer, fraction] {
        let alone = try JSONParser.parse(text)
        let inArray = try JSONParser.parse("[\(text),\(text)]")
        #expect(alone.numberValue?.text == text)
        #expect(inArray[0]?.numberValue?.text == text)
        #expect(inArray[1]?.numberValue?.text == text)
        #expect(alone.numberValue == JSONNumber(text: text))
        #expect(JSONSerializer.serialize(inArray) == "[\(text),\(text)]")
      }
    }
  }

  @Test func withUTF8MatchesText() throws {
    for text in ["0", "-1", "12345678", "123456789", "1234567890123456", "12345678901234567890", "123456789012345678901"] {
      let n = try number(text)
      #expect(n.withUTF8 { String(decoding: $0, as: UTF8.self) } == text)
      #expect(n.description == text)
    }
  }
}
