/// The `format` grammars, as ECMA-262 patterns matched against whole strings.
///
/// Each grammar accepts a subset of what StraitSchema's format checkers accept (the
/// validator is the oracle of the soundness tests); `exact` says whether it is all of it.
enum Formats {
  struct Grammar {
    /// Consecutive parts of the string: a full-match pattern and an optional limit on
    /// the part's length in characters (all these grammars are ASCII, so characters are
    /// bytes).
    var parts: [(pattern: String, maxLength: Int?)]
    /// Nil when exact; otherwise which valid strings are rejected.
    var approximation: String?

    init(pattern: String, approximation: String?, maxLength: Int? = nil) {
      parts = [(pattern, maxLength)]
      self.approximation = approximation
    }

    init(parts: [(pattern: String, maxLength: Int?)], approximation: String?) {
      self.parts = parts
      self.approximation = approximation
    }
  }

  static let digit = "[0-9]"
  static let hex = "[0-9A-Fa-f]"
  static let alnum = "[A-Za-z0-9]"

  static let fullDate: String = {
    let leap = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[048]|[2468][048]|[13579][26])00)"
    return "(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
      + "|02-(?:0[1-9]|1[0-9]|2[0-8]))|\(leap)-02-29)"
  }()

  static let fullTime =
    "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"

  static let ipv4Octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
  static let ipv4 = "(?:\(ipv4Octet)\\.){3}\(ipv4Octet)"

  /// RFC 4291 text forms: eight groups, `::` standing for at least one group, an
  /// optional embedded IPv4 address in the last 32 bits.
  static let ipv6: String = {
    let h = "\(hex){1,4}"
    func groups(_ n: Int) -> String {
      n == 0 ? "" : n == 1 ? h : "\(h)(?::\(h)){\(n - 1)}"
    }
    var alts = ["\(groups(8))", "\(groups(6)):\(ipv4)"]
    for a in 0...7 {
      for b in 0...(7 - a) {
        alts.append("\(groups(a))::\(groups(b))")
      }
    }
    for a in 0...5 {
      for b in 0...(5 - a) {
        alts.append("\(groups(a))::\(b == 0 ? "" : groups(b) + ":")\(ipv4)")
      }
    }
    return "(?:" + alts.joined(separator: "|") + ")"
  }()

  /// An RFC 1123 label of at most `maxLength` characters; with `aLabels`, no hyphens in
  /// positions 3 and 4 (those are A-labels, which must decode as Punycode: not accepted).
  static func label(aLabels: Bool, maxLength: Int) -> String {
    let m = "[A-Za-z0-9-]"
    if !aLabels { return "\(alnum)(?:\(m){0,\(maxLength - 2)}\(alnum))?" }
    return "\(alnum)(?:\(m){0,2}\(alnum)|\(m)(?:\(alnum)\(m)|-\(alnum))\(m){0,\(maxLength - 5)}\(alnum))?"
  }

  /// Host names of at most 253 characters, as a subset without a length count: one to
  /// three labels of up to 63 characters (at most 191), or four to twelve labels of up to
  /// 20 characters (at most 251).
  static func hostname(aLabels: Bool) -> String {
    let long = label(aLabels: aLabels, maxLength: 63)
    let short = label(aLabels: aLabels, maxLength: 20)
    return "(?:\(long)(?:\\.\(long)){0,2}|\(short)(?:\\.\(short)){3,11})"
  }

  static let unreserved = "A-Za-z0-9\\-._~"
  static let subDelims = "!$&'()*+,;="
  static let pct = "%\(hex){2}"

  /// URI / IRI grammar of the validator's checker (RFC 3986/3987 syntax).
  static func uri(iri: Bool, requireScheme: Bool) -> String {
    let ucs = iri ? "\\u00A0-\\u{10FFFF}" : ""
    func chars(_ extra: String) -> String { "(?:[\(unreserved)\(subDelims)\(extra)\(ucs)]|\(pct))" }
    let pathChar = chars(":@/")
    let pathNoSlash = chars(":@")
    let pathNoSlashColon = chars("@")
    let queryChar = chars(":@/?")
    let userinfo = "(?:\(chars(":"))*@)?"
    let ipFuture = "[vV]\(hex)+\\.(?:[\(unreserved)\(subDelims):]|\(pct))+"
    let host = "(?:\\[(?:\(ipv6)|\(ipFuture))\\](?::[0-9]*)?|\(chars(""))*(?::[0-9]*)?)"
    let authority = "\(userinfo)\(host)"
    let afterAuthority = "(?:/\(pathChar)*)?"
    let tail = "(?:\\?\(queryChar)*)?(?:#\(queryChar)*)?"
    let scheme = "[A-Za-z][A-Za-z0-9+.\\-]*"
    // After "scheme:", a path not starting with "//" (that would be an authority).
    let schemePath = "(?:\(pathNoSlash)\(pathChar)*|/(?:\(pathNoSlash)\(pathChar)*)?)?"
    let absolute = "\(scheme):(?://\(authority)\(afterAuthority)|\(schemePath))\(tail)"
    if requireScheme { return absolute }
    // Relative reference: no ':' before the first '/'.
    let relPath = "(?:\(pathNoSlashColon)+(?:/\(pathChar)*)?|/(?:\(pathNoSlash)\(pathChar)*)?)?"
    let relative = "(?://\(authority)\(afterAuthority)|\(relPath))\(tail)"
    return "(?:\(absolute)|\(relative))"
  }

  /// Local parts of at most 64 characters, as a subset without a length count: a
  /// dot-atom of one atom up to 64, two atoms up to 31 and 32, or three or four atoms up to
  /// 15; or a quoted string of up to 31 characters or escapes.
  static let emailLocal: String = {
    let a = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~]"
    let dotAtom = "(?:\(a){1,64}|\(a){1,31}\\.\(a){1,32}|\(a){1,15}(?:\\.\(a){1,15}){2,3})"
    let quoted = "\"(?:[\\u0020\\u0021\\u0023-\\u005B\\u005D-\\u007E\\t]|\\\\[\\u0000-\\u007F]){0,31}\""
    return "(?:\(dotAtom)|\(quoted))"
  }()

  /// Local part, `@`, domain (a host name or an address literal).
  static func email(hostnameALabels: Bool) -> [(pattern: String, maxLength: Int?)] {
    let domain = "(?:\(hostname(aLabels: hostnameALabels))|\\[(?:\(ipv4)|IPv6:\(ipv6))\\])"
    return [(emailLocal, nil), ("@", nil), (domain, nil)]
  }

  /// The grammar of `name`, or nil for formats the validator does not check.
  static func grammar(_ name: String, dialect: SchemaDialectName) -> Grammar? {
    let aLabels = dialect >= .draft7
    switch name {
    case "date": return Grammar(pattern: fullDate, approximation: nil)
    case "time":
      return Grammar(pattern: fullTime, approximation: "leap seconds (:60) are not accepted")
    case "date-time":
      return Grammar(
        pattern: "\(fullDate)[Tt]\(fullTime)", approximation: "leap seconds (:60) are not accepted")
    case "duration":
      let time = "T(?:[0-9]+H(?:[0-9]+M(?:[0-9]+S)?)?|[0-9]+M(?:[0-9]+S)?|[0-9]+S)"
      let date = "(?:[0-9]+Y(?:[0-9]+M(?:[0-9]+D)?)?|[0-9]+M(?:[0-9]+D)?|[0-9]+D)(?:\(time))?"
      return Grammar(pattern: "P(?:\(date)|\(time)|[0-9]+W)", approximation: nil)
    case "ipv4": return Grammar(pattern: ipv4, approximation: nil)
    case "ipv6": return Grammar(pattern: ipv6, approximation: nil)
    case "uuid":
      return Grammar(pattern: "\(hex){8}-\(hex){4}-\(hex){4}-\(hex){4}-\(hex){12}", approximation: nil)
    case "hostname":
      return Grammar(
        pattern: hostname(aLabels: aLabels),
        approximation: "A-labels (xn--...) and some long names (more than 3 labels with one over 20 characters) are not accepted")
    case "idn-hostname":
      return Grammar(
        pattern: hostname(aLabels: true),
        approximation: "only ASCII host names without A-labels (and not all long ones) are accepted")
    case "email":
      return Grammar(
        parts: email(hostnameALabels: true),
        approximation: "long local parts or domains with many long parts, A-labels and quoted local parts with non-ASCII are not accepted")
    case "idn-email":
      return Grammar(
        parts: email(hostnameALabels: true), approximation: "only ASCII addresses are accepted")
    case "uri": return Grammar(pattern: uri(iri: false, requireScheme: true), approximation: nil)
    case "uri-reference": return Grammar(pattern: uri(iri: false, requireScheme: false), approximation: nil)
    case "iri": return Grammar(pattern: uri(iri: true, requireScheme: true), approximation: nil)
    case "iri-reference": return Grammar(pattern: uri(iri: true, requireScheme: false), approximation: nil)
    case "json-pointer": return Grammar(pattern: "(?:/(?:[^~/]|~[01])*)*", approximation: nil)
    case "relative-json-pointer":
      return Grammar(pattern: "(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~[01])*)*)", approximation: nil)
    case "regex":
      return Grammar(
        pattern: Regex.pattern(depth: Regex.maxDepth), approximation: Regex.approximation)
    case "uri-template":
      return Grammar(
        pattern: "(?:[^\\u0000-\\u0020\\u007F\"'%<>\\\\^`{|}]|\(pct))*",
        approximation: "only templates without expressions are accepted")
    default: return nil
    }
  }
}
