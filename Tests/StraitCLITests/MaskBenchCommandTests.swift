import Foundation
import StraitJSON
import StraitTestSupport
import Testing

/// `strait bench maskbench` on the hand-made files of fixtures/maskbench/regex, whose
/// "schema" is a regex (`--regex`), so the harness is tested apart from the schema
/// compiler. Tokens are ids of the byte-level BPE fixture (ids 0-255 are the bytes).
@Suite struct MaskBenchCommandTests {
  static let expectedStatus: [String: String] = [
    "pass-bool.json": "pass",
    "pass-no-tests.json": "pass",
    "pass-multibyte.json": "pass",
    "prefix-only.json": "pass",
    "padding-token.json": "pass",
    "invalidation.json": "invalidation_error",
    "last-failing-decides-2.json": "invalidation_error",
    "validation.json": "validation_error",
    "last-failing-decides.json": "validation_error",
    "out-of-range.json": "validation_error",
    "bad-tokens.json": "validation_error",
    "compile-error.json": "compile_error",
    "not-json.json": "input_error",
    "no-schema.json": "input_error",
  ]

  @Test func everyFileGetsItsStatus() throws {
    let run = try MaskBenchRun.run(MaskBenchRun.fixtureFolder("regex"), ["--regex"])
    // notes.txt is not *.json: skipped, not counted.
    #expect(Set(run.order) == Set(Self.expectedStatus.keys))
    for (file, status) in Self.expectedStatus {
      #expect(run.status(file) == status, "\(file)")
    }
    #expect(run.count("schemas") == 14)
    #expect(run.count("passing") == 5)
    #expect(run.count("compile_error") == 1)
    #expect(run.count("validation_error") == 4)
    #expect(run.count("invalidation_error") == 2)
    #expect(run.count("input_error") == 2)
    #expect(run.count("timeout") == 0)
    #expect(run.count("crash") == 0)
  }

  @Test func lastFailingTestDecidesAndFirstIsKept() throws {
    let run = try MaskBenchRun.run(MaskBenchRun.fixtureFolder("regex"), ["--regex"])
    let decides = try #require(run.files["last-failing-decides.json"])
    #expect(decides["first_failure"]?["test"]?.numberValue?.int64 == 0)
    #expect(decides["first_failure"]?["kind"]?.stringValue == "should reject but didn't")
    #expect(decides["deciding_failure"]?["test"]?.numberValue?.int64 == 2)
    #expect(decides["deciding_failure"]?["kind"]?.stringValue == "should accept but didn't")
    // "ab1": rejected at the third token, the digit.
    #expect(decides["deciding_failure"]?["token_index"]?.numberValue?.int64 == 2)
    #expect(decides["deciding_failure"]?["token"]?.numberValue?.int64 == 49)
    #expect(run.int("last-failing-decides.json", "tests_passed") == 1)
    #expect(run.int("last-failing-decides.json", "tests_failed") == 2)
  }

  @Test func tokenSamplesFollowTheProtocol() throws {
    let run = try MaskBenchRun.run(MaskBenchRun.fixtureFolder("regex"), ["--regex"])
    // The rejected token's mask is a sample too: a, b, c (rejected).
    #expect(run.int("validation.json", "tokens") == 3)
    // No end-of-input check: "ab" of "abc" is accepted.
    #expect(run.int("prefix-only.json", "tokens") == 2)
    // 97, then 319 (a padding id below the logits width: never allowed, not an error).
    #expect(run.int("padding-token.json", "tokens") == 2)
    // 97, then 999999 is an exception (no sample); the second test: 98.
    #expect(run.int("out-of-range.json", "tokens") == 2)
    #expect(run.int("pass-no-tests.json", "tokens") == 0)
    #expect(run.int("compile-error.json", "tokens") == 0)
    var total = 0
    var totalMicroseconds = 0.0
    var largest = 0.0
    for file in run.order {
      total += run.int(file, "tokens") ?? 0
      totalMicroseconds += run.files[file]?["tbm_total_us"]?.numberValue?.double ?? 0
      largest = max(largest, run.files[file]?["tbm_max_us"]?.numberValue?.double ?? 0)
    }
    #expect(run.count("tokens") == total)
    // The per-file sums and maxima agree with the run's distribution.
    let avg = try #require(run.summary["tbm_us"]?["avg"]?.numberValue?.double)
    let max = try #require(run.summary["tbm_us"]?["max"]?.numberValue?.double)
    #expect(abs(totalMicroseconds / Double(total) - avg) < 0.01)
    #expect(abs(largest - max) < 0.002)
  }

