import StraitJSON

/// Which properties and items of the current instance were evaluated by successful
/// subschemas (the annotations that `unevaluatedProperties`/`unevaluatedItems` read).
struct Annotations {
  /// The evaluated member names, compared by code points: a `Set<String>` would count
  /// `"e\u{301}"` as evaluated when only `"\u{E9}"` was.
  var properties: Set<ExactName> = []
  var allProperties = false
  /// Items `0..<itemPrefix` were evaluated.
  var itemPrefix = 0
  var allItems = false
  var itemIndices: Set<Int> = []

  mutating func merge(_ other: Annotations) {
    properties.formUnion(other.properties)
    allProperties = allProperties || other.allProperties
    itemPrefix = max(itemPrefix, other.itemPrefix)
    allItems = allItems || other.allItems
    itemIndices.formUnion(other.itemIndices)
  }
}

/// One step of an instance location.
enum InstanceStep {
  case key(String)
  case index(Int)
}

/// Walks the node tree for one instance.
///
/// In the fast mode (`collecting == false`) it stops at the first failure and never
/// builds a string. In the collecting mode it records every failed assertion, keeping
/// the instance and keyword paths as stacks so that locations are only joined into
/// strings when an error is produced.
struct Evaluator {
  let program: CompiledProgram
  let collecting: Bool
  let maxDepth: Int
  let tracksScope: Bool
  var errors: [SchemaValidationError] = []
  var instancePath: [InstanceStep] = []
  var keywordPath: [String] = []
  var scope: [Int] = []
  var depth = 0
  /// The first regular expression match that PCRE2 gave up on: the result is then
  /// undecided, whatever the keywords returned.
  var undecided: UndecidedValidation? = nil

  init(program: CompiledProgram, collecting: Bool, maxDepth: Int) {
    self.program = program
    self.collecting = collecting
    self.maxDepth = maxDepth
    self.tracksScope = program.tracksDynamicScope
  }

  // MARK: Errors and paths

  /// Records a failed assertion of `keyword` in `node` (collecting mode only).
  ///
  /// Inlined so that the fast mode does not build the message's closure: its context
  /// would copy (retain) the instance and the payloads it names at every failure.
  @inline(__always)
  mutating func fail(_ node: SchemaNode, _ keyword: String, _ message: @autoclosure () -> String) {
    guard collecting else { return }
    record(node, keyword, message())
  }

  /// Appends the error for ``fail(_:_:_:)``.
  @inline(never)
  mutating func record(_ node: SchemaNode, _ keyword: String, _ message: String) {
    var inst = ""
    for step in instancePath {
      switch step {
      case .key(let k): inst += "/" + JSONPointer.escape(k)
      case .index(let i): inst += "/" + String(i)
      }
    }
    var kw = ""
    for t in keywordPath { kw += "/" + JSONPointer.escape(t) }
    if !keyword.isEmpty { kw += "/" + JSONPointer.escape(keyword) }
    let absolute = node.absoluteLocation.map { keyword.isEmpty ? $0 : $0 + "/" + JSONPointer.escape(keyword) }
    errors.append(
      SchemaValidationError(
        instanceLocation: inst, keywordLocation: kw, absoluteKeywordLocation: absolute, message: message))
  }

  /// Records that `pattern` could not be matched against `subject` (the validation is
  /// undecided) and returns false, so that the fast mode stops.
  mutating func undecidedMatch(_ node: SchemaNode, _ keyword: String, _ pattern: CompiledPattern, _ subject: String)
    -> Bool
  {
    let reason = UndecidedValidation(pattern: pattern.source, reason: pattern.undecidedReason(subject))
    if undecided == nil { undecided = reason }
    fail(node, keyword, reason.description)
    return false
  }

  /// Validates `value` against a subschema reached through keyword tokens and
  /// (optionally) an instance step.
  ///
  /// The second token and the step are autoclosures: the fast mode never evaluates them,
  /// so it does not copy (retain and release) the member names they hold.
  @inline(__always)
  mutating func descend(
    _ target: NodeRef, _ value: JSONValue, _ k1: String, _ k2: @autoclosure () -> String? = nil,
    index k2Index: Int = -1, step: @autoclosure () -> InstanceStep? = nil, ann annotations: inout Annotations?
  ) -> Bool {
    guard collecting else { return validate(target, value, &annotations) }
    let (k2, step) = (k2(), step())
    keywordPath.append(k1)
    if let k2 { keywordPath.append(k2) } else if k2Index >= 0 { keywordPath.append(String(k2Index)) }
    if let step { instancePath.append(step) }
    let ok = validate(target, value, &annotations)
    keywordPath.removeLast()
    if k2 != nil || k2Index >= 0 { keywordPath.removeLast() }
    if step != nil { instancePath.removeLast() }
    return ok
  }

