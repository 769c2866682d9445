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
      let accepted = (try? JSONParser.parse(data)) != nil
      switch name.first {
      case "y":
        #expect(accepted, "should parse: \(name)")
        yes += 1
      case "n":
        #expect(!accepted, "should be rejected: \(name)")
        no += 1
      default:
        implementationDefined.append("\(accepted ? "accepted" : "rejected") \(name)")
      }
    }
    print("JSONTestSuite: \(yes) y_ files, \(no) n_ files, \(implementationDefined.count) i_ files")
    for line in implementationDefined { print("  i_: \(line)") }
    #expect(yes > 90 && no > 180)
  }
}
