import StraitJSON

/// How a MaskBench file ended (the protocol's file classification, plus the states a
/// harness needs that the published table folds into its own rows).
enum MaskBenchStatus: String, CaseIterable, Sendable {
  /// Compiled, and every test was correct.
  case pass
  /// The engine rejected the schema.
  case compileError = "compile_error"
  /// The last failing test was a valid instance refused (or an engine exception).
  case validationError = "validation_error"
  /// The last failing test was an invalid instance accepted.
  case invalidationError = "invalidation_error"
  /// Compiling, or the whole file, took longer than the time limit.
  case timeout
  /// The worker process died on this file (signal, out of memory).
  case crash
  /// The file could not be read as a MaskBench file (not JSON, no schema, ...).
  case inputError = "input_error"

  /// The row label in the summary table.
  var label: String {
    switch self {
    case .pass: "passing"
    case .compileError: "compile error"
    case .validationError: "validation error"
    case .invalidationError: "invalidation error"
    case .timeout: "timeout"
    case .crash: "crash"
    case .inputError: "input error"
    }
  }
}

/// Why one test of a file was not correct.
struct MaskBenchTestFailure: Sendable {
  /// What went wrong, in MaskBench's words.
  enum Kind: String, Sendable {
    /// A valid instance was rejected at some token.
    case shouldAccept = "should accept but didn't"
    /// An invalid instance was accepted to its last token.
    case shouldReject = "should reject but didn't"
    /// The engine threw (or contradicted itself) while masking or committing.
    case exception = "EXN"
  }

  /// Index of the test in the file's `tests`.
  var test: Int
  /// The test's description.
  var description: String
  var kind: Kind
  /// Position of the token where the instance was rejected or the exception occurred.
  var tokenIndex: Int?
  /// That token's id.
  var token: Int?
  /// The exception's message (for ``Kind/exception``).
  var message: String?

  var json: JSONValue {
    var object: JSONObject = [
      "test": .number(JSONNumber(test)), "description": .string(description),
      "kind": .string(kind.rawValue),
    ]
    if let tokenIndex { object["token_index"] = .number(JSONNumber(tokenIndex)) }
    if let token { object["token"] = .number(JSONNumber(token)) }
    if let message { object["message"] = .string(message) }
    return .object(object)
  }

  init(test: Int, description: String, kind: Kind, tokenIndex: Int? = nil, token: Int? = nil, message: String? = nil) {
    self.test = test
    self.description = description
    self.kind = kind
    self.tokenIndex = tokenIndex
    self.token = token
    self.message = message
  }

  init?(json: JSONValue?) {
    guard let json, let test = json["test"]?.numberValue?.int64,
      let kind = json["kind"]?.stringValue.flatMap(Kind.init(rawValue:))
    else { return nil }
    self.test = Int(test)
    self.kind = kind
    description = json["description"]?.stringValue ?? ""
    tokenIndex = json["token_index"]?.numberValue?.int64.map { Int($0) }
    token = json["token"]?.numberValue?.int64.map { Int($0) }
    message = json["message"]?.stringValue
  }
}

/// Memory held by one compiled grammar after its tests ran (``TokenAutomaton/statistics``).
struct MaskBenchMemory: Sendable {
  var dfaStates: Int
  var statesWithMasks: Int
  var distinctMasks: Int
  var maskBytes: Int
}

/// What one file produced: its status, its times, its tests' outcomes.
///
/// Serialized as one line of the `--out` JSONL file; the worker process sends it to
/// the parent in the same form.
struct MaskBenchFileResult: Sendable {
  /// The file's name (basename).
  var file: String
  var status: MaskBenchStatus
  /// Compile + first mask, wall time (nil when the file did not compile in time).
  var ttfmNanoseconds: UInt64?
  /// Compile + first mask, process CPU time.
  var ttfmCPUNanoseconds: UInt64?
  /// The compile call alone (no matcher, no mask), wall time.
  var compileNanoseconds: UInt64?
  var testCount = 0
  var testsPassed = 0
  var testsFailed = 0
  /// TBM samples taken (tokens masked and checked).
  var tokens = 0
  /// The sum and the largest of the file's TBM samples (to find the files behind the tail).
  var tbmTotalNanoseconds: UInt64 = 0
  var tbmMaxNanoseconds: UInt64 = 0
  /// The first failing test (the one a person looks at first).
  var firstFailure: MaskBenchTestFailure?
  /// The last failing test (the one that decides the status).
  var decidingFailure: MaskBenchTestFailure?
  /// The compile error, input error, timeout or crash message.
  var error: String?
  var memory: MaskBenchMemory?
  /// Wall and process CPU time of the measured work (compile + every token loop).
  var measuredWallNanoseconds: UInt64 = 0
  var measuredCPUNanoseconds: UInt64 = 0
  /// Wall time the parent waited for the file (set by the parent).
  var fileNanoseconds: UInt64?

  init(file: String, status: MaskBenchStatus, error: String? = nil) {
    self.file = file
    self.status = status
    self.error = error
  }

