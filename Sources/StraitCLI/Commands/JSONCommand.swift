import ArgumentParser

/// Not implemented yet: this stub is replaced by the owning module's command.
struct JSONCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "json",
    abstract: "Check that each input is JSON (not implemented yet)"
  )

  func run() throws {
    throw ValidationError("'json' is not implemented yet")
  }
}
