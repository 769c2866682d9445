import ArgumentParser

/// Not implemented yet: this stub is replaced by the owning module's command.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Validate JSON instances against a JSON Schema (not implemented yet)"
  )

  func run() throws {
    throw ValidationError("'validate' is not implemented yet")
  }
}
