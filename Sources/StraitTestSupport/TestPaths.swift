import Foundation

/// Where tests find the project's fixtures and the shared third-party data.
///
/// `../shared` (beside the repository) holds the conformance suites, MaskBench and the
/// real tokenizers. It is optional: suites that need it call ``shared(_:)`` and skip
/// with a message naming what is missing. Set `STRAIT_SHARED` to point elsewhere.
public enum TestPaths {
  /// The package root (the folder holding `Package.swift`).
  public static let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        return url
      }
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  }()

  /// `fixtures/` inside the repository; always present.
  public static var fixtures: URL { packageRoot.appendingPathComponent("fixtures") }

  /// `schemas/` inside the repository; always present.
  public static var schemas: URL { packageRoot.appendingPathComponent("schemas") }

  /// The shared data folder, or nil when it is absent.
  public static let sharedRoot: URL? = {
    if let env = ProcessInfo.processInfo.environment["STRAIT_SHARED"] {
      return URL(fileURLWithPath: env)
    }
    let candidate = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      return candidate
    }
    return nil
  }()

  /// A path inside the shared data folder, or nil (with a note on stderr) when absent.
  public static func shared(_ relativePath: String) -> URL? {
    guard let root = sharedRoot else {
      FileHandle.standardError.write(
        Data("note: ../shared is absent; skipping suites that need \(relativePath)\n".utf8))
      return nil
    }
    let url = root.appendingPathComponent(relativePath)
    guard FileManager.default.fileExists(atPath: url.path) else {
      FileHandle.standardError.write(Data("note: \(url.path) is absent; skipping\n".utf8))
      return nil
    }
    return url
  }

  /// The built `strait` executable, next to the test bundle.
  public static var straitExecutable: URL {
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var dir = runner.deletingLastPathComponent()
    // On Linux the runner is `<build>/straitPackageTests.xctest`; on Darwin it is inside a bundle.
    while dir.path != "/" {
      let candidate = dir.appendingPathComponent("strait")
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        return candidate
      }
      dir.deleteLastPathComponent()
    }
    return runner.deletingLastPathComponent().appendingPathComponent("strait")
  }
}
