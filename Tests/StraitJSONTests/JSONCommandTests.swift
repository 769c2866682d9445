import Foundation
import StraitTestSupport
import Testing

/// End-to-end tests of `strait json`: exit codes 0/1/2, the exact error format, and each
/// bad input of the foundation issue, on files written to a temporary directory.
@Suite struct JSONCommandTests {
  /// A fresh temporary directory for one test's files.
  final class Scratch {
    let directory: URL

    init() throws {
      directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("strait-json-tests-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `bytes` to `name` and returns its path.
    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
      let url = directory.appendingPathComponent(name)
      try Data(bytes).write(to: url)
      return url.path
    }

    func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }
  }

  /// Runs `strait json` with `arguments`; nil (with a note) when the tool is not built.
  private func run(_ arguments: [String], stdin: Data? = nil) throws -> ProcessResult? {
    guard FileManager.default.isExecutableFile(atPath: TestPaths.straitExecutable.path) else {
      print("note: \(TestPaths.straitExecutable.path) is not built; skipping")
      return nil
    }
    return try runStrait(["json"] + arguments, stdin: stdin)
  }

  @Test func validFilesExitZero() throws {
    let scratch = try Scratch()
    let a = try scratch.file("a.json", #"{"a": [1, 2.5e3, "x", true, null]}"#)
    let b = try scratch.file("b.json", " 42 \n")
    guard let result = try run([a, b]) else { return }
    #expect(result.exitCode == 0)
    #expect(result.stdout == "\(a): ok\n\(b): ok\n")
    #expect(result.stderr.isEmpty)
    let quiet = try run(["--quiet", a, b])
    #expect(quiet?.exitCode == 0)
    #expect(quiet?.stdout.isEmpty == true)
  }

  @Test func invalidFileExitsOneWithExactMessage() throws {
    let scratch = try Scratch()
    let bad = try scratch.file("bad.json", "{\n  \"a\": 1,\n  \"b\": ]\n}")
    guard let result = try run([bad]) else { return }
    #expect(result.exitCode == 1)
    #expect(result.stderr == "\(bad):3:8 (byte 19): unexpected ']': expected a value\n")
    #expect(result.stdout.isEmpty)
  }

  /// Each bad input of the issue: exit 1 and `file:line:column (byte N): message`.
  @Test(arguments: [
    ("empty", [], "1:1 (byte 0): empty input: expected a JSON value"),
    ("bom", [0xEF, 0xBB, 0xBF, 0x7B, 0x7D], "1:1 (byte 0): a UTF-8 byte order mark is not allowed (RFC 8259 §8.1)"),
    ("truncated", Array(#"{"a": [1, 2"#.utf8), "1:12 (byte 11): unexpected end of input: expected ',' or ']' in an array"),
    ("utf8", [0x5B, 0x22, 0x61, 0xC0, 0xAF, 0x22, 0x5D], "1:4 (byte 3): invalid UTF-8 byte 0xC0"),
    ("nul", [0x5B, 0x31, 0x00, 0x5D], "1:3 (byte 2): unexpected byte 0x00: expected ',' or ']' after an array element"),
    ("nul-in-string", [0x22, 0x61, 0x00, 0x22], "1:3 (byte 2): control character U+0000 must be escaped in a string"),
  ] as [(String, [UInt8], String)])
  func badInputExitsOne(name: String, bytes: [UInt8], message: String) throws {
    let scratch = try Scratch()
    let path = try scratch.file(name + ".json", bytes)
    guard let result = try run([path]) else { return }
    #expect(result.exitCode == 1)
    #expect(result.stderr == "\(path):\(message)\n")
  }

  @Test func byteOrderMarkIsAcceptedOnRequest() throws {
    let scratch = try Scratch()
    let path = try scratch.file("bom.json", [0xEF, 0xBB, 0xBF, 0x5B, 0x5D])
    #expect(try run(["--allow-bom", path])?.exitCode == 0)
  }

  @Test func aMillionNestedArrays() throws {
    let scratch = try Scratch()
    let depth = 1_000_000
    let path = try scratch.file(
      "deep.json",
      [UInt8](repeating: UInt8(ascii: "["), count: depth) + [UInt8](repeating: UInt8(ascii: "]"), count: depth))
    guard let result = try run([path]) else { return }
    #expect(result.exitCode == 1)
    #expect(result.stderr == "\(path):1:513 (byte 512): nesting deeper than 512 levels\n")
    // The checker keeps no tree, so even this depth is fine when allowed.
    #expect(try run(["--max-depth", "2000000", path])?.exitCode == 0)
  }

  @Test func missingPathAndDirectoryExitTwoNamingThePath() throws {
    let scratch = try Scratch()
    let missing = scratch.directory.appendingPathComponent("nope.json").path
    guard let result = try run([missing]) else { return }
    #expect(result.exitCode == 2)
    #expect(result.stderr == "strait: cannot read '\(missing)': no such file or directory\n")
    let directory = try run([scratch.directory.path])
    #expect(directory?.exitCode == 2)
    #expect(directory?.stderr == "strait: cannot read '\(scratch.directory.path)': is a directory\n")
  }

  @Test func unreadableFileExitsTwo() throws {
    guard geteuid() != 0 else {
      print("note: running as root, file permissions are not enforced; skipping")
      return
    }
    let scratch = try Scratch()
    let path = try scratch.file("secret.json", "{}")
    try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
    let result = try run([path])
    #expect(result?.exitCode == 2)
    #expect(result?.stderr == "strait: cannot read '\(path)': permission denied\n")
  }

  @Test func ioErrorsWinOverInvalidInputAndEveryFileIsChecked() throws {
    let scratch = try Scratch()
    let good = try scratch.file("good.json", "[]")
    let bad = try scratch.file("bad.json", "[")
    let missing = scratch.directory.appendingPathComponent("missing.json").path
    guard let result = try run([bad, missing, good]) else { return }
    #expect(result.exitCode == 2)
    #expect(result.stdout == "\(good): ok\n")
    #expect(result.stderr.contains("\(bad):1:2 (byte 1): "))
    #expect(result.stderr.contains("cannot read '\(missing)'"))
    #expect(try run([good, bad])?.exitCode == 1)
  }

  @Test func standardInput() throws {
    guard let ok = try run(["--stdin"], stdin: Data(#"{"a": 1}"#.utf8)) else { return }
    #expect(ok.exitCode == 0)
    #expect(ok.stdout == "<stdin>: ok\n")
    let bad = try run(["-"], stdin: Data("[1,]".utf8))
    #expect(bad?.exitCode == 1)
    #expect(bad?.stderr == "<stdin>:1:4 (byte 3): unexpected ']': expected a value\n")
    let empty = try run(["--stdin"], stdin: Data())
    #expect(empty?.exitCode == 1)
  }

  @Test func duplicateKeys() throws {
    let scratch = try Scratch()
    let path = try scratch.file("dup.json", #"{"a": 1, "a": 2}"#)
    guard let warned = try run([path]) else { return }
    #expect(warned.exitCode == 0)
    #expect(warned.stderr == "\(path):1:10 (byte 9): warning: duplicate member name \"a\" (the last one wins)\n")
    let quiet = try run(["-q", path])
    #expect(quiet?.stderr.isEmpty == true)
    let rejected = try run(["--reject-duplicate-keys", path])
    #expect(rejected?.exitCode == 1)
    #expect(rejected?.stderr == "\(path):1:10 (byte 9): duplicate member name \"a\"\n")
  }

  @Test func usageErrorsExitTwo() throws {
    guard let none = try run([]) else { return }
    #expect(none.exitCode == 2)
    #expect(none.stderr.contains("give at least one FILE, or --stdin"))
    let scratch = try Scratch()
    let path = try scratch.file("x.json", "[]")
    #expect(try run(["--max-depth", "0", path])?.exitCode == 2)
    #expect(try run(["--no-such-option", path])?.exitCode == 2)
    let help = try run(["--help"])
    #expect(help?.exitCode == 0)
    #expect(help?.stdout.contains("--reject-duplicate-keys") == true)
    #expect(help?.stdout.contains("--bench") == false)
  }
}
