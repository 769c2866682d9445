/// How a regex's language relates to whole inputs.
public enum RegexMatchMode: Sendable, Hashable {
  /// ECMA-262 / JSON Schema `pattern` semantics: the input matches when the regex matches
  /// somewhere in it (`^` and `$` pin the match to the input's ends).
  case search
  /// The whole input must match the regex (as if wrapped in `^(?:...)$`).
  case fullMatch
}
