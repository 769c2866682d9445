import Foundation
import StraitSchema
import StraitTestSupport
import Testing

/// The official JSON-Schema-Test-Suite (../shared/conformance/JSON-Schema-Test-Suite).
///
/// Required tests must all pass except the cases listed in `knownFailures` (with the
/// reason); a listed case that starts passing fails this test too, so the list stays
/// true. Optional tests are run and their pass rate printed, never failing the test.
@Suite struct OfficialSuiteTests {
  /// Required cases known to fail, by ``JSONSchemaTestSuite/CaseResult/id``. Empty:
  /// every required case of every supported draft passes.
  static let knownFailures: Set<String> = []

  @Test(arguments: JSONSchemaTestSuite.drafts.map(\.dialect))
  func requiredTests(dialect: SchemaDialect) throws {
    guard let root = TestPaths.shared("conformance/JSON-Schema-Test-Suite") else { return }
    let results = try JSONSchemaTestSuite.run(root: root.path, dialects: [dialect], includeOptional: false)
    #expect(results.count > 500, "too few cases found for \(dialect)")
    for r in results {
      if Self.knownFailures.contains(r.id) {
        #expect(!r.passed, "known failure now passes, remove it from the list: \(r.id)")
      } else {
        #expect(r.passed, "\(r.id): \(r.detail)")
      }
    }
  }

  @Test func optionalTestsPassRate() throws {
    guard let root = TestPaths.shared("conformance/JSON-Schema-Test-Suite") else { return }
    let results = try JSONSchemaTestSuite.run(root: root.path).filter(\.isOptional)
    for (folder, _) in JSONSchemaTestSuite.drafts {
      let mine = results.filter { $0.draft == folder }
      let passed = mine.filter(\.passed).count
      print("\(folder) optional: \(passed)/\(mine.count) passed")
    }
    #expect(!results.isEmpty)
  }
}
