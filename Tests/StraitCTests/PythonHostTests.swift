import Foundation
import StraitJSON
import StraitTestSupport
import Testing

/// Runs examples/python-host with real models (llama-cpp-python through ctypes) when the
/// prebuilt wheel in ../shared/wheels is present and the virtual environment can be set up;
/// skips with a note naming what is missing otherwise.
@Suite("Python host with real models (examples/python-host)", .serialized)
struct PythonHostTests {
  /// The venv's python, after scripts/python-host-setup.sh; nil (with a note) to skip.
  static func prepareEnvironment() throws -> URL? {
    guard let wheels = TestPaths.shared("wheels") else {
      print("note: skipping the real-model Python host: ../shared/wheels (the llama-cpp-python wheel) is absent")
      return nil
    }
    guard BuildProducts.libraryDirectory != nil else {
      Issue.record("\(BuildProducts.libraryName) not found next to the test bundle")
      return nil
    }
    guard let bash = BuildProducts.tool(["bash"]) else {
      print("note: skipping the real-model Python host: bash is not on PATH")
      return nil
    }
    let script = TestPaths.packageRoot.appendingPathComponent("scripts/python-host-setup.sh")
    let venv = TestPaths.packageRoot.appendingPathComponent(".venv-host")
    var environment = ProcessInfo.processInfo.environment
    environment["STRAIT_WHEELS"] = wheels.path
    let result = try runProcessWithEnvironment(bash, [script.path, venv.path], environment: environment)
    if result.exitCode == 3 {
      print("note: skipping the real-model Python host: \(result.stderr.split(separator: "\n").last ?? "setup unavailable")")
      return nil
    }
    #expect(result.exitCode == 0, "python-host-setup.sh failed:\n\(result.stderr)")
    return result.exitCode == 0 ? venv.appendingPathComponent("bin/python") : nil
  }

  /// Runs host.py and returns its JSON report.
  static func runHost(_ python: URL, _ arguments: [String]) throws -> (HostProcessResult, JSONValue?) {
    let dir = try BuildProducts.temporaryDirectory("python-host")
    defer { try? FileManager.default.removeItem(at: dir) }
    let report = dir.appendingPathComponent("report.json")
    var environment = ProcessInfo.processInfo.environment
    if let lib = BuildProducts.libraryDirectory {
      environment["STRAIT_LIB"] = lib.appendingPathComponent(BuildProducts.libraryName).path
    }
    let host = TestPaths.packageRoot.appendingPathComponent("examples/python-host/host.py")
    let result = try runProcessWithEnvironment(
      python,
      [host.path, "--strait", TestPaths.straitExecutable.path, "--json-report", report.path] + arguments,
      environment: environment)
    print(result.stdout)
    let value = (try? Data(contentsOf: report)).flatMap { try? JSONParser.parse(String(decoding: $0, as: UTF8.self)) }
    return (result, value)
  }

  /// Gemma 3 270M (262k SentencePiece vocabulary): the three schemas, each output parsed,
  /// validated twice, every token allowed by its mask; and an unconstrained baseline.
  @Test func gemmaGeneratesValidRecords() throws {
    guard let python = try Self.prepareEnvironment() else { return }
    let (result, report) = try Self.runHost(
      python,
      ["--model", "gemma", "--baseline", "--baseline-tokens", "32", "--max-tokens", "160"])
    #expect(result.exitCode == 0, "host.py failed:\n\(result.stdout)\n\(result.stderr)")
    try Self.checkReport(report, schemas: 3)
  }

  /// SmolLM2 135M (49k byte-level BPE, chat template), one schema, seeded sampling.
  @Test func smolLMGeneratesValidRecords() throws {
    guard let python = try Self.prepareEnvironment() else { return }
    let (result, report) = try Self.runHost(
      python,
      ["--model", "smollm2", "--schema", "ticket-classification", "--schema", "order-nested-arrays",
       "--temperature", "0.7", "--seed", "5", "--overlap", "--max-tokens", "300"])
    #expect(result.exitCode == 0, "host.py failed:\n\(result.stdout)\n\(result.stderr)")
    try Self.checkReport(report, schemas: 2)
  }

  static func checkReport(_ report: JSONValue?, schemas: Int) throws {
    let runs = try #require(report?["runs"]?.arrayValue)
    let constrained = runs.filter { $0["constrained"] == .bool(true) }
    #expect(constrained.count == schemas)
    for run in constrained {
      let name = run["schema"]?.stringValue ?? "?"
      #expect(run["terminated"] == .bool(true), "\(name) did not terminate")
      #expect(run["parses"] == .bool(true), "\(name) does not parse")
      #expect(run["jsonschema_valid"] == .bool(true), "\(name) fails jsonschema")
      #expect(run["strait_valid"] == .bool(true), "\(name) fails strait validate")
      #expect(run["mask_violations"]?.numberValue?.int64 == 0, "\(name) emitted a masked token")
      // The text the host printed is what the project's validator accepts, again here.
      let text = try #require(run["text"]?.stringValue)
      #expect(try CHostTests.validate(text, schema: name), "\(name): \(text)")
    }
  }
}

/// What a child process printed.
struct HostProcessResult {
  var exitCode: Int32
  var stdout: String
  var stderr: String
}

/// Runs a process with an explicit environment and no standard input.
func runProcessWithEnvironment(
  _ executable: URL, _ arguments: [String], environment: [String: String]
) throws -> HostProcessResult {
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  process.environment = environment
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let group = DispatchGroup()
  nonisolated(unsafe) var errData = Data()
  group.enter()
  DispatchQueue.global().async {
    errData = err.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  group.wait()
  process.waitUntilExit()
  return HostProcessResult(
    exitCode: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self))
}