  /// `descend` without annotations (a different instance location).
  @inline(__always)
  mutating func descend(
    _ target: NodeRef, _ value: JSONValue, _ k1: String, _ k2: @autoclosure () -> String? = nil,
    index k2Index: Int = -1, step: @autoclosure () -> InstanceStep?
  ) -> Bool {
    var none: Annotations? = nil
    return descend(target, value, k1, k2(), index: k2Index, step: step(), ann: &none)
  }

  // MARK: Nodes

  /// Validates against a linked node without retaining it (the ``JSONSchema`` owns
  /// every node for as long as validation can run).
  ///
  /// A node with nothing to evaluate for the instance's kind is not visited: it can
  /// neither fail nor annotate (unless the visit would pass the depth limit).
  @inline(__always)
  mutating func validate(_ ref: NodeRef, _ instance: JSONValue, _ annotations: inout Annotations?) -> Bool {
    if depth < maxDepth && ref.acceptsWithoutEvaluating(instance) { return true }
    return ref.unmanaged._withUnsafeGuaranteedRef { node in validate(node, instance, &annotations) }
  }

  /// Validates `instance` against `node`, adding to `annotations` when asked.
  mutating func validate(_ node: SchemaNode, _ instance: JSONValue, _ annotations: inout Annotations?) -> Bool {
    if let c = node.constant {
      if !c { fail(node, "", "no value is allowed here (the schema is false)") }
      return c
    }
    depth += 1
    defer { depth -= 1 }
    if depth > maxDepth {
      let limit = maxDepth
      fail(node, "", "evaluation depth limit of \(limit) exceeded (a $ref cycle or a very deep instance)")
      return false
    }
    // A bare `$ref`: what its keyword would do, minus the keyword dispatch (the
    // collecting mode goes through the keyword, which names "$ref" in error paths).
    if let target = node.forward, !collecting { return validate(target, instance, &annotations) }
    var pushed = false
    if tracksScope && scope.last != node.resource {
      scope.append(node.resource)
      pushed = true
    }
    defer { if pushed { scope.removeLast() } }
    if node.hasUnevaluated {
      // `unevaluated*` sees only what this schema (and its in-place subschemas)
      // evaluated, not what siblings in the parent evaluated.
      var local: Annotations? = Annotations()
      let ok = validateKeywords(node, instance, &local)
      if ok, annotations != nil, let l = local { annotations!.merge(l) }
      return ok
    }
    return validateKeywords(node, instance, &annotations)
  }

  mutating func validateKeywords(_ node: SchemaNode, _ instance: JSONValue, _ ann: inout Annotations?) -> Bool {
    // Keywords are trivial values read from the node's buffer (no reference counting),
    // and only those for the instance's type. The instance's payload is taken out once
    // here, not once per keyword.
    let keywords = node.keywordsByKind[InstanceKind(instance)]
    var valid = true
    switch instance {
    case .object(let members):
      for i in 0..<keywords.count where !checkObject(keywords[i], node, instance, members, &ann) {
        valid = false
        if !collecting { return false }
      }
    case .array(let items):
      for i in 0..<keywords.count where !checkArray(keywords[i], node, instance, items, &ann) {
        valid = false
        if !collecting { return false }
      }
    case .string(let s):
      for i in 0..<keywords.count where !checkString(keywords[i], node, instance, s, &ann) {
        valid = false
        if !collecting { return false }
      }
    case .number(let n):
      for i in 0..<keywords.count where !checkNumber(keywords[i], node, instance, n, &ann) {
        valid = false
        if !collecting { return false }
      }
    case .null, .bool:
      for i in 0..<keywords.count where !check(keywords[i], node, instance, &ann) {
        valid = false
        if !collecting { return false }
      }
    }
    return valid
  }
}
