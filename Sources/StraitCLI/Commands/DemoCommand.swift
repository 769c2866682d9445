import ArgumentParser

/// Not implemented yet: this stub is replaced by the owning module's command.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Constrained generation demo on a built-in schema and tokenizer (not implemented yet)"
  )

  func run() throws {
    throw ValidationError("'demo' is not implemented yet")
  }
}
