import Foundation
import StraitJSON
import StraitSchema

/// Runs the compiler against MaskBench and the official JSON Schema suite, with the
/// project's validator as the oracle (used by the tests and `strait inspect --maskbench` /
/// `--suite`).
public enum CompilerEvaluation {
  /// Counts from a MaskBench run.
  public struct MaskBenchReport: Sendable {
    public var schemas = 0
    public var compiled = 0
    public var compileErrors: [String: Int] = [:]
    /// Schemas the validator cannot compile (excluded from the instance counts).
    public var validatorErrors = 0
    public var valid = 0
    public var validAccepted = 0
    /// Valid instances rejected only because of the documented rules (member order,
    /// number spelling): their canonical form is accepted.
    public var validRejectedByRule = 0
    /// Valid instances rejected because of the depth limits: accepted with
    /// `maxNestingDepth` and `maxRecursionDepth` raised to 8, as written or (when the
    /// member-order rule is needed too) in their canonical form.
    public var validRejectedByDepth = 0
    /// Valid instances rejected for another reason (approximations, bugs).
    public var validRejected = 0
    /// Instances labelled valid that the validator finds invalid (not counted above).
    public var validLabelDisagreements = 0
    public var invalid = 0
    public var invalidRejected = 0
    /// Invalid instances accepted: a soundness failure (must be 0).
    public var invalidAccepted = 0
    /// Instances labelled invalid that the validator finds valid (not counted above).
    public var invalidLabelDisagreements = 0
    public var samples = 0
    public var samplesValid = 0
    /// Sampled documents the validator rejects: a soundness failure (must be 0).
    public var samplesInvalid = 0
    /// Sampled documents the automaton itself rejects: a sampler bug (must be 0).
    public var samplesOutsideAutomaton = 0
    /// Sampled documents with a repeated member name (outside the contract).
    public var samplesDuplicateKeys = 0
    /// Schemas whose sampling hit the state budget.
    public var samplingErrors = 0
    /// One line per failure, for diagnosis.
    public var failures: [String] = []

    public var summary: String {
      var s = "maskbench: \(compiled)/\(schemas) schemas compile in strict mode"
      s += String(format: " (%.1f%%)", 100 * Double(compiled) / Double(max(schemas, 1)))
      s += "\n  valid instances: \(valid): accepted \(validAccepted), rejected by the order/number rules "
      s += "\(validRejectedByRule), by the depth limits \(validRejectedByDepth), rejected otherwise \(validRejected) (label disagreements with the validator: \(validLabelDisagreements))"
      s += "\n  invalid instances: \(invalid): rejected \(invalidRejected), ACCEPTED \(invalidAccepted) "
      s += "(label disagreements: \(invalidLabelDisagreements))"
      s += "\n  samples: \(samples): valid \(samplesValid), INVALID \(samplesInvalid), duplicate keys "
      s += "\(samplesDuplicateKeys), schemas with sampling budget errors \(samplingErrors), "
      s += "not accepted by the automaton \(samplesOutsideAutomaton)"
      s += "\n  validator could not compile \(validatorErrors) schemas"
      return s
    }
  }

