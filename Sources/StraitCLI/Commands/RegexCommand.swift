import ArgumentParser

/// Not implemented yet: this stub is replaced by the owning module's command.
struct RegexCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "regex",
    abstract: "Match strings against an ECMA-262 regex or sample its language (not implemented yet)"
  )

  func run() throws {
    throw ValidationError("'regex' is not implemented yet")
  }
}
