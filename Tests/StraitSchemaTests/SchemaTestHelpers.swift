import StraitJSON
import StraitSchema
import Testing

/// Parses JSON text in tests (fails the test on bad JSON).
func json(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
  try JSONParser.parse(text)
}

/// Compiles a schema from text.
func schema(_ text: String, _ options: JSONSchema.Options = .init()) throws -> JSONSchema {
  try JSONSchema(json: JSONParser.parse(text), options: options)
}

/// Expects `instance` to be valid (both fast and full paths).
func expectValid(_ s: JSONSchema, _ instance: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
  let v = try JSONParser.parse(instance)
  #expect(s.isValid(v), "\(instance) should be valid", sourceLocation: sourceLocation)
  let r = s.validate(v)
  #expect(r.isValid && r.errors.isEmpty, "\(instance): \(r.errors)", sourceLocation: sourceLocation)
}

/// Expects `instance` to be invalid; returns the errors.
@discardableResult
func expectInvalid(_ s: JSONSchema, _ instance: String, sourceLocation: SourceLocation = #_sourceLocation) throws
  -> [SchemaValidationError]
{
  let v = try JSONParser.parse(instance)
  #expect(!s.isValid(v), "\(instance) should be invalid", sourceLocation: sourceLocation)
  let r = s.validate(v)
  #expect(!r.isValid && !r.errors.isEmpty, "\(instance) should have errors", sourceLocation: sourceLocation)
  return r.errors
}

/// Expects compiling `text` to throw a schema error at `pointer`.
func expectSchemaError(
  _ text: String, pointer: String, containing: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  do {
    _ = try JSONSchema(text: text)
    Issue.record("\(text) should be rejected", sourceLocation: sourceLocation)
  } catch {
    #expect(error.pointer == pointer, "\(error)", sourceLocation: sourceLocation)
    #expect(error.message.contains(containing), "\(error)", sourceLocation: sourceLocation)
  }
}
