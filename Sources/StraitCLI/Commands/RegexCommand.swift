import ArgumentParser
import Foundation
import StraitAutomata

/// `strait regex`: debug an ECMA-262 pattern with Strait's own regex → DFA compiler.
///
/// ```
/// $ strait regex '^[a-z]+@[a-z]+\.com$' --match bob@example.com --match 'Bob@x.com'
/// match     "bob@example.com"
/// no match  "Bob@x.com"
/// dfa: 14 states (12 minimal), 9 byte classes
/// $ strait regex '^\d{3}$' --sample 3 --seed 7
/// "417"
/// ...
/// ```
///
/// Exit status: 0 when every `--match` string matches (or samples were printed), 1 when some
/// string does not match (or the language is empty), 2 for a malformed or non-regular
/// pattern and for state-budget errors.
struct RegexCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "regex",
    abstract: "Match strings against an ECMA-262 regex or sample its language.",
    discussion: """
      The pattern uses JSON Schema `pattern` semantics (ECMA-262, matches anywhere in the
      string unless anchored with ^ and $); --full requires the whole string to match.
      Prints, per --match string, whether it matches; with --sample N, N random strings of
      the language as JSON strings, one per line. The DFA size (states reachable from the
      start, minimal states, byte classes) goes to stderr, or to stdout when there is
      nothing else to print.
      """
  )

  @Argument(help: "The ECMA-262 regular expression.")
  var pattern: String

  @Option(name: .customLong("match"), help: "A string to test (repeatable).")
  var matches: [String] = []

  @Option(help: "Print this many random strings of the pattern's language.")
  var sample: Int?

  @Option(help: "Seed for --sample.")
  var seed: UInt64 = 1

  @Option(help: "Longest sampled string, in bytes.")
  var maxLength: Int = 64

  @Flag(help: "Full-match semantics (the whole string must match).")
  var full = false

  @Option(help: "Most DFA states to build.")
  var budget: Int = 100_000

  func validate() throws {
    if let sample, sample < 0 { throw ValidationError("--sample must be at least 0") }
    if maxLength < 0 { throw ValidationError("--max-length must be at least 0") }
    if budget < 2 { throw ValidationError("--budget must be at least 2") }
  }

  func run() throws {
    let store = TermStore()
    let term: Term
    do {
      term = try compileRegex(pattern, mode: full ? .fullMatch : .search, store: store)
    } catch {
      throw RegexCommandError(message: "pattern error: \(error)")
    }
    let dfa: LazyDFA
    do {
      dfa = try LazyDFA(store: store, root: term, stateBudget: budget)
    } catch {
      throw RegexCommandError(message: "\(error)")
    }
    var failed = false
    var printedSomething = false
    for m in matches {
      let ok: Bool
      do {
        ok = try dfa.matches(Array(m.utf8))
      } catch {
        throw RegexCommandError(message: "\(error)")
      }
      print("\(ok ? "match   " : "no match") \(jsonString(Array(m.utf8)))")
      printedSomething = true
      if !ok { failed = true }
    }
    if let count = sample {
      var rng = SplitMix64(seed: seed)
      for _ in 0..<count {
        let s: [UInt8]?
        do {
          s = try dfa.sample(from: dfa.start, using: &rng, maxLength: maxLength)
        } catch {
          throw RegexCommandError(message: "\(error)")
        }
        guard let s else {
          let reason = dfa.isDead(dfa.start)
            ? "the pattern matches no string" : "no matching string is at most \(maxLength) bytes long"
          FileHandle.standardError.write(Data("strait: \(reason)\n".utf8))
          failed = true
          break
        }
        print(jsonString(s))
      }
      printedSomething = true
    }
    let size = sizeReport(dfa)
    if printedSomething {
      FileHandle.standardError.write(Data((size + "\n").utf8))
    } else {
      print(size)
    }
    if failed { throw ExitCode(1) }
  }

  /// "dfa: N states (M minimal), K byte classes", or a note when the DFA is too large.
  private func sizeReport(_ dfa: LazyDFA) -> String {
    do {
      let eager = try dfa.explore()
      let minimal = eager.minimized()
      return "dfa: \(eager.stateCount) states (\(minimal.stateCount) minimal), "
        + "\(dfa.byteClassCount) byte classes"
    } catch {
      return "dfa: more than \(budget) states (\(dfa.stateCount) built), "
        + "\(dfa.byteClassCount) byte classes"
    }
  }
}

/// A regex command failure, printed as "strait: <message>" with exit status 2.
struct RegexCommandError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// A JSON string literal for UTF-8 bytes (invalid sequences become U+FFFD).
private func jsonString(_ bytes: [UInt8]) -> String {
  var out = "\""
  for u in String(decoding: bytes, as: UTF8.self).unicodeScalars {
    switch u {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    case "\u{08}": out += "\\b"
    case "\u{0C}": out += "\\f"
    default:
      if u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0x2029 {
        out += String(format: "\\u%04X", u.value)
      } else {
        out.unicodeScalars.append(u)
      }
    }
  }
  return out + "\""
}

/// SplitMix64: a small seeded generator so `--seed` reproduces samples.
private struct SplitMix64: RandomNumberGenerator {
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
