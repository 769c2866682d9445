import ArgumentParser

/// Not implemented yet: this stub is replaced by the owning module's command.
struct MatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "match",
    abstract: "Run documents through the compiled automaton (not implemented yet)"
  )

  func run() throws {
    throw ValidationError("'match' is not implemented yet")
  }
}
