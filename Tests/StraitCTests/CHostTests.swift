import Foundation
import StraitJSON
import StraitSchema
import StraitTestSupport
import Testing

/// Builds the C examples with the system C compiler against include/strait.h and the built
/// libStraitC.so, runs them, and checks their output with the project's validator.
@Suite("C host (examples/c-host)", .serialized)
struct CHostTests {
  static let schemaNames = ["ticket-classification", "contact-extraction", "order-nested-arrays"]

  /// Compiles `sources` from examples/c-host into an executable; nil (with a note) when the
  /// toolchain or the library is missing.
  static func build(_ source: String, extraFlags: [String] = []) throws -> URL? {
    guard let cc = BuildProducts.cCompiler else {
      print("note: no C compiler (cc, gcc, clang) on PATH; skipping the C host")
      return nil
    }
    guard let libDir = BuildProducts.libraryDirectory else {
      Issue.record(
        "\(BuildProducts.libraryName) not found above \(CommandLine.arguments[0]); build it with `swift build -c release --product StraitC`"
      )
      return nil
    }
    let dir = try BuildProducts.temporaryDirectory("c-host")
    let output = dir.appendingPathComponent(URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent)
    let examples = TestPaths.packageRoot.appendingPathComponent("examples/c-host")
    let arguments =
      [
        "-std=c11", "-O2", "-Wall", "-Wextra", "-pedantic", "-Werror",
        "-I", TestPaths.packageRoot.appendingPathComponent("include").path,
        examples.appendingPathComponent(source).path,
        "-L", libDir.path, "-lStraitC", "-Wl,-rpath,\(libDir.path)", "-lm",
        "-o", output.path,
      ] + extraFlags
    let result = try runProcess(cc, arguments)
    #expect(result.exitCode == 0, "cc \(arguments.joined(separator: " "))\n\(result.stderr)")
    return result.exitCode == 0 ? output : nil
  }

  static func grammarFile(_ name: String) -> String {
    TestPaths.packageRoot.appendingPathComponent("examples/c-host/grammars/\(name).regex").path
  }

  /// Parses and validates a generated document with StraitJSON + StraitSchema.
  static func validate(_ document: String, schema name: String) throws -> Bool {
    let text = try String(contentsOf: TestPaths.schemas.appendingPathComponent("\(name).json"), encoding: .utf8)
    let schema = try JSONSchema(text: text)
    let value = try JSONParser.parse(document)
    return schema.isValid(value)
  }

  @Test func hostGeneratesValidDocuments() throws {
    guard let host = try Self.build("c_host.c") else { return }
    let vocabularies = [
      ["--vocab", TestPaths.fixtures.appendingPathComponent("tokenizers/byte-level-bpe/tokenizer.json").path],
      ["--vocab", TestPaths.fixtures.appendingPathComponent("tokenizers/gguf/tiny-llama-v3.gguf").path],
      ["--byte-vocab"],
    ]
    var documents = Set<String>()
    for name in Self.schemaNames {
      for vocabulary in vocabularies {
        for seed in 1...3 {
          let arguments = vocabulary + [
            "--regex-file", Self.grammarFile(name), "--seed", "\(seed)", "--max-steps", "4000",
          ]
          let result = try runProcess(host, arguments)
          #expect(result.exitCode == 0, "c-host \(arguments): \(result.stderr)")
          let document = result.stdout.trimmingCharacters(in: .newlines)
          #expect(try Self.validate(document, schema: name), "\(name) seed \(seed): \(document)")
          documents.insert(document)
        }
      }
    }
    // Different seeds and vocabularies give different documents (the model is random).
    #expect(documents.count >= 20)
  }

  @Test func hostCompilesSchemasWhenTheCompilerIsAvailable() throws {
    guard let host = try Self.build("c_host.c") else { return }
    let vocab = TestPaths.fixtures.appendingPathComponent("tokenizers/byte-level-bpe/tokenizer.json").path
    for name in Self.schemaNames {
      for seed in 1...3 {
        let schema = TestPaths.schemas.appendingPathComponent("\(name).json").path
        let result = try runProcess(host, ["--vocab", vocab, "--schema", schema, "--seed", "\(seed)", "--max-steps", "4000"])
        if result.exitCode == 2, result.stderr.contains("not available in this build") {
          print("note: this build has no JSON Schema compiler; schema-driven C host runs skipped")
          return
        }
        #expect(result.exitCode == 0, "\(name) seed \(seed): \(result.stderr)")
        let document = result.stdout.trimmingCharacters(in: .newlines)
        #expect(try Self.validate(document, schema: name), "\(name) seed \(seed): \(document)")
      }
    }
  }

  @Test func hostReportsLibraryErrors() throws {
    guard let host = try Self.build("c_host.c") else { return }
    let missing = try runProcess(host, ["--vocab", "/nonexistent.json", "--regex", "a"])
    #expect(missing.exitCode == 2)
    #expect(missing.stderr.contains("STRAIT_IO_ERROR"))
    let bad = try runProcess(host, ["--byte-vocab", "--regex", "a(b"])
    #expect(bad.exitCode == 2)
    #expect(bad.stderr.contains("STRAIT_COMPILE_ERROR"))
  }

  #if os(Linux)
    /// The hot calls allocate nothing (counted by interposing malloc in the C program).
    @Test func hotPathDoesNotAllocate() throws {
      guard let check = try Self.build("hotpath_check.c", extraFlags: ["-rdynamic"]) else { return }
      let regex = try String(contentsOfFile: Self.grammarFile("order-nested-arrays"), encoding: .utf8)
        .trimmingCharacters(in: .newlines)
      for vocab in ["tokenizers/byte-level-bpe/tokenizer.json", "tokenizers/gguf/tiny-llama-v3.gguf"] {
        let path = TestPaths.fixtures.appendingPathComponent(vocab).path
        let result = try runProcess(check, ["--vocab", path, "--regex", regex, "--rounds", "5"])
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("hot-path allocations: 0 over"), "\(result.stdout)")
      }
    }
  #endif

  @Test func benchmarkProgramBuildsAndRuns() throws {
    guard let bench = try Self.build("bench.c") else { return }
    let regex = try String(contentsOfFile: Self.grammarFile("ticket-classification"), encoding: .utf8)
      .trimmingCharacters(in: .newlines)
    let vocab = TestPaths.fixtures.appendingPathComponent("tokenizers/byte-level-bpe/tokenizer.json").path
    let result = try runProcess(bench, ["--vocab", vocab, "--regex", regex, "--rounds", "2"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout.contains("fill+apply"))
  }

  @Test func headerCompilesAsCPlusPlus() throws {
    guard let cxx = BuildProducts.tool(["c++", "g++", "clang++"]) else {
      print("note: no C++ compiler on PATH; skipping the C++ header check")
      return
    }
    let dir = try BuildProducts.temporaryDirectory("cxx")
    let source = dir.appendingPathComponent("use.cpp")
    try Data(
      """
      #include "strait.h"
      int main() {
        strait_compile_options o = strait_compile_options_default();
        return o.struct_size == sizeof o && strait_abi_version() > 0 ? 0 : 1;
      }
      """.utf8
    ).write(to: source)
    let result = try runProcess(
      cxx,
      ["-std=c++11", "-Wall", "-Wextra", "-pedantic", "-Werror", "-fsyntax-only",
       "-I", TestPaths.packageRoot.appendingPathComponent("include").path, source.path])
    #expect(result.exitCode == 0, "\(result.stderr)")
  }
}
