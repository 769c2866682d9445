import ArgumentParser

/// Not implemented yet: this stub is replaced by the owning module's command.
struct TokenizerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tokenizer",
    abstract: "Inspect a tokenizer file (not implemented yet)"
  )

  func run() throws {
    throw ValidationError("'tokenizer' is not implemented yet")
  }
}