  @Test func badInputIsRecordedAndNamed() throws {
    let run = try MaskBenchRun.run(MaskBenchRun.fixtureFolder("regex"), ["--regex"])
    let outOfRange = run.files["out-of-range.json"]?["deciding_failure"]
    #expect(outOfRange?["kind"]?.stringValue == "EXN")
    #expect(outOfRange?["token"]?.numberValue?.int64 == 999_999)
    #expect(outOfRange?["message"]?.stringValue?.contains("999999") == true)
    let badTokens = run.files["bad-tokens.json"]?["deciding_failure"]?["message"]?.stringValue
    #expect(badTokens?.contains("/tests/0/tokens/0") == true)
    #expect(run.files["not-json.json"]?["error"]?.stringValue?.contains("not a JSON file") == true)
    #expect(run.files["no-schema.json"]?["error"]?.stringValue?.contains("schema") == true)
    #expect(run.files["compile-error.json"]?["error"]?.stringValue?.contains("compile error") == true)
    #expect(run.files["compile-error.json"]?["ttfm_us"]?.isNull == true)
  }

  @Test func summaryJSONHasThePublishedShape() throws {
    let run = try MaskBenchRun.run(MaskBenchRun.fixtureFolder("regex"), ["--regex"])
    for metric in ["tbm_us", "ttfm_us"] {
      let object = try #require(run.summary[metric]?.objectValue, "\(metric)")
      let avg = try #require(object["avg"]?.numberValue?.double)
      var previous = 0.0
      for key in maskBenchDistributionKeys {
        let value = try #require(object[key]?.numberValue?.double, "\(metric).\(key)")
        #expect(value >= previous, "\(metric).\(key) \(value) < \(previous)")
        previous = value
      }
      #expect(avg > 0 && avg <= previous)
    }
    for key in ["tokens", "schemas", "passing", "compile_error", "validation_error", "invalidation_error", "timeout"] {
      #expect(run.count(key) != nil, "\(key)")
    }
    // TTFM is over the 11 files that compiled; the printed table says so too.
    #expect(run.process.stdout.contains("| TTFM p50"))
    #expect(run.process.stdout.contains("| invalidation error |"))
  }

