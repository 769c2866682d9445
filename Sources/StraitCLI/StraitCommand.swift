import ArgumentParser
import Foundation

/// The `strait` command-line tool.
///
/// Exit codes are a contract that scripts depend on:
/// - 0: success (every input valid / accepted / parsed);
/// - 1: the inputs were read and at least one is invalid or rejected;
/// - 2: usage, schema or I/O error (the message on stderr says which).
struct StraitCommand: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "strait",
    abstract: "Structured-output constrained decoding: compile JSON Schema to token masks.",
    discussion: """
      Strait compiles a JSON Schema (or a regex) into a token-level automaton for a
      tokenizer, fills the bitmask of allowed next tokens at every step, and applies it
      to logits with SIMD kernels. It also validates JSON against JSON Schema.
      """,
    version: version,
    subcommands: [
      DemoCommand.self,
      JSONCommand.self,
      ValidateCommand.self,
      ConformanceCommand.self,
      RegexCommand.self,
      InspectCommand.self,
      MatchCommand.self,
      SampleCommand.self,
      CompileCommand.self,
      TokenizerCommand.self,
      BenchCommand.self,
    ]
  )
}

/// Runs the command tree and maps errors onto Strait's exit-code contract.
@main
enum StraitMain {
  static func main() {
    do {
      var command = try StraitCommand.parseAsRoot()
      try command.run()
    } catch let exit as ExitCode {
      Foundation.exit(exit.rawValue)
    } catch {
      let code = StraitCommand.exitCode(for: error)
      if code == .success {
        // --help, --version: ArgumentParser prints and exits 0.
        StraitCommand.exit(withError: error)
      }
      var message = StraitCommand.fullMessage(for: error)
      // ArgumentParser prefixes "Error: "; the program name already says it is one.
      if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
      FileHandle.standardError.write(Data(("strait: " + message + "\n").utf8))
      // Usage errors (EX_USAGE) and every uncaught error (schema, I/O) are 2.
      Foundation.exit(2)
    }
  }
}