  /// Adds one test's TBM samples to ``tokens``, ``tbmTotalNanoseconds`` and ``tbmMaxNanoseconds``.
  mutating func addSamples(_ samples: [UInt64]) {
    tokens += samples.count
    for s in samples {
      tbmTotalNanoseconds &+= s
      tbmMaxNanoseconds = max(tbmMaxNanoseconds, s)
    }
  }

  /// Sets ``status`` from the failures, by MaskBench's rule: the last failing test decides.
  mutating func classify(failures: [MaskBenchTestFailure]) {
    testsFailed = failures.count
    testsPassed = testCount - failures.count
    firstFailure = failures.first
    decidingFailure = failures.last
    switch failures.last?.kind {
    case nil: status = .pass
    case .shouldReject: status = .invalidationError
    case .shouldAccept, .exception: status = .validationError
    }
  }

  var json: JSONValue {
    var object: JSONObject = ["file": .string(file), "status": .string(status.rawValue)]
    object["ttfm_us"] = microseconds(ttfmNanoseconds)
    object["ttfm_cpu_us"] = microseconds(ttfmCPUNanoseconds)
    object["compile_us"] = microseconds(compileNanoseconds)
    object["tests"] = .number(JSONNumber(testCount))
    object["tests_passed"] = .number(JSONNumber(testsPassed))
    object["tests_failed"] = .number(JSONNumber(testsFailed))
    object["tokens"] = .number(JSONNumber(tokens))
    object["tbm_total_us"] = microseconds(tbmTotalNanoseconds)
    object["tbm_max_us"] = microseconds(tbmMaxNanoseconds)
    object["first_failure"] = firstFailure?.json ?? .null
    object["deciding_failure"] = decidingFailure?.json ?? .null
    object["error"] = error.map { .string($0) } ?? .null
    if let memory {
      object["memory"] = .object([
        "dfa_states": .number(JSONNumber(memory.dfaStates)),
        "states_with_masks": .number(JSONNumber(memory.statesWithMasks)),
        "distinct_masks": .number(JSONNumber(memory.distinctMasks)),
        "mask_bytes": .number(JSONNumber(memory.maskBytes)),
      ])
    } else {
      object["memory"] = .null
    }
    object["measured_wall_us"] = microseconds(measuredWallNanoseconds)
    object["measured_cpu_us"] = microseconds(measuredCPUNanoseconds)
    object["file_ms"] = fileNanoseconds.map { .number(JSONNumber(Double($0) / 1e6) ?? JSONNumber(0)) } ?? .null
    return .object(object)
  }

  /// Reads a result back from ``json`` (the worker-to-parent direction).
  init?(json: JSONValue) {
    guard let file = json["file"]?.stringValue,
      let status = json["status"]?.stringValue.flatMap(MaskBenchStatus.init(rawValue:))
    else { return nil }
    self.file = file
    self.status = status
    ttfmNanoseconds = Self.nanoseconds(json["ttfm_us"])
    ttfmCPUNanoseconds = Self.nanoseconds(json["ttfm_cpu_us"])
    compileNanoseconds = Self.nanoseconds(json["compile_us"])
    testCount = Self.int(json["tests"])
    testsPassed = Self.int(json["tests_passed"])
    testsFailed = Self.int(json["tests_failed"])
    tokens = Self.int(json["tokens"])
    tbmTotalNanoseconds = Self.nanoseconds(json["tbm_total_us"]) ?? 0
    tbmMaxNanoseconds = Self.nanoseconds(json["tbm_max_us"]) ?? 0
    firstFailure = MaskBenchTestFailure(json: json["first_failure"])
    decidingFailure = MaskBenchTestFailure(json: json["deciding_failure"])
    error = json["error"]?.stringValue
    if let m = json["memory"], m.objectValue != nil {
      memory = MaskBenchMemory(
        dfaStates: Self.int(m["dfa_states"]), statesWithMasks: Self.int(m["states_with_masks"]),
        distinctMasks: Self.int(m["distinct_masks"]), maskBytes: Self.int(m["mask_bytes"]))
    }
    measuredWallNanoseconds = Self.nanoseconds(json["measured_wall_us"]) ?? 0
    measuredCPUNanoseconds = Self.nanoseconds(json["measured_cpu_us"]) ?? 0
  }

  private func microseconds(_ ns: UInt64?) -> JSONValue {
    guard let ns else { return .null }
    // Three decimals: nanosecond resolution, as the clock gives it.
    return .number(JSONNumber(text: String(ns / 1000) + "." + String(1000 + ns % 1000).dropFirst()) ?? JSONNumber(0))
  }

  private static func nanoseconds(_ value: JSONValue?) -> UInt64? {
    guard let number = value?.numberValue else { return nil }
    let us = number.double
    guard us.isFinite, us >= 0 else { return nil }
    return UInt64((us * 1000).rounded())
  }

  private static func int(_ value: JSONValue?) -> Int {
    value?.numberValue?.int64.map { Int($0) } ?? 0
  }
}
