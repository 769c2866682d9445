import StraitJSON

/// One failed assertion, in the 2020-12 "basic" output shape.
///
/// Named `SchemaValidationError` (not `ValidationError`) so that it never collides with
/// swift-argument-parser's `ValidationError` in files that import both.
public struct SchemaValidationError: Sendable, Equatable, CustomStringConvertible {
  /// JSON Pointer to the failing part of the instance (`""` for the whole instance).
  public var instanceLocation: String
  /// The evaluation path from the root schema to the failing keyword, through `$ref`s
  /// (e.g. `/properties/a/$ref/minimum`).
  public var keywordLocation: String
  /// The failing keyword's absolute URI (`base#/pointer/keyword`) when the schema's base
  /// URI is known.
  public var absoluteKeywordLocation: String?
  /// A sentence a person understands, e.g. `3 is less than the minimum of 5`.
  public var message: String

  public init(
    instanceLocation: String, keywordLocation: String, absoluteKeywordLocation: String?,
    message: String
  ) {
    self.instanceLocation = instanceLocation
    self.keywordLocation = keywordLocation
    self.absoluteKeywordLocation = absoluteKeywordLocation
    self.message = message
  }

  /// `/a/0: 3 is less than the minimum of 5 (at /properties/a/items/minimum)`
  public var description: String {
    let at = instanceLocation.isEmpty ? "(root)" : instanceLocation
    return "\(at): \(message) (at \(keywordLocation.isEmpty ? "#" : keywordLocation))"
  }
}

/// The outcome of validating one instance.
public struct ValidationResult: Sendable {
  /// Whether the instance is valid (false when ``undecided``).
  public var isValid: Bool
  /// The failed assertions (empty when valid), in evaluation order.
  public var errors: [SchemaValidationError]
  /// Set when validation could not decide: the instance is then neither valid nor
  /// invalid, and ``errors`` includes this reason.
  public var undecided: UndecidedValidation?

  public init(isValid: Bool, errors: [SchemaValidationError], undecided: UndecidedValidation? = nil) {
    self.isValid = isValid
    self.errors = errors
    self.undecided = undecided
  }
}

/// Why validation could not decide whether an instance is valid: PCRE2 gave up on
/// matching a `pattern` or `patternProperties` regular expression (it hit its match
/// limit, a backtracking pattern on a long subject).
///
/// Strait does not take a failed match for a "no": an instance is then neither valid
/// nor invalid.
public struct UndecidedValidation: Error, Sendable, Equatable, CustomStringConvertible {
  /// The regular expression's ECMA-262 source.
  public var pattern: String
  /// PCRE2's reason, e.g. `matching error -47: match limit exceeded`.
  public var reason: String

  public init(pattern: String, reason: String) {
    self.pattern = pattern
    self.reason = reason
  }

  public var description: String {
    "could not decide whether the pattern \(JSONSerializer.serialize(.string(pattern))) matches: \(reason)"
  }
}
