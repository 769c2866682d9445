import ArgumentParser
import Foundation
import StraitCompiler
import StraitJSON

/// `strait sample SCHEMA [--count N] [--seed S] [--json]`
///
/// Prints documents drawn by a random walk through the compiled automaton (uniform over
/// the allowed next bytes, biased to finish): one per line (the text as generated; a
/// document may itself contain newlines where whitespace is allowed), or with `--json`
/// one JSON array of the exact generated texts. A model-free demonstration that every
/// path through the automaton yields a valid document.
struct SampleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sample",
    abstract: "Print random documents from the automaton compiled from a schema."
  )

  @Argument(help: "The JSON Schema file.")
  var schema: String

  @Option(name: .long, help: "How many documents (default 5).")
  var count: Int = 5

  @Option(name: .long, help: "Random seed (default 0).")
  var seed: UInt64 = 0

  @Flag(name: .long, help: "Print one JSON array of the generated texts.")
  var json = false

  @Option(name: .long, help: "Length after which a walk heads for the nearest end (default 256).")
  var softLength: Int = 256

  @OptionGroup var grammarOptions: SchemaCompileOptions

  func run() throws {
    guard count >= 0 else { throw ValidationError("--count must be at least 0") }
    let grammar = try grammarOptions.compile(schema)
    let sampler = GrammarSampler(grammar: grammar, softLength: softLength)
    var rng = SampleRandom(seed: seed)
    var texts: [String] = []
    for _ in 0..<count {
      do {
        texts.append(String(decoding: try sampler.sample(using: &rng), as: UTF8.self))
      } catch {
        throw GrammarCommandError("\(schema): \(error)")
      }
    }
    if json {
      print(JSONSerializer.serialize(.array(texts.map { .string($0) })))
    } else {
      for t in texts { print(t) }
    }
  }
}

/// SplitMix64: a small seeded generator, so `--seed` reproduces the output.
private struct SampleRandom: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z &>> 31)
  }
}
