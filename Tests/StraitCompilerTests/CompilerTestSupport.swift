import StraitAutomata
import StraitCompiler
import StraitJSON
import Testing

/// Compiles schema text (fails the test on error).
func compileSchema(_ text: String, _ options: CompileOptions = .default) throws -> CompiledGrammar {
  try SchemaCompiler.compile(schemaText: text, options: options)
}

/// Checks that `schema` accepts exactly `accept` and rejects every text of `reject`.
func checkLanguage(
  _ schema: String, accept: [String], reject: [String], options: CompileOptions = .default,
  sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let g = try compileSchema(schema, options)
  for text in accept {
    let r = try g.match(Array(text.utf8))
    #expect(r.accepted, "\(schema) should accept \(text) (rejected at \(r.rejectedAt ?? -1))", sourceLocation: sourceLocation)
  }
  for text in reject {
    let r = try g.match(Array(text.utf8))
    #expect(!r.accepted, "\(schema) should reject \(text)", sourceLocation: sourceLocation)
  }
}

/// The error of compiling `schema`, or nil when it compiles.
func compileError(_ schema: String, _ options: CompileOptions = .default) -> CompileError? {
  do {
    _ = try compileSchema(schema, options)
    return nil
  } catch let e as CompileError {
    return e
  } catch {
    return nil
  }
}
