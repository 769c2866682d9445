import Foundation
import StraitTestSupport
import Testing

/// End-to-end checks of `strait regex` (skipped when the executable is not built).
@Suite struct RegexCommandTests {
  var available: Bool {
    let ok = FileManager.default.isExecutableFile(atPath: TestPaths.straitExecutable.path)
    if !ok { print("note: \(TestPaths.straitExecutable.path) not built; skipping strait regex tests") }
    return ok
  }

  @Test func matchReportsEachStringAndExitStatus() throws {
    guard available else { return }
    let ok = try runStrait(["regex", "^[a-z]+\\d?$", "--match", "abc1", "--match", "xyz"])
    #expect(ok.exitCode == 0)
    #expect(ok.stdout == "match    \"abc1\"\nmatch    \"xyz\"\n")
    #expect(ok.stderr.contains("byte classes"))
    let bad = try runStrait(["regex", "^[a-z]+$", "--match", "abc", "--match", "ab1"])
    #expect(bad.exitCode == 1)
    #expect(bad.stdout.contains("no match \"ab1\""))
    let full = try runStrait(["regex", "b", "--full", "--match", "abc"])
    #expect(full.exitCode == 1)
  }

  @Test func sampleIsReproducibleAndMatches() throws {
    guard available else { return }
    let a = try runStrait(["regex", "^\\d{3}-[A-Z]{2}$", "--sample", "5", "--seed", "42"])
    let b = try runStrait(["regex", "^\\d{3}-[A-Z]{2}$", "--sample", "5", "--seed", "42"])
    #expect(a.exitCode == 0)
    #expect(a.stdout == b.stdout)
    let lines = a.stdout.split(separator: "\n")
    #expect(lines.count == 5)
    let regex = try NSRegularExpression(pattern: "^\"\\d{3}-[A-Z]{2}\"$")
    for line in lines {
      let s = String(line)
      #expect(regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil, "\(s)")
    }
  }

  @Test func badPatternsExitTwoWithTheOffset() throws {
    guard available else { return }
    let r = try runStrait(["regex", "ab(?=c)"])
    #expect(r.exitCode == 2)
    #expect(r.stderr.contains("look-ahead") && r.stderr.contains("byte 2") && r.stderr.contains("not a regular language"))
    let huge = try runStrait(["regex", "a{100000}"])
    #expect(huge.exitCode == 2)
    #expect(huge.stderr.contains("10000"))
    let empty = try runStrait(["regex", "[]", "--sample", "1"])
    #expect(empty.exitCode == 1)
  }

  @Test func sizeGoesToStdoutWhenAlone() throws {
    guard available else { return }
    let r = try runStrait(["regex", "^(a|b)*abb$"])
    #expect(r.exitCode == 0)
    #expect(r.stdout.hasPrefix("dfa: ") && r.stdout.contains("(5 minimal)"))
  }
}
