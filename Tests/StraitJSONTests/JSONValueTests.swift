import StraitJSON
import Testing

@Suite struct JSONValueTests {
  @Test func stringsCompareByCodePoints() throws {
    // Swift's String == says these are equal (canonical equivalence); JSON does not.
    #expect("\u{E9}" == "e\u{301}")
    #expect(JSONValue.string("\u{E9}") != .string("e\u{301}"))
    #expect(JSONValue.string("\u{E9}") == .string("\u{E9}"))
    #expect(try JSONParser.parse(#"["\u00e9"]"#) != (try JSONParser.parse(#"["e\u0301"]"#)))
  }

  @Test func objectNamesCompareByCodePoints() {
    let a: JSONValue = .object(["\u{E9}": 1])
    let b: JSONValue = .object(["e\u{301}": 1])
    #expect(a != b)
    #expect(a == .object(["\u{E9}": 1]))
    // Equal values hash equally.
    #expect(Set([a, .object(["\u{E9}": 1])]).count == 1)
  }

  @Test func accessors() throws {
    let value = try JSONParser.parse(#"{"s": "x", "n": 2.5, "b": false, "z": null, "a": [1], "o": {}}"#)
    #expect(value["s"]?.stringValue == "x")
    #expect(value["n"]?.numberValue?.double == 2.5)
    #expect(value["b"]?.boolValue == false)
    #expect(value["z"]?.isNull == true)
    #expect(value["a"]?.arrayValue?.count == 1)
    #expect(value["a"]?[1] == nil)
    #expect(value["a"]?[-1] == nil)
    #expect(value["o"]?.objectValue?.isEmpty == true)
    #expect(value["missing"] == nil)
    #expect(value["n"]?.isInteger == false)
    #expect(value["a"]?[0]?.isInteger == true)
    #expect(value.typeName == "object")
    #expect(value["b"]?.typeName == "boolean")
  }
}

@Suite struct JSONPointerTests {
  @Test func resolveAndEscape() throws {
    let value = try JSONParser.parse(#"{"a/b": {"~c": [10, 20]}, "": {"": 5}}"#)
    #expect(JSONPointer.resolve("/a~1b/~0c/1", in: value) == 20)
    #expect(JSONPointer.resolve("", in: value) == value)
    #expect(JSONPointer.resolve("//", in: value) == 5)
    #expect(JSONPointer.resolve("/a~1b/~0c/01", in: value) == nil)
    #expect(JSONPointer.resolve("/a~1b/~0c/-", in: value) == nil)
    #expect(JSONPointer.resolve("/a~1b/~0c/2", in: value) == nil)
    #expect(JSONPointer.append("/x", "a/b~") == "/x/a~1b~0")
  }

  @Test func invalidPointers() {
    #expect(JSONPointer.tokens("a") == nil)
    #expect(JSONPointer.tokens("/a~2") == nil)
    #expect(JSONPointer.tokens("/a~") == nil)
    #expect(JSONPointer.tokens("/a~01") == ["a~1"])
    #expect(JSONPointer.tokens("/a/b") == ["a", "b"])
  }

  @Test func escapingWorksOnScalarsNotCharacters() {
    // "~" and "/" followed by a combining mark are single Characters in Swift.
    let token = "~\u{301}/\u{301}"
    let escaped = JSONPointer.escape(token)
    #expect(escaped == "~0\u{301}~1\u{301}")
    #expect(JSONPointer.tokens("/" + escaped) == [token])
    #expect(JSONPointer.tokens("/a/\u{301}b") == ["a", "\u{301}b"])
  }
}
