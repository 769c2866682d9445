import StraitAutomata
import StraitPCRE2
import StraitTestSupport
import Testing

/// Strait's regex → DFA against libpcre2 on hand-written patterns for every construct.
@Suite struct RegexDifferentialTests {
  static let handWritten: [String] = [
    // literals, concatenation, alternation
    "", "a", "abc", "a|b", "ab|cd|", "(a|b)c", "é", "😀+", "中文", "a\\.b", "\\/\\-\\*",
    // classes and escapes
    "[abc]", "[a-z]+", "[^a-z]", "[^]", "[]", "[a-]", "[-a]", "[\\]a]", "[\\d_]", "[\\s]x",
    "\\d+", "\\D", "\\w+", "\\W", "\\s", "\\S+", "[\\w.-]+@[\\w-]+", "\\t\\n", "\\v", "\\f\\r",
    "\\0", "\\x41", "\\u00e9", "\\u{1F600}", "\\cJ", "[\\u0400-\\u04FF]+", "[^\\x00-\\x7F]",
    ".", "a.c", "^.$", "^.{2}$", "[.]",
    // Unicode properties
    "\\p{L}+", "\\P{L}", "^\\p{Lu}\\p{Ll}*$", "[\\p{N}_]+", "\\p{Letter}", "^\\p{Nd}+$",
    "\\p{Script=Greek}", "^\\p{sc=Cyrillic}+$", "\\p{gc=Zs}", "[^\\p{L}\\p{N}]",
    // quantifiers
    "a*", "a+", "a?", "a{2}", "a{2,}", "a{2,4}", "a*?b", "a+?", "(ab){1,3}", "(a|bc){2,3}$",
    "^a{3}$", "^(a{1,3}b){2}$", "x{0}", "a{0,0}b", "^(?:a|b){0,2}$",
    // groups
    "(?:ab)+", "(?<year>\\d{4})-(?<month>\\d{2})", "((a))", "(a|(b|c)d)e",
    // anchors
    "^", "$", "^$", "^a", "a$", "^a$", "^abc$", "a^", "$a", "^(a|b)$", "(^a|b)", "(a|^b)c",
    "(a$|b)", "(^|x)y", "y(x|$)", "^a|b$", "(^a)*", "(a|^)+b", "(^)?x", "(^a|b)+c$", "(b$|a)*",
    "^$|^x", "(?:^|,)item(?:,|$)",
    // realistic JSON Schema patterns
    "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$",
    "^\\d{4}-\\d{2}-\\d{2}$", "^(\\([0-9]{3}\\))?[0-9]{3}-[0-9]{4}$",
    "^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$", "^#?([a-f0-9]{6}|[a-f0-9]{3})$",
    "^https?://[^\\s/$.?#].[^\\s]*$", "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    "^(?:[01]\\d|2[0-3]):[0-5]\\d$", "^\\S+$", "^[^\\s]+(\\s[^\\s]+)*$", "[a-z]{3,}\\d*",
    // pathological but regular
    "(a|aa)*b", "(a*)*b", "(a+)+$", "(a|a)*c", "(x+x+)+y",
  ]

  @Test func handWrittenPatternsAgreeWithPCRE2() {
    var rng = SeededRandom(seed: 2024)
    var outcome = DifferentialHarness.Outcome()
    for p in Self.handWritten {
      DifferentialHarness.run(
        pattern: p, randomCount: 150, walkCount: 30, rng: &rng, outcome: &outcome)
    }
    print(
      "differential (hand-written): \(Self.handWritten.count) patterns, \(outcome.compared) strings, "
        + "PCRE2 skipped \(outcome.skippedPCRE2), Strait rejected \(outcome.skippedStrait), "
        + "budget \(outcome.budgetExceeded)")
    for d in outcome.disagreements.prefix(40) { Issue.record("disagreement: \(d)") }
    #expect(outcome.disagreements.isEmpty)
    #expect(outcome.skippedStrait.isEmpty, "Strait rejected hand-written patterns: \(outcome.skippedStrait)")
    #expect(outcome.compared > Self.handWritten.count * 100)
  }

  @Test func handWrittenPatternsAgreeInFullMatchMode() {
    var rng = SeededRandom(seed: 77)
    var outcome = DifferentialHarness.Outcome()
    for p in Self.handWritten {
      DifferentialHarness.run(
        pattern: p, mode: .fullMatch, randomCount: 100, walkCount: 20, rng: &rng, outcome: &outcome)
    }
    print("differential (hand-written, full match): \(outcome.compared) strings")
    for d in outcome.disagreements.prefix(40) { Issue.record("disagreement: \(d)") }
    #expect(outcome.disagreements.isEmpty)
    #expect(outcome.compared > Self.handWritten.count * 50)
  }

  /// Every `pattern` and `patternProperties` key in the MaskBench schemas.
  @Test func maskBenchPatternsAgreeWithPCRE2() throws {
    guard let folder = TestPaths.shared("maskbench") else { return }
    let patterns = try MaskBenchPatterns.collect(in: folder)
    var rng = SeededRandom(seed: 9)
    var outcome = DifferentialHarness.Outcome()
    for p in patterns {
      DifferentialHarness.run(pattern: p, randomCount: 40, walkCount: 10, rng: &rng, outcome: &outcome)
    }
    let rejected = outcome.skippedStrait.values.reduce(0, +)
    print(
      "differential (MaskBench): \(patterns.count) patterns, \(outcome.compared) strings, "
        + "PCRE2 could not compile \(outcome.skippedPCRE2), Strait rejected \(rejected), "
        + "budget exceeded \(outcome.budgetExceeded)")
    for (reason, count) in outcome.skippedStrait.sorted(by: { $0.value > $1.value }) {
      print("  Strait rejected \(count)× : \(reason)")
    }
    for d in outcome.disagreements.prefix(40) { Issue.record("disagreement: \(d)") }
    #expect(outcome.disagreements.isEmpty)
    #expect(patterns.count + Self.handWritten.count >= 500)
    #expect(outcome.compared > patterns.count * 20)
  }
}
