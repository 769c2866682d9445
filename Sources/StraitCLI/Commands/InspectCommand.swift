import ArgumentParser

/// Not implemented yet: this stub is replaced by the owning module's command.
struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "List which schema keywords are enforced (not implemented yet)"
  )

  func run() throws {
    throw ValidationError("'inspect' is not implemented yet")
  }
}