  /// Runs MaskBench files of `directory`.
  ///
  /// - Parameters:
  ///   - directory: the MaskBench folder (one JSON file per schema with `tests`).
  ///   - stride: use every `stride`-th file in sorted order (1: all).
  ///   - options: compile options (strict by default).
  ///   - samplesPerSchema: documents sampled per compiled schema.
  ///   - seed: the sampling seed.
  public static func maskbench(
    directory: String, stride: Int = 1, offset: Int = 0, options: CompileOptions = .default,
    samplesPerSchema: Int = 20, seed: UInt64 = 1, progress: ((Int, String) -> Void)? = nil
  ) -> MaskBenchReport {
    var r = MaskBenchReport()
    let fm = FileManager.default
    let names = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    var rng = EvaluationRandom(seed: seed)
    for (i, name) in names.enumerated() where i % max(stride, 1) == offset % max(stride, 1) {
      progress?(i, name)
      guard let data = fm.contents(atPath: directory + "/" + name),
        let file = try? JSONParser.parse(Array(data)), let schema = file["schema"]
      else { continue }
      r.schemas += 1
      let grammar: CompiledGrammar
      do {
        grammar = try SchemaCompiler.compile(schema: schema, options: options)
      } catch {
        r.compileErrors["\(error.kind) \(error.keyword ?? "-")", default: 0] += 1
        continue
      }
      r.compiled += 1
      let validator = try? JSONSchema(json: schema, options: JSONSchema.Options(assertFormat: true))
      var deepOptions = options
      deepOptions.maxNestingDepth = max(options.maxNestingDepth, 8)
      deepOptions.maxRecursionDepth = max(options.maxRecursionDepth, 8)
      var deep: DeepGrammar = .notBuilt
      if validator == nil { r.validatorErrors += 1 }
      for test in file["tests"]?.arrayValue ?? [] {
        guard let text = test["text"]?.stringValue, let label = test["valid"]?.boolValue else { continue }
        let bytes = Array(text.utf8)
        guard let result = try? grammar.match(bytes) else {
          r.failures.append("\(name): state budget while matching")
          continue
        }
        let value = try? JSONParser.parse(bytes)
        // nil also when the validator cannot decide (a pattern hit PCRE2's match limit).
        let oracle = value.flatMap { v in try? validator?.check(v) }
        if label {
          if oracle == false {
            r.validLabelDisagreements += 1
            continue
          }
          r.valid += 1
          // The instance in the documented member order and number form, when it differs.
          let canonical = value.flatMap { v in
            (try? SchemaCompiler.canonicalForm(of: v, schema: schema, options: options)).map {
              JSONSerializer.serializeBytes($0, style: .python)
            }
          }
          if result.accepted {
            r.validAccepted += 1
          } else if let canonical, (try? grammar.match(canonical))?.accepted == true {
            r.validRejectedByRule += 1
          } else if acceptsWithDeeperLimits(bytes, schema, deepOptions, &deep)
            || canonical.map({ acceptsWithDeeperLimits($0, schema, deepOptions, &deep) }) == true
            || value.map({ acceptsWithInstanceDepth(bytes, canonical, $0, schema, deepOptions) }) == true
          {
            // Past a depth limit (after reordering, when that is needed too).
            r.validRejectedByDepth += 1
          } else {
            r.validRejected += 1
            r.failures.append("\(name): valid instance rejected at byte \(result.rejectedAt ?? -1): \(text.prefix(300))")
          }
        } else {
          if oracle == true {
            r.invalidLabelDisagreements += 1
            continue
          }
          r.invalid += 1
          if result.accepted {
            r.invalidAccepted += 1
            r.failures.append("\(name): INVALID instance accepted: \(text.prefix(300))")
          } else {
            r.invalidRejected += 1
          }
        }
      }
      guard let validator, samplesPerSchema > 0 else { continue }
      let sampler = GrammarSampler(grammar: grammar, softLength: 200, searchLimit: 20_000)
      for _ in 0..<samplesPerSchema {
        guard let doc = try? sampler.sample(using: &rng) else {
          r.samplingErrors += 1
          break
        }
        r.samples += 1
        // The sampler's contract: every document it draws is accepted by the automaton.
        if (try? grammar.match(doc))?.accepted != true {
          r.samplesOutsideAutomaton += 1
          r.failures.append("\(name): sample NOT ACCEPTED by the automaton: \(String(decoding: doc.prefix(300), as: UTF8.self))")
        }
        var parseOptions = JSONParser.Options()
        parseOptions.duplicateKeys = .reject
        guard let value = try? JSONParser.parse(doc, options: parseOptions) else {
          if (try? JSONParser.parse(doc)) != nil {
            r.samplesDuplicateKeys += 1
          } else {
            r.samplesInvalid += 1
            r.failures.append("\(name): sample is not JSON: \(String(decoding: doc.prefix(300), as: UTF8.self))")
          }
          continue
        }
        guard let valid = try? validator.check(value) else {
          r.failures.append("\(name): the validator could not decide a sample: \(String(decoding: doc.prefix(300), as: UTF8.self))")
          continue
        }
        if valid {
          r.samplesValid += 1
        } else {
          r.samplesInvalid += 1
          r.failures.append("\(name): INVALID sample: \(String(decoding: doc.prefix(300), as: UTF8.self))")
        }
      }
    }
    return r
  }
}

/// The grammar compiled with raised depth limits, built on first need.
enum DeepGrammar {
  case notBuilt
  case failed
  case built(CompiledGrammar)
}

/// Whether the grammar compiled with raised depth limits accepts `bytes`.
func acceptsWithDeeperLimits(
  _ bytes: [UInt8], _ schema: JSONValue, _ options: CompileOptions, _ deep: inout DeepGrammar
) -> Bool {
  if case .notBuilt = deep {
    if let g = try? SchemaCompiler.compile(schema: schema, options: options) {
      deep = .built(g)
    } else {
      deep = .failed
    }
  }
  guard case .built(let g) = deep, let r = try? g.match(bytes) else { return false }
  return r.accepted
}

/// Whether the grammar compiled with both depth limits raised to the nesting depth of
/// `value` (when that is deeper than `options` already allow) accepts `bytes` or, when
/// given, their canonical form `canonical`.
///
/// A document nested deeper than the fixed raised limits (8) is still rejected only by a
/// depth limit when a grammar as deep as the document accepts it. Built per document, so
/// only for valid documents that every other explanation has failed.
func acceptsWithInstanceDepth(
  _ bytes: [UInt8], _ canonical: [UInt8]?, _ value: JSONValue, _ schema: JSONValue, _ options: CompileOptions
) -> Bool {
  let depth = nestingDepth(of: value)
  guard depth > min(options.maxNestingDepth, options.maxRecursionDepth) else { return false }
  var deeper = options
  deeper.maxNestingDepth = max(options.maxNestingDepth, depth)
  deeper.maxRecursionDepth = max(options.maxRecursionDepth, depth)
  guard let grammar = try? SchemaCompiler.compile(schema: schema, options: deeper) else { return false }
  if (try? grammar.match(bytes))?.accepted == true { return true }
  guard let canonical else { return false }
  return (try? grammar.match(canonical))?.accepted == true
}

/// The number of nested arrays and objects at the deepest point of `value` (0 for a
/// scalar).
func nestingDepth(of value: JSONValue) -> Int {
  var deepest = 0
  var work: [(JSONValue, Int)] = [(value, 0)]
  while let (v, d) = work.popLast() {
    switch v {
    case .array(let items):
      deepest = max(deepest, d + 1)
      for item in items { work.append((item, d + 1)) }
    case .object(let members):
      deepest = max(deepest, d + 1)
      for member in members.values { work.append((member, d + 1)) }
    default: break
    }
  }
  return deepest
}

/// SplitMix64 for reproducible sampling.
struct EvaluationRandom: RandomNumberGenerator {
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
