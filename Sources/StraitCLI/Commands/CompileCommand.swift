import ArgumentParser

/// Not implemented yet: this stub is replaced by the owning module's command.
struct CompileCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compile",
    abstract: "Compile a schema for a tokenizer and report its size (not implemented yet)"
  )

  func run() throws {
    throw ValidationError("'compile' is not implemented yet")
  }
}
