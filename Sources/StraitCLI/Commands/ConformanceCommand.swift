import ArgumentParser

/// Not implemented yet: this stub is replaced by the owning module's command.
struct ConformanceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "conformance",
    abstract: "Run the official JSON Schema Test Suite (not implemented yet)"
  )

  func run() throws {
    throw ValidationError("'conformance' is not implemented yet")
  }
}