  @Test func limitAndFilesChooseTheFiles() throws {
    let folder = MaskBenchRun.fixtureFolder("regex")
    let limited = try MaskBenchRun.run(folder, ["--regex", "--limit", "3"])
    // Sorted by name: the first three.
    #expect(limited.order == ["bad-tokens.json", "compile-error.json", "invalidation.json"])
    #expect(limited.count("schemas") == 3)

    let listed = try MaskBenchRun.run(folder, ["--regex", "--files", "validation.json, pass-bool.json,missing.json"])
    #expect(listed.order == ["validation.json", "pass-bool.json", "missing.json"])
    #expect(listed.status("missing.json") == "input_error")
    #expect(listed.files["missing.json"]?["error"]?.stringValue?.contains("cannot read") == true)

    let list = FileManager.default.temporaryDirectory.appendingPathComponent("strait-maskbench-list-\(UUID()).txt")
    try "# a comment\ninvalidation.json\n\nprefix-only.json\n".write(to: list, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: list) }
    let fromFile = try MaskBenchRun.run(folder, ["--regex", "--files", list.path, "--limit", "1"])
    #expect(fromFile.order == ["invalidation.json"])
  }

  @Test func emptyFolderGivesAnEmptySummary() throws {
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent("strait-maskbench-empty-\(UUID())")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: empty) }
    let run = try MaskBenchRun.run(empty.path)
    #expect(run.count("schemas") == 0)
    #expect(run.count("tokens") == 0)
    #expect(run.summary["tbm_us"]?["p50"]?.isNull == true)
    #expect(run.summary["ttfm_us"]?["max"]?.isNull == true)
  }

  @Test func hangingAndCrashingFilesDoNotStopTheRun() throws {
    let run = try MaskBenchRun.run(
      MaskBenchRun.fixtureFolder("regex"),
      ["--regex", "--time-limit", "1", "--test-hang-on", "pass-bool.json", "--test-crash-on", "validation.json"])
    #expect(run.status("pass-bool.json") == "timeout")
    #expect(run.files["pass-bool.json"]?["error"]?.stringValue?.contains("time limit") == true)
    #expect(run.status("validation.json") == "crash")
    #expect(run.files["validation.json"]?["error"]?.stringValue?.contains("signal") == true)
    // Files after them ran in fresh workers.
    #expect(run.status("prefix-only.json") == "pass")
    #expect(run.status("pass-multibyte.json") == "pass")
    #expect(run.count("timeout") == 1)
    #expect(run.count("crash") == 1)
    #expect(run.count("passing") == 4)
    // The timed-out compile counts as the limit (1 s) in TTFM.
    #expect(run.summary["ttfm_us"]?["max"]?.numberValue?.double == 1_000_000)
  }

  @Test func inProcessGivesTheSameStatuses() throws {
    let run = try MaskBenchRun.run(MaskBenchRun.fixtureFolder("regex"), ["--regex", "--in-process"])
    for (file, status) in Self.expectedStatus {
      #expect(run.status(file) == status, "\(file)")
    }
  }

  @Test func usageAndSetupErrorsExitWithTwo() throws {
    let tokenizer = MaskBenchRun.fixtureTokenizer
    let noFolder = try runStrait(["bench", "maskbench", "--tokenizer", tokenizer])
    #expect(noFolder.exitCode == 2)
    let missing = try runStrait(["bench", "maskbench", "/nonexistent-maskbench", "--tokenizer", tokenizer])
    #expect(missing.exitCode == 2)
    #expect(missing.stderr.contains("/nonexistent-maskbench"))
    let badTokenizer = try runStrait(
      ["bench", "maskbench", MaskBenchRun.fixtureFolder("regex"), "--tokenizer", "/nonexistent.json", "--quiet"])
    #expect(badTokenizer.exitCode == 2)
    #expect(badTokenizer.stderr.contains("/nonexistent.json"))
    let badLimit = try runStrait(
      ["bench", "maskbench", MaskBenchRun.fixtureFolder("regex"), "--tokenizer", tokenizer, "--time-limit", "-1"])
    #expect(badLimit.exitCode == 2)
  }

  /// Real JSON Schemas (fixtures/maskbench/schema) with instances that any correct
  /// compiler must classify right.
  @Test func schemaFixturesPass() throws {
    let run = try MaskBenchRun.run(MaskBenchRun.fixtureFolder("schema"))
    let errors = run.order.compactMap { run.files[$0]?["error"]?.stringValue }
    if run.count("compile_error") == run.count("schemas"), errors.allSatisfy({ $0.contains("not available") }) {
      print("note: the JSON Schema compiler is not in this build; skipping the schema fixtures")
      return
    }
    #expect(run.count("schemas") == 5)
    #expect(run.count("invalidation_error") == 0)
    for file in run.order {
      #expect(run.status(file) == "pass", "\(file): \(run.files[file]?["deciding_failure"] ?? .null) \(run.files[file]?["error"] ?? .null)")
    }
  }
}
