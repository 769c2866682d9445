import ArgumentParser

/// Not implemented yet: this stub is replaced by the owning module's command.
struct SampleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sample",
    abstract: "Sample documents from the compiled automaton (not implemented yet)"
  )

  func run() throws {
    throw ValidationError("'sample' is not implemented yet")
  }
}
