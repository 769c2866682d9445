import Foundation
import StraitJSON
import StraitTestSupport
import Testing

/// nst/JSONTestSuite: every y_ file parses, every n_ file is rejected, every i_ file is
/// decided without a crash (and the decision is printed).
@Suite struct JSONTestSuiteTests {
  static func files() -> [URL] {
    guard let dir = TestPaths.shared("conformance/JSONTestSuite/test_parsing") else { return [] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.filter { $0.hasSuffix(".json") }.sorted().map { dir.appendingPathComponent($0) }
  }

  @Test func conformance() throws {
    let files = Self.files()
    guard !files.isEmpty else { return }
    var yes = 0, no = 0, implementationDefined: [String] = []
    for file in files {
      let name = file.lastPathComponent
      let data = try Data(contentsOf: file)
      var failure: JSONParseError?
      do { _ = try JSONParser.parse(data) } catch { failure = error }
      let accepted = failure == nil
      // The tree-free checker decides every file the same way.
      let checked = data.withUnsafeBytes { raw in (try? JSONParser.check(raw.bindMemory(to: UInt8.self))) != nil }
      #expect(checked == accepted, "check and parse disagree on \(name)")
      switch name.first {
      case "y":
        #expect(accepted, "should parse: \(name)")
        yes += 1
      case "n":
        #expect(!accepted, "should be rejected: \(name)")
        no += 1
      default:
        implementationDefined.append(failure.map { "rejected \(name): \($0)" } ?? "accepted \(name)")
      }
    }
    print("JSONTestSuite: \(yes) y_ files, \(no) n_ files, \(implementationDefined.count) i_ files")
    for line in implementationDefined { print("  i_: \(line)") }
    #expect(yes > 90 && no > 180)
  }

  /// Every y_ file: parse → serialize (each style) → parse gives an equal value, and a
  /// second serialization is byte-identical to the first.
  @Test func serializerRoundTripsTheAcceptedCorpus() throws {
    let files = Self.files().filter { $0.lastPathComponent.hasPrefix("y_") }
    guard !files.isEmpty else { return }
    for file in files {
      let value = try JSONParser.parse(try Data(contentsOf: file))
      for style in [JSONSerializer.Style.compact, .pretty, .python] {
        let text = JSONSerializer.serializeBytes(value, style: style)
        let again = try JSONParser.parse(text)
        #expect(again == value, "\(file.lastPathComponent) (\(style))")
        #expect(JSONSerializer.serializeBytes(again, style: style) == text, "\(file.lastPathComponent)")
      }
    }
  }
}
