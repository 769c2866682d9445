import StraitJSON

/// A compiled JSON Schema, ready to validate instances.
///
/// Compilation happens once, in the initialiser: the dialect is chosen, `$id`s and
/// anchors are indexed, `$ref`s are resolved (loading documents from the
/// ``SchemaRegistry``), patterns are compiled with libpcre2, and every keyword is
/// turned into a precompiled node. Validation then walks the node tree without
/// re-reading the schema JSON. A `JSONSchema` is immutable and safe to share across
/// threads.
///
/// ```swift
/// let schema = try JSONSchema(json: JSONParser.parse(#"{"type": "integer", "minimum": 3}"#))
/// schema.isValid(5)                      // true
/// schema.validate(1).errors[0].message   // "1 is less than the minimum of 3"
/// ```
public final class JSONSchema: @unchecked Sendable {
  /// Compilation options.
  public struct Options: Sendable {
    /// The dialect for schemas without a recognised `$schema` (nil: 2020-12).
    public var dialect: SchemaDialect?
    /// Whether `format` is an assertion (it is an annotation by default, as 2020-12 says).
    public var assertFormat: Bool
    /// Where `$ref`s to other documents are looked up.
    public var registry: SchemaRegistry
    /// The root schema's retrieval URI (used when it has no `$id`).
    public var baseURI: String?
    /// Maximum nesting of schema evaluation (instance depth plus `$ref` hops); beyond it
    /// validation fails with an error instead of exhausting the stack.
    public var maxEvaluationDepth: Int

    public init(
      dialect: SchemaDialect? = nil, assertFormat: Bool = false,
      registry: SchemaRegistry = SchemaRegistry(), baseURI: String? = nil,
      maxEvaluationDepth: Int = 1000
    ) {
      self.dialect = dialect
      self.assertFormat = assertFormat
      self.registry = registry
      self.baseURI = baseURI
      self.maxEvaluationDepth = maxEvaluationDepth
    }
  }

  /// The dialect of the root schema.
  public let dialect: SchemaDialect
  /// The root schema's base URI (its `$id` resolved, or ``Options/baseURI``), if any.
  public let baseURI: String?
  /// The schema JSON as given.
  public let json: JSONValue

  let root: SchemaNode
  let program: CompiledProgram
  let options: Options

  /// Compiles a schema.
  ///
  /// - Parameters:
  ///   - json: the schema (an object or a Boolean).
  ///   - options: dialect, format assertion, registry.
  /// - Throws: ``SchemaError`` naming the JSON Pointer of the first problem: a keyword
  ///   with a wrong value (`{"minLength": -1}`), an unresolvable `$ref`, a `$ref` cycle
  ///   that makes no progress, an invalid regular expression.
  /// - Complexity: O(size of the schema and of the documents it references).
  public init(json: JSONValue, options: Options = Options()) throws(SchemaError) {
    var compiler = SchemaCompiler(options: options)
    let (root, program) = try compiler.compileRoot(json)
    self.root = root
    self.program = program
    self.json = json
    self.options = options
    self.dialect = compiler.rootDialect
    self.baseURI = compiler.rootBase.isEmpty ? nil : compiler.rootBase
  }

  /// Parses and compiles a schema from JSON text.
  ///
  /// - Throws: ``SchemaError`` (at pointer `""`) when the text is not JSON, or as
  ///   ``init(json:options:)``.
  public convenience init(text: String, options: Options = Options()) throws(SchemaError) {
    let value: JSONValue
    do {
      value = try JSONParser.parse(text)
    } catch {
      throw SchemaError(pointer: "", message: "the schema is not valid JSON: \(error)")
    }
    try self.init(json: value, options: options)
  }

  /// Validates an instance and reports every failed assertion.
  ///
  /// - Returns: validity and the errors in the 2020-12 "basic" shape; when a regular
  ///   expression could not be matched (``UndecidedValidation``), `isValid` is false,
  ///   `undecided` says why, and the errors include the reason.
  /// - Complexity: O(instance size × schema applicators) in general.
  public func validate(_ instance: JSONValue) -> ValidationResult {
    var evaluator = Evaluator(program: program, collecting: true, maxDepth: options.maxEvaluationDepth)
    var annotations: Annotations? = nil
    let ok = evaluator.validate(root, instance, &annotations)
    guard let undecided = evaluator.undecided else {
      return ValidationResult(isValid: ok, errors: ok ? [] : evaluator.errors)
    }
    var errors = evaluator.errors
    if !errors.contains(where: { $0.message == undecided.description }) {
      // Dropped with the errors of a failed anyOf/oneOf branch or a `not`.
      errors.append(
        SchemaValidationError(
          instanceLocation: "", keywordLocation: "", absoluteKeywordLocation: nil, message: undecided.description))
    }
    return ValidationResult(isValid: false, errors: errors, undecided: undecided)
  }

  /// Whether an instance is valid (fast path: stops at the first failure, builds no
  /// error messages).
  ///
  /// - Returns: false also when validation could not decide (``UndecidedValidation``);
  ///   use ``check(_:)`` to tell the two apart.
  public func isValid(_ instance: JSONValue) -> Bool {
    var evaluator = Evaluator(program: program, collecting: false, maxDepth: options.maxEvaluationDepth)
    var annotations: Annotations? = nil
    return evaluator.validate(root, instance, &annotations) && evaluator.undecided == nil
  }

  /// Whether an instance is valid, as fast as ``isValid(_:)``.
  ///
  /// - Throws: ``UndecidedValidation`` when a regular expression could not be matched
  ///   (PCRE2 hit its match limit): the instance is then neither valid nor invalid.
  public func check(_ instance: JSONValue) throws(UndecidedValidation) -> Bool {
    var evaluator = Evaluator(program: program, collecting: false, maxDepth: options.maxEvaluationDepth)
    var annotations: Annotations? = nil
    let ok = evaluator.validate(root, instance, &annotations)
    if let undecided = evaluator.undecided { throw undecided }
    return ok
  }

  /// Resolves a `$ref` the way the validator does, for the schema compiler.
  ///
  /// - Parameters:
  ///   - ref: the reference text, e.g. `#/$defs/item` or `other.json#anchor`.
  ///   - baseURI: the base to resolve against (nil: the root schema's base).
  /// - Returns: the referenced schema JSON and its own base URI (against which its
  ///   `$ref`s resolve), or nil when it cannot be resolved.
  public func resolveReference(_ ref: String, from baseURI: String? = nil) -> (schema: JSONValue, baseURI: String)? {
    var compiler = SchemaCompiler(options: options)
    guard (try? compiler.compileRoot(json)) != nil else { return nil }
    return try? compiler.resolveToJSON(ref, base: baseURI ?? compiler.rootBase)
  }
}
