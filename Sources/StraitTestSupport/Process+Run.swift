import Foundation

/// The result of running a command in a test.
public struct ProcessResult: Sendable {
  public var exitCode: Int32
  public var stdout: String
  public var stderr: String
}

/// Runs an executable with arguments (and optional stdin) and captures its output.
public func runProcess(
  _ executable: URL, _ arguments: [String], stdin: Data? = nil,
  currentDirectory: URL? = nil
) throws -> ProcessResult {
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  if let currentDirectory { process.currentDirectoryURL = currentDirectory }
  let out = Pipe()
  let err = Pipe()
  let input = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = input
  try process.run()
  if let stdin { input.fileHandleForWriting.write(stdin) }
  try input.fileHandleForWriting.close()
  // Read both pipes to the end before waiting, so a chatty child cannot block.
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
  return ProcessResult(
    exitCode: process.terminationStatus,
    stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs the built `strait` tool.
public func runStrait(_ arguments: [String], stdin: Data? = nil) throws -> ProcessResult {
  try runProcess(TestPaths.straitExecutable, arguments, stdin: stdin)
}
